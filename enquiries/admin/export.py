"""The CSV export of selected enquiries: streamed, a batch at a time, each batch logged as exported."""

import csv
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from outbox.models import OutgoingEmail

from ..models import EnquiryAccess, EnquiryNote, EnquiryReply

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Rows fetched, written and logged as exported at a time: memory stays flat however many there are.
EXPORT_BATCH = 1000


def local_time(value, zone=None):
    if not value:
        return ""
    return value.astimezone(zone or timezone.get_current_timezone()).isoformat(timespec="seconds")


def username(user):
    return user.get_username() if user else ""


def replies_text(enquiry):
    return "\n---\n".join(
        f"{local_time(at, enquiry.zone)} {by} ({state}): {body}" for at, by, state, body in enquiry.export_replies
    )


def notes_text(enquiry):
    return "\n---\n".join(f"{local_time(at, enquiry.zone)} {by}: {text}" for at, by, text in enquiry.export_notes)


def attach_replies_and_notes(batch):
    """Each enquiry's replies (with their email's state) and notes, in three queries for the whole batch.

    Plain rows, not model instances, and one query for the mail rather than a generic prefetch, which
    builds a queryset per reply: the export of a few years of enquiries stays within seconds.
    """
    zone = timezone.get_current_timezone()
    by_id = {enquiry.pk: enquiry for enquiry in batch}
    for enquiry in batch:
        enquiry.zone, enquiry.export_replies, enquiry.export_notes = zone, [], []
    replies = list(
        EnquiryReply.objects.filter(enquiry_id__in=by_id)
        .order_by("created_at", "pk")
        .values_list("pk", "enquiry_id", "created_at", "author_name", "channel", "body")
    )
    mail_states = dict(
        mails_for_replies([pk for pk, *_ in replies]).values_list("object_id", "status").order_by("created_at", "pk")
    )
    state_names = dict(OutgoingEmail.Status.choices)
    for pk, enquiry_id, at, by, _channel, body in replies:
        state = state_names[mail_states[pk]].lower() if pk in mail_states else "phone call"
        by_id[enquiry_id].export_replies.append((at, by, state, body))
    notes = (
        EnquiryNote.objects.filter(enquiry_id__in=by_id)
        .order_by("created_at", "pk")
        .values_list("enquiry_id", "created_at", "author_name", "text")
    )
    for enquiry_id, at, by, text in notes:
        by_id[enquiry_id].export_notes.append((at, by, text))


def mails_for_replies(reply_pks):
    return OutgoingEmail.objects.filter(
        content_type=ContentType.objects.get_for_model(EnquiryReply), object_id__in=reply_pks
    )


CSV_COLUMNS = [
    ("id", lambda e: e.pk),
    ("received_at", lambda e: local_time(e.received_at, e.zone)),
    ("status", lambda e: e.get_status_display()),
    ("name", lambda e: e.name),
    ("email", lambda e: e.email),
    ("phone", lambda e: e.phone),
    ("preferred_contact", lambda e: e.get_preferred_contact_display()),
    ("treatment", lambda e: e.area_name()),
    ("message", lambda e: e.message),
    ("assigned_to", lambda e: username(e.assigned_to)),
    ("answered_at", lambda e: local_time(e.answered_at, e.zone)),
    ("answered_by", lambda e: username(e.answered_by)),
    ("replies", replies_text),
    ("staff_notes", notes_text),
    ("consent_given_at", lambda e: local_time(e.consent_given_at, e.zone)),
    ("privacy_version", lambda e: e.privacy_version),
]


def csv_safe(value):
    """A cell a spreadsheet shows as text: a leading formula character gets a ' in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def batched(iterable, size):
    """itertools.batched, which Python 3.11 does not have yet."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class _Echo:
    """csv.writer writes each row here and gets the line back, to stream it."""

    def write(self, value):
        return value


def csv_lines(queryset, user):
    """The CSV, a batch of rows at a time; each batch is logged as exported just before it is sent."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([name for name, _ in CSV_COLUMNS])  # the BOM: Excel reads UTF-8
    enquiries = queryset.select_related("treatment", "assigned_to", "answered_by").order_by("received_at", "pk")
    for batch in batched(enquiries.iterator(chunk_size=EXPORT_BATCH), EXPORT_BATCH):
        attach_replies_and_notes(batch)
        EnquiryAccess.record(batch, user, EnquiryAccess.Action.EXPORTED)
        yield "".join(writer.writerow([csv_safe(value(enquiry)) for _, value in CSV_COLUMNS]) for enquiry in batch)
