"""The version token a page would carry (collisions.versions), for tests that post as a page does."""

from enquiries.versions import ENQUIRY_VERSION


def seen(enquiry):
    """The token of an enquiry's page opened now: what every form on that page posts as collision_version."""
    return ENQUIRY_VERSION.issue(type(enquiry).objects.get(pk=enquiry.pk))


class _Editor:
    """A stand-in for an editor with every permission: the change form shows them every field and inline."""

    is_active = is_staff = is_superuser = True
    pk = None

    def has_perm(self, perm, obj=None):
        return True

    def has_module_perms(self, app_label):
        return True


def admin_seen(obj):
    """The token of `obj`'s admin change form opened now (clinical content: CollisionGuardMixin)."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = _Editor()
    model_admin = admin.site._registry.get(type(obj))
    if obj.pk is None or not hasattr(model_admin, "get_collision_tracker"):
        return ""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return model_admin.get_collision_tracker(request, fresh).issue(fresh)
