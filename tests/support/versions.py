"""The version token a page would carry (collisions.versions), for tests that post as a page does."""

from enquiries.versions import ENQUIRY_VERSION


def seen(enquiry):
    """The token of an enquiry's page opened now: what every form on that page posts as collision_version."""
    return ENQUIRY_VERSION.issue(type(enquiry).objects.get(pk=enquiry.pk))
