"""Enquiry workflows that span models or send mail: submitting and notifying, replying, the digest,
the privacy-notice version, and a person's data-rights requests (find, export, erase).

All mail goes through the outbox (`outbox.services.queue_email`), in the same transaction as the
record it is about: no request waits for the mail server, and nothing is lost when it is down.
"""

import hashlib
import json
import logging
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.services import mails_regarding, queue_email, send_again
from pages.models import PageText, clinic_and_sender
from roles.definitions import HANDLERS

from .models import Enquiry, EnquiryAccess, EnquiryReply, ErasureRecord

logger = logging.getLogger(__name__)

# The mail this app queues, by kind, in a handler's words.
MAIL_KINDS = {
    "enquiry_notification": "Notice to the clinic",
    "enquiry_acknowledgement": "Acknowledgement to the patient",
    "enquiry_reply": "Reply to the patient",
    "enquiry_digest": "Handlers' digest",
}


class RefusedError(Exception):
    """An action a handler asked for that cannot be done; the message says why, for them to read."""


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
    """Store a valid enquiry form's data and, in the same transaction, queue the mail to the clinic
    and to the patient (the outbox's worker sends them).

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
        )
        if spam:
            enquiry.mark_spam(by=None)
        else:
            enquiry_notify(enquiry, site_url=site_url)
    logger.info("event=enquiry_received enquiry_id=%s status=%s", enquiry.pk, enquiry.status)
    return enquiry


def enquiry_notify(enquiry, *, site_url):
    """Queue the clinic's notice (no health details: only a link to the admin) and the patient's
    acknowledgement, both regarding `enquiry`."""
    clinic, sender = clinic_and_sender()
    clinic_email = clinic.email if clinic else None
    context = {
        "clinic": clinic,
        "admin_url": urljoin(site_url, reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])),
        "by_phone": enquiry.preferred_contact == Enquiry.PreferredContact.PHONE,
    }
    queue_email(
        EmailMessage(
            subject="New enquiry on the website",
            body=render_to_string("enquiries/email/clinic_notification.txt", context),
            from_email=sender,
            to=[settings.CLINIC_NOTIFY_EMAIL or clinic_email or sender],
        ),
        regarding=enquiry,
        kind="enquiry_notification",
    )
    queue_email(
        EmailMessage(
            subject=f"We have your message: {clinic.name}" if clinic else "We have your message",
            body=render_to_string("enquiries/email/patient_acknowledgement.txt", context),
            from_email=sender,
            to=[enquiry.email],
            reply_to=[clinic_email] if clinic_email else None,
            headers={"Auto-Submitted": "auto-generated"},
        ),
        regarding=enquiry,
        kind="enquiry_acknowledgement",
    )


# --- Replies ------------------------------------------------------------------------------


def reply_message(enquiry, body):
    """The email a reply becomes, exactly as the patient will get it (the preview shows this)."""
    clinic, sender = clinic_and_sender()
    clinic_email = clinic.email if clinic else None
    return EmailMessage(
        subject=f"Your question to {clinic.name}" if clinic else "Your question to the clinic",
        body=body,
        from_email=sender,
        to=[enquiry.email],
        reply_to=[clinic_email] if clinic_email else None,
    )


def _check_can_answer(enquiry, text, *, empty_message):
    if enquiry.status == Enquiry.Status.SPAM:
        raise RefusedError(
            "This enquiry is marked as spam, so it cannot be answered. If it is a real question, "
            "change its status to “In progress” first, then answer it."
        )
    if not text.strip():
        raise RefusedError(empty_message)


def reply_send(enquiry, body, *, by):
    """Store the reply, queue its email (sent by the worker once this commits), and mark the
    enquiry answered by `by`. RefusedError for an empty reply or an enquiry marked spam."""
    _check_can_answer(enquiry, body, empty_message="Write your reply before sending it: the reply box is empty.")
    with transaction.atomic():
        reply = enquiry.replies.create(body=body.strip(), author=by, author_name=by.get_username())
        queue_email(reply_message(enquiry, reply.body), regarding=reply, kind="enquiry_reply")
        EnquiryAccess.record([enquiry], by, EnquiryAccess.Action.REPLIED, detail=f"reply {reply.pk}")
        enquiry.mark_answered(by=by)
    logger.info("event=enquiry_replied enquiry_id=%s reply_id=%s", enquiry.pk, reply.pk)
    return reply


def reply_send_again(reply, *, by):
    """Queue a reply whose email failed once more. RefusedError if it had not failed."""
    mail = reply.mail()
    if mail is None or mail.status != OutgoingEmail.Status.FAILED or not send_again(mail):
        raise RefusedError("Only a reply whose email failed can be sent again; this one has not failed.")
    EnquiryAccess.record([reply.enquiry], by, EnquiryAccess.Action.RESENT, detail=f"reply {reply.pk}")
    logger.info("event=enquiry_reply_resent enquiry_id=%s reply_id=%s", reply.enquiry_id, reply.pk)


def answer_by_phone(enquiry, note, *, by):
    """Record that the patient was answered by phone, with a short note of the call; no email."""
    _check_can_answer(enquiry, note, empty_message="Write a short note of the call: what you told the patient.")
    with transaction.atomic():
        reply = enquiry.replies.create(
            channel=EnquiryReply.Channel.PHONE, body=note.strip(), author=by, author_name=by.get_username()
        )
        EnquiryAccess.record([enquiry], by, EnquiryAccess.Action.PHONED, detail=f"reply {reply.pk}")
        enquiry.mark_answered(by=by)
    logger.info("event=enquiry_phoned enquiry_id=%s reply_id=%s", enquiry.pk, reply.pk)
    return reply


# --- The handlers' digest -------------------------------------------------------------------


def digest_summary(now=None):
    """Counts by status and the overdue enquiries (ids and how late): nothing a patient wrote."""
    now = now or timezone.now()
    counts = dict(Enquiry.objects.values_list("status").annotate(n=Count("pk")).order_by())
    overdue = list(Enquiry.objects.overdue(now).order_by("received_at").only("pk", "received_at", "status"))
    return {
        "counts": [(label, counts.get(value, 0)) for value, label in Enquiry.Status.choices],
        "overdue": [(enquiry.pk, enquiry.response_label(now)) for enquiry in overdue],
        "response_hours": settings.ENQUIRY_RESPONSE_HOURS,
    }


def digest_send(*, site_url, now=None):
    """Queue one digest mail to each active handler with an email address; returns how many."""
    clinic, sender = clinic_and_sender()
    summary = digest_summary(now)
    admin_url = urljoin(site_url, reverse("admin:enquiries_enquiry_changelist"))
    overdue = [
        (pk, label, urljoin(site_url, reverse("admin:enquiries_enquiry_change", args=[pk])))
        for pk, label in summary["overdue"]
    ]
    body = render_to_string(
        "enquiries/email/digest.txt", {**summary, "overdue": overdue, "admin_url": admin_url, "clinic": clinic}
    )
    handlers = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=HANDLERS)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    subject = f"Enquiries today: {len(overdue)} overdue"
    with transaction.atomic():
        for handler in handlers:
            queue_email(
                EmailMessage(subject=subject, body=body, from_email=sender, to=[handler.email]), kind="enquiry_digest"
            )
    count = len(handlers)
    logger.info("event=enquiry_digest_queued recipients=%s overdue=%s", count, len(overdue))
    return count


# --- Data rights: everything held about one person --------------------------------------------


def subject_enquiries(email):
    """The person's enquiries (matched on the address, whatever its case) with all that hangs off them."""
    return (
        Enquiry.objects.for_email(email)
        .select_related("treatment", "assigned_to", "answered_by")
        .prefetch_related(
            "notes",
            "accesses",
            Prefetch("replies", queryset=EnquiryReply.objects.prefetch_related("mails")),
            "mails",
        )
        .order_by("received_at", "pk")
    )


