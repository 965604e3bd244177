"""Page feedback, one function per action: `record` an answer, `add_reason` to a No, and the early-review
flag that a clinical page gets after FEEDBACK_REVIEW_THRESHOLD "No" answers in 30 days."""

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import Resolver404, resolve, reverse

from declarations import content as page_content
from ops.redaction import remove_contact_details
from outbox.services import queue_email
from pagecache.cache import is_public_page
from pages.models import clinic_and_sender
from signoff.models import ClinicalPage
from signoff.selectors import reviewers

from .models import EarlyReviewNotice, Feedback

logger = logging.getLogger(__name__)


class NotAPage(ValueError):
    """Feedback about an address that is not a page patients can read."""


def page_at(path):
    """(the clinical page's record or None) for a public page's address; NotAPage for anything else."""
    try:
        match = resolve(path)
    except Resolver404:
        raise NotAPage(path) from None
    if not is_public_page(match.func):
        raise NotAPage(path)
    kind = next((kind for kind in page_content.kinds() if kind.url_name == match.view_name), None)
    if kind is None or not kind.clinical:
        return None
    if kind.root_model is None:
        return ClinicalPage.objects.filter(key=kind.key()).select_related("live").first()
    page = ClinicalPage.objects.live().filter(kind=kind.kind, slug=match.kwargs.get("slug")).first()
    if page is None:
        raise NotAPage(path)  # no such page on the site
    return page


def record(*, page, helpful, reason="", comment="", site_url=""):
    """Keep one answer, without contact details; a No may flag its clinical page for early review."""
    page_record = page_at(page)
    with transaction.atomic():
        feedback = Feedback.objects.create(
            page=page,
            page_record=page_record,
            helpful=helpful,
            reason=reason,
            comment=remove_contact_details(comment),
        )
        if not helpful and page_record is not None:
            flag_for_early_review(page_record, site_url=site_url)
    logger.info("event=feedback page=%s helpful=%s", page, helpful)
    return feedback


def add_reason(feedback_id, *, reason, comment):
    """The optional reason after a No. False when that answer has one already, or is not a No."""
    feedback = Feedback.objects.filter(pk=feedback_id).first()
    return bool(feedback) and feedback.add_reason(reason, remove_contact_details(comment))


def flagged_pages():
    """Clinical pages with FEEDBACK_REVIEW_THRESHOLD or more "No" answers counted for review, most first,
    each with `no_answers`."""
    counts = (
        Feedback.objects.counted_for_review()
        .values("page_record")
        .annotate(no_answers=Count("pk"))
        .filter(no_answers__gte=settings.FEEDBACK_REVIEW_THRESHOLD)
    )
    by_page = {row["page_record"]: row["no_answers"] for row in counts}
    pages = list(ClinicalPage.objects.live().filter(pk__in=by_page))
    for page in pages:
        page.no_answers = by_page[page.pk]
    return sorted(pages, key=lambda page: (-page.no_answers, page.title))


def flag_for_early_review(page, *, site_url=""):
    """Tell the clinical reviewers, once for the version patients see, when the page reaches the threshold."""
    if page.live_id is None:
        return False
    no_answers = Feedback.objects.counted_for_review().filter(page_record=page).count()
    if no_answers < settings.FEEDBACK_REVIEW_THRESHOLD:
        return False
    try:
        with transaction.atomic():
            EarlyReviewNotice.objects.create(page_record=page, approval_id=page.live_id, no_answers=no_answers)
    except IntegrityError:
        return False  # told already
    _tell_reviewers(page, no_answers, site_url)
    logger.info("event=feedback_early_review page=%s no_answers=%s", page.key, no_answers)
    return True


def _tell_reviewers(page, no_answers, site_url):
    """One mail to each reviewer: a link to the feedback and to the page, nothing a patient wrote."""
    _, sender = clinic_and_sender()
    feedback_link = urljoin(
        site_url, reverse("admin:feedback_feedback_changelist") + f"?page_record__id__exact={page.pk}"
    )
    record_link = urljoin(site_url, reverse("admin:signoff_clinicalpage_change", args=[page.pk]))
    body = (
        f'Patients answered No to "Was this page helpful?" {no_answers} times in the last 30 days on:\n\n'
        f"{page.title}\n{urljoin(site_url, page.get_absolute_url() or '/')}\n\n"
        f"What they said: {feedback_link}\nThe page's sign-off record: {record_link}\n\n"
        "Please review the page early. Approving it again, changed or not, starts a new count.\n"
    )
    for address in reviewers():
        message = EmailMessage("A page is flagged for early review", body, from_email=sender, to=[address])
        queue_email(message, regarding=page, kind="feedback_early_review")
