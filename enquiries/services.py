"""Enquiry workflows, one function per action: submitting and notifying, the privacy-notice version,
and each write a handler makes from an enquiry's page (reply, phone answer, note, status and
assignee, reopen). The digest is in `digest.py`, data-rights requests in `data_rights.py`, the
mails themselves in `mails.py`.

All mail goes through the outbox (`outbox.services.queue_email`), in the same transaction as the
record it is about: no request waits for the mail server, and nothing is lost when it is down.
"""

import hashlib
import json
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from editorial import claims
from outbox.models import OutgoingEmail
from outbox.services import queue_email, send_again
from pages.models import PageText

from . import mails
from .models import Enquiry, EnquiryAccess, EnquiryReply
from .versions import ENQUIRY_VERSION

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


class WordingToCheck(Exception):
    """A reply the claims checker flags: not sent until the handler has looked at `findings` again."""

    def __init__(self, findings):
        super().__init__("The reply has wording to check.")
        self.findings = findings


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
    queue_email(mails.clinic_notice(enquiry, site_url=site_url), regarding=enquiry, kind="enquiry_notification")
    queue_email(mails.acknowledgement(enquiry), regarding=enquiry, kind="enquiry_acknowledgement")


# --- The handlers' writes: each checked against the version of the enquiry their page showed ------
# `seen` is that version (the token of collisions.versions, from the page's form); a change made by
# someone else since raises collisions.versions.StaleVersion and writes nothing. None: no page is
# involved (a command); the write still waits its turn behind any other on the same enquiry.


def _check_can_answer(enquiry, text, *, empty_message):
    if enquiry.status == Enquiry.Status.SPAM:
        raise RefusedError(
            "This enquiry is marked as spam, so it cannot be answered. If it is a real question, "
            "change its status to “In progress” first, then answer it."
        )
    if enquiry.status == Enquiry.Status.CLOSED:
        raise RefusedError("This enquiry is closed, so it takes no reply. Reopen it first, then answer it.")
    if not text.strip():
        raise RefusedError(empty_message)


def wording_to_check(text):
    """The claims checker's findings on a reply: the same rules, and the same words, editors get."""
    return claims.check_plain_text(text)


def reply_send(enquiry, body, *, by, seen=None, wording_checked=False):
    """Store the reply, queue its email (sent by the worker once this commits), and mark the enquiry
    answered by `by` (assigned to them if it was nobody's).

    RefusedError for an empty reply, or an enquiry closed or marked spam; WordingToCheck when the claims
    checker flags the text and `wording_checked` is not set; StaleVersion (see above).
    """
    with ENQUIRY_VERSION.guard(enquiry, seen, by=by) as enquiry:
        _check_can_answer(enquiry, body, empty_message="Write your reply before sending it: the reply box is empty.")
        findings = [] if wording_checked else wording_to_check(body)
        if findings:
            raise WordingToCheck(findings)
        reply = enquiry.replies.create(body=body.strip(), author=by, author_name=by.get_username())
        queue_email(mails.reply_message(enquiry, reply.body), regarding=reply, kind="enquiry_reply")
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


def answer_by_phone(enquiry, note, *, by, seen=None):
    """Record that the patient was answered by phone, with a short note of the call; no email."""
    with ENQUIRY_VERSION.guard(enquiry, seen, by=by) as enquiry:
        _check_can_answer(enquiry, note, empty_message="Write a short note of the call: what you told the patient.")
        reply = enquiry.replies.create(
            channel=EnquiryReply.Channel.PHONE, body=note.strip(), author=by, author_name=by.get_username()
        )
        EnquiryAccess.record([enquiry], by, EnquiryAccess.Action.PHONED, detail=f"reply {reply.pk}")
        enquiry.mark_answered(by=by)
    logger.info("event=enquiry_phoned enquiry_id=%s reply_id=%s", enquiry.pk, reply.pk)
    return reply


def note_add(enquiry, text, *, by, seen=None):
    """Append a staff note. RefusedError when it is empty."""
    if not text.strip():
        raise RefusedError("Write the note before adding it.")
    with ENQUIRY_VERSION.guard(enquiry, seen, by=by) as enquiry:
        return enquiry.add_note(text.strip(), by=by)


def handling_update(enquiry, *, by, status, assignee, seen=None):
    """Set the status and the assignee chosen on the enquiry's page, through the model's named changes
    (so each is logged as the list's actions log it): the status first (answering assigns the answerer
    when nobody has it), then the assignee."""
    with ENQUIRY_VERSION.guard(enquiry, seen, by=by) as enquiry:
        if status != enquiry.status:
            enquiry.set_status(status, by=by)
        if assignee != enquiry.assigned_to and assignee is None:
            enquiry.unassign(by=by)
        elif assignee != enquiry.assigned_to:
            enquiry.assign_to(assignee, by=by)
    return enquiry


def enquiry_reopen(enquiry, *, by, seen=None):
    """A closed or spam enquiry back to "In progress", so that it can be answered."""
    return handling_update(enquiry, by=by, status=Enquiry.Status.IN_PROGRESS, assignee=enquiry.assigned_to, seen=seen)