def _mails_of(enquiries):
    return [
        mail
        for enquiry in enquiries
        for mail in [*enquiry.mails.all(), *(m for r in enquiry.replies.all() for m in r.mails.all())]
    ]


def subject_summary(email):
    """What is held for `email`: counts, and each enquiry's id, status and dates."""
    enquiries = list(subject_enquiries(email))
    replies = [reply for enquiry in enquiries for reply in enquiry.replies.all()]
    return {
        "email": email,
        "enquiries": enquiries,
        "counts": {
            "enquiries": len(enquiries),
            "replies": len(replies),
            "notes": sum(len(enquiry.notes.all()) for enquiry in enquiries),
            "access records": sum(len(enquiry.accesses.all()) for enquiry in enquiries),
            "emails": len(_mails_of(enquiries)),
        },
        "first": enquiries[0].received_at if enquiries else None,
        "last": enquiries[-1].received_at if enquiries else None,
    }


def _time(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _user(user):
    return user.get_username() if user else None


def _mail_data(mail):
    return {
        "kind": mail.kind,
        "to": mail.to,
        "subject": mail.subject,
        "body": mail.body,
        "status": mail.get_status_display(),
        "attempts": mail.attempts,
        "queued_at": _time(mail.created_at),
        "sent_at": _time(mail.sent_at),
    }


def enquiry_data(enquiry):
    """One enquiry as a JSON-ready dict, with its replies, notes, access records and emails."""
    return {
        "id": enquiry.pk,
        "received_at": _time(enquiry.received_at),
        "name": enquiry.name,
        "email": enquiry.email,
        "phone": enquiry.phone,
        "treatment": enquiry.area_name(),
        "message": enquiry.message,
        "preferred_contact": enquiry.get_preferred_contact_display(),
        "consent_given_at": _time(enquiry.consent_given_at),
        "privacy_notice_version": enquiry.privacy_version,
        "status": enquiry.get_status_display(),
        "assigned_to": _user(enquiry.assigned_to),
        "answered_at": _time(enquiry.answered_at),
        "answered_by": _user(enquiry.answered_by),
        "closed_at": _time(enquiry.closed_at),
        "replies": [
            {
                "at": _time(reply.created_at),
                "by": reply.author_name,
                "channel": reply.get_channel_display(),
                "text": reply.body,
                "email": _mail_data(reply.mail()) if reply.mail() else None,
            }
            for reply in enquiry.replies.all()
        ],
        "staff_notes": [
            {"at": _time(note.created_at), "by": note.author_name, "text": note.text} for note in enquiry.notes.all()
        ],
        "access_log": [
            {
                "at": _time(access.accessed_at),
                "by": access.username,
                "action": access.get_action_display(),
                "detail": access.detail,
            }
            for access in sorted(enquiry.accesses.all(), key=lambda access: (access.accessed_at, access.pk))
        ],
        "emails": [_mail_data(mail) for mail in enquiry.mails.all()],
    }


def subject_export(email, *, by=None):
    """Everything held for `email` as a JSON-ready dict (UTF-8 when written): one object per enquiry.

    None when nothing is held. `by`, a staff user, is recorded in each enquiry's access log.
    """
    enquiries = list(subject_enquiries(email))
    if not enquiries:
        return None
    data = {
        "email": email,
        "exported_at": _time(timezone.now()),
        "enquiries": [enquiry_data(enquiry) for enquiry in enquiries],
    }
    if by is not None:
        EnquiryAccess.record(enquiries, by, EnquiryAccess.Action.DATA_EXPORT)
    logger.info("event=subject_data_exported enquiries=%s", len(enquiries))
    return data


def subject_export_json(data):
    return json.dumps(data, ensure_ascii=False, indent=2)


def subject_erase(email, *, reason, by_name):
    """Delete everything held for `email` in one transaction; keep an ErasureRecord (when, who, why,
    how many) with nothing about the person. RefusedError without a reason, or with the address in it."""
    reason = reason.strip()
    if not reason:
        raise RefusedError("Give the reason for the erasure (for example “patient asked by email on 3 March”).")
    if email.strip().lower() in reason.lower():
        raise RefusedError("Leave the person's address out of the reason: the erasure record must not identify them.")
    with transaction.atomic():
        summary = subject_summary(email)
        enquiries = summary["enquiries"]
        replies = [reply for enquiry in enquiries for reply in enquiry.replies.all()]
        counts = summary["counts"]
        if enquiries:
            # Mail first: the GenericRelations delete it too, but by hand it is certain and counted.
            mails_regarding(*enquiries, *replies).delete()
            Enquiry.objects.filter(pk__in=[enquiry.pk for enquiry in enquiries]).delete()
        record = ErasureRecord.objects.create(
            erased_by=by_name,
            reason=reason,
            enquiries=counts["enquiries"],
            replies=counts["replies"],
            notes=counts["notes"],
            accesses=counts["access records"],
            emails=counts["emails"],
        )
    logger.info(
        "event=subject_data_erased erasure_id=%s enquiries=%s records=%s",
        record.pk,
        record.enquiries,
        record.total(),
    )
    return record
