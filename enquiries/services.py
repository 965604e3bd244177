"""Enquiry workflows that span models or send mail: submitting, notifying, the privacy-notice version."""

import hashlib
import json
import logging
from functools import partial
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pages.models import ClinicDetails, PageText

from .models import Enquiry

logger = logging.getLogger(__name__)


def privacy_notice_version():
    """The version of /privacy/ a patient agrees to, as "YYYY-MM-DD-<8 hex digits>".

    The date is the day the privacy page's text blocks last changed, so staff can match an
    enquiry to the notice of that day; the hash covers every block's key, title and body and
    the retention period the page states, so any change to what the patient read gives a new
    version, even two changes on one day. "none" while the page has no text.
    """
    blocks = PageText.objects.filter(page=PageText.Page.PRIVACY).order_by("order", "pk")
    rows = list(blocks.values_list("key", "title", "body", "updated_at"))
    if not rows:
        return "none"
    digest = hashlib.sha256()
    for key, title, body, _updated_at in rows:
        digest.update(json.dumps([key, title, body]).encode())
    digest.update(f"retention_days={settings.ENQUIRY_RETENTION_DAYS}".encode())
    latest = max(updated_at for *_, updated_at in rows)
    return f"{timezone.localdate(latest):%Y-%m-%d}-{digest.hexdigest()[:8]}"


def enquiry_submit(data, *, site_url):
    """Store a valid enquiry form's data; once it is committed, tell the clinic and thank the patient.

    `data` is `EnquiryForm.cleaned_data`. A submission that filled the honeypot is kept as spam
    (a person whose browser autofilled it can still be found by staff) and sends no mail.
    `site_url` is the site's absolute root URL (from the request), for the link to the admin.
    """
    spam = data.get("spam", False)
    version = privacy_notice_version()  # read before the write lock is taken
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            name=data["name"],
            email=data["email"],
            phone=data.get("phone", ""),
            treatment=data.get("treatment"),
            message=data["message"],
            preferred_contact=data["preferred_contact"],
            consent_given_at=timezone.now(),
            privacy_version=version,
            status=Enquiry.Status.SPAM if spam else Enquiry.Status.NEW,
        )
        if not spam:
            transaction.on_commit(partial(enquiry_notify, enquiry, site_url=site_url), robust=True)
    logger.info("event=enquiry_received enquiry_id=%s status=%s", enquiry.pk, enquiry.status)
    return enquiry


def enquiry_notify(enquiry, *, site_url):
    """Email the clinic (no health details: only a link to the admin) and acknowledge the patient.

    Each email is sent on its own: a mail failure is logged, by enquiry id only, and never
    reaches the patient, whose enquiry is already stored.
    """
    clinic = ClinicDetails.load()
    clinic_email = clinic.email if clinic else None
    sender = settings.DEFAULT_FROM_EMAIL or clinic_email
    if not sender:
        logger.error("event=enquiry_mail_failed enquiry_id=%s kind=all error=NoSenderAddress", enquiry.pk)
        return
    context = {
        "clinic": clinic,
        "admin_url": urljoin(site_url, reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])),
        "by_phone": enquiry.preferred_contact == Enquiry.PreferredContact.PHONE,
    }
    _send(
        "clinic",
        enquiry,
        EmailMessage(
            subject="New enquiry on the website",
            body=render_to_string("enquiries/email/clinic_notification.txt", context),
            from_email=sender,
            to=[settings.CLINIC_NOTIFY_EMAIL or clinic_email or sender],
        ),
    )
    _send(
        "patient",
        enquiry,
        EmailMessage(
            subject=f"We have your message: {clinic.name}" if clinic else "We have your message",
            body=render_to_string("enquiries/email/patient_acknowledgement.txt", context),
            from_email=sender,
            to=[enquiry.email],
            reply_to=[clinic_email] if clinic_email else None,
            headers={"Auto-Submitted": "auto-generated"},
        ),
    )


def _send(kind, enquiry, message):
    try:
        message.send()
    except Exception as exc:  # any failure of the mail server: the enquiry is safe, so log and go on
        # The exception's text can hold addresses, so only its type is logged.
        logger.error("event=enquiry_mail_failed enquiry_id=%s kind=%s error=%s", enquiry.pk, kind, type(exc).__name__)
    else:
        logger.info("event=enquiry_mail_sent enquiry_id=%s kind=%s", enquiry.pk, kind)
