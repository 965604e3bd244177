"""Data-rights requests (UK GDPR Art. 15 and 17): everything held about one email address, found,
exported as JSON, or erased with an anonymous record of the erasure."""

import json
import logging

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from outbox.services import mails_regarding

from .models import Enquiry, EnquiryAccess, EnquiryReply, ErasureRecord
from .services import RefusedError

logger = logging.getLogger(__name__)


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


SINGULAR = {"enquiries": "enquiry", "replies": "reply", "notes": "note", "access records": "access record",
            "emails": "email"}  # fmt: skip


def subject_summary(email):
    """What is held for `email`: counts (and as lines: "1 reply", "2 notes"), and each enquiry's id,
    status and dates."""
    enquiries = list(subject_enquiries(email))
    replies = [reply for enquiry in enquiries for reply in enquiry.replies.all()]
    counts = {
        "enquiries": len(enquiries),
        "replies": len(replies),
        "notes": sum(len(enquiry.notes.all()) for enquiry in enquiries),
        "access records": sum(len(enquiry.accesses.all()) for enquiry in enquiries),
        "emails": len(_mails_of(enquiries)),
    }
    return {
        "email": email,
        "enquiries": enquiries,
        "counts": counts,
        "lines": [f"{count} {SINGULAR[name] if count == 1 else name}" for name, count in counts.items()],
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
