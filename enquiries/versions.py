"""The version of an enquiry a handler's page showed (collisions.versions): its status, who has it,
and which replies and notes it had. Every staff write to an enquiry checks it.

Replies and notes are named by who wrote them and when, never by their text: the stale-save
message and the token hold nothing the patient wrote. Who changed what comes from the enquiry's
access log.
"""

from django.utils import dateformat, timezone

from collisions.versions import Event, Row, Rows, Tracker, Value

from .models import EnquiryAccess

# Access-log actions that change nothing (reading, exporting) are not changes.
NOT_CHANGES = {EnquiryAccess.Action.OPENED, EnquiryAccess.Action.EXPORTED, EnquiryAccess.Action.DATA_EXPORT}
# The access log's detail for these is an internal id ("reply 12"): not worth showing.
NO_DETAIL = {EnquiryAccess.Action.REPLIED, EnquiryAccess.Action.PHONED, EnquiryAccess.Action.RESENT}


def _when(moment):
    return dateformat.format(timezone.localtime(moment), "j M H:i")


class EnquiryTracker(Tracker):
    def parts(self, enquiry):
        replies = enquiry.replies.order_by("created_at", "pk").values_list(
            "pk", "channel", "author_name", "created_at"
        )
        notes = enquiry.notes.order_by("created_at", "pk").values_list("pk", "author_name", "created_at")
        assignee = enquiry.assigned_to
        return [
            Value("status", "Status", enquiry.status, enquiry.get_status_display()),
            Value(
                "assigned_to", "Assigned to", enquiry.assigned_to_id, assignee.get_username() if assignee else "nobody"
            ),
            Rows(
                "replies",
                "Replies",
                [
                    Row(str(pk), f"{'phone call noted' if channel == 'phone' else 'email reply'} by {by}, {_when(at)}")
                    for pk, channel, by, at in replies.values_list("pk", "channel", "author_name", "created_at")
                ],
            ),
            Rows("notes", "Staff notes", [Row(str(pk), f"note by {by}, {_when(at)}") for pk, by, at in notes]),
        ]

    def events_since(self, enquiry, when):
        accesses = enquiry.accesses.filter(accessed_at__gt=when).exclude(action__in=NOT_CHANGES)
        return [
            Event(
                access.accessed_at,
                access.username,
                access.get_action_display()
                + (f" ({access.detail})" if access.detail and access.action not in NO_DETAIL else ""),
            )
            for access in accesses.order_by("accessed_at", "pk")
        ]


ENQUIRY_VERSION = EnquiryTracker()
