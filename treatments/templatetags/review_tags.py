"""Admin template tags for the review cycle."""

from django import template

from treatments.review import pages_due_for_review as due_pages

register = template.Library()


@register.simple_tag
def pages_due_for_review():
    """Published pages overdue for a clinician's review or due within 30 days."""
    return due_pages()
