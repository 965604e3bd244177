"""The handlers' digest (`manage.py enquiry_digest`): counts by status, the overdue enquiries and those
whose reply failed, as links. Nothing a patient wrote."""

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from outbox.services import queue_email
from pages.models import clinic_and_sender
from roles.definitions import HANDLERS

from .models import Enquiry
from .search import reference_of

logger = logging.getLogger(__name__)


def digest_summary(now=None):
    """Counts by status, the overdue enquiries (ids and how late) and those whose reply failed (ids)."""
    now = now or timezone.now()
    counts = dict(Enquiry.objects.values_list("status").annotate(n=Count("pk")).order_by())
    overdue = list(Enquiry.objects.overdue(now).order_by("received_at").only("pk", "received_at", "status"))
    failed = list(Enquiry.objects.reply_failed().order_by("received_at").values_list("pk", flat=True))
    return {
        "counts": [(label, counts.get(value, 0)) for value, label in Enquiry.Status.choices],
        "overdue": [(enquiry.pk, enquiry.response_label(now)) for enquiry in overdue],
        "failed": failed,
        "response_hours": settings.ENQUIRY_RESPONSE_HOURS,
    }


def _plural(count, one, many):
    return f"{count} {one if count == 1 else many}"


def digest_send(*, site_url, now=None):
    """Queue one digest mail to each active handler with an email address; returns how many."""
    clinic, sender = clinic_and_sender()
    summary = digest_summary(now)

    def link(pk):
        return urljoin(site_url, reverse("admin:enquiries_enquiry_change", args=[pk]))

    context = {
        **summary,
        "overdue": [(reference_of(pk), label, link(pk)) for pk, label in summary["overdue"]],
        "failed": [(reference_of(pk), link(pk)) for pk in summary["failed"]],
        "admin_url": urljoin(site_url, reverse("admin:enquiries_enquiry_changelist")),
        "failed_url": urljoin(site_url, reverse("admin:enquiries_enquiry_changelist") + "?delivery=failed"),
        "clinic": clinic,
    }
    body = render_to_string("enquiries/email/digest.txt", context)
    handlers = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=HANDLERS)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    subject = f"Enquiries today: {len(context['overdue'])} overdue"
    if context["failed"]:
        subject += f", {_plural(len(context['failed']), 'reply', 'replies')} failed"
    with transaction.atomic():
        for handler in handlers:
            queue_email(
                EmailMessage(subject=subject, body=body, from_email=sender, to=[handler.email]), kind="enquiry_digest"
            )
    count = len(handlers)
    logger.info("event=enquiry_digest_queued recipients=%s overdue=%s failed=%s", count, len(context["overdue"]),
                len(context["failed"]))  # fmt: skip
    return count
