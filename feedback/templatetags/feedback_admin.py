"""Admin home: the clinical pages patients flagged for early review, beside the reviews that are due."""

from django import template

from feedback.services import flagged_pages

register = template.Library()


@register.simple_tag
def pages_flagged_by_patients():
    return flagged_pages()
