"""The review cycle: which patient pages a clinician must check, and signing a page off."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone

from pages.models import PageText

from .models import ReviewStatus, TreatmentArea


@dataclass
class DuePage:
    """One page in the admin's "due for review" panel."""

    name: str
    status: str
    next_review_due: date | None
    admin_url: str
    public_url: str

    @property
    def status_label(self):
        return ReviewStatus(self.status).label


def pages_due_for_review(today=None):
    """Published areas and reviewed pages that are overdue or due soon, most urgent first."""
    today = today or timezone.localdate()
    pages = [
        DuePage(
            area.name,
            area.review_status(today),
            area.next_review_due,
            reverse("admin:treatments_treatmentarea_change", args=[area.pk]),
            area.get_absolute_url(),
        )
        for area in TreatmentArea.objects.published().review_due(today)
    ]
    pages += [
        DuePage(
            f"{block.get_page_display()} page",
            block.review_status(today),
            block.next_review_due,
            reverse("admin:pages_pagetext_change", args=[block.pk]),
            block.get_absolute_url(),
        )
        for block in PageText.objects.page_reviews().review_due(today)
    ]
    return sorted(pages, key=lambda page: (page.next_review_due or date.min, page.name))


def reviewer_name(user):
    return user.get_full_name().strip() or user.get_username()


def last_role_of(name):
    """The job title this person gave at their latest review of any page, or ""."""
    latest = [
        model.objects.filter(reviewer_name=name).exclude(reviewer_role="").order_by("-last_reviewed").first()
        for model in (TreatmentArea, PageText)
    ]
    latest = [page for page in latest if page and page.last_reviewed]
    return max(latest, key=lambda page: page.last_reviewed).reviewer_role if latest else ""


def mark_reviewed(page, user, *, role, role_edited, today=None):
    """Sign `page` off as reviewed today by `user`; the caller saves it.

    The role is the job title patients read beside the name. A role the editor typed in
    this save wins. Otherwise the same reviewer keeps theirs; a different reviewer gets
    the role they gave at their last review elsewhere, or none, rather than the previous
    reviewer's title. Returns a message for the editor when the role needs their attention.
    """
    name = reviewer_name(user)
    if not role_edited and name != page.reviewer_name:
        role = last_role_of(name)
    page.mark_reviewed(name, role, today)
    if not role:
        return f'Reviewed by {name}. Add your job title under "reviewer role": patients see it beside your name.'
    return None
