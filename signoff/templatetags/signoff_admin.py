"""Admin home panels: the reviewers' queue and the pages due for their yearly review."""

from django import template
from django.utils import timezone

from signoff.models import ClinicalPage

register = template.Library()


@register.simple_tag
def waiting_for_signoff():
    """Pages submitted for clinical review, oldest first."""
    return list(ClinicalPage.objects.waiting().select_related("submitted_by").order_by("submitted_at"))


@register.simple_tag
def pages_due_for_review():
    """Live pages whose review is overdue or due within 30 days, most urgent first, with `overdue` set."""
    today = timezone.localdate()
    pages = list(ClinicalPage.objects.review_due(today).order_by("live__next_review_due", "title"))
    for page in pages:
        page.overdue = page.live.next_review_due < today
    return pages
