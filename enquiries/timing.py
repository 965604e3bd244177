"""When an enquiry should be answered: `ENQUIRY_RESPONSE_HOURS` of the clinic's opening hours after it
arrived, bank holidays skipped (the hours and holidays are the clinic details', `pages.frame.schedule`).

One calculation for both sides: the staff timer ("due in", "overdue by", the overdue count, filter and
digest) and what patients are promised (the enquiry page, the thanks page, the acknowledgement email).
An enquiry sent on Friday evening starts counting when the clinic opens on Saturday.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from pages.frame import schedule
from workinghours.schedule import deadline_words


def response_time():
    """ENQUIRY_RESPONSE_HOURS, counted in opening hours."""
    return datetime.timedelta(hours=settings.ENQUIRY_RESPONSE_HOURS)


def due_at(received_at):
    return schedule().add(received_at, response_time())


def overdue_cutoff(now=None):
    """Open enquiries received before this moment are overdue at `now`."""
    return schedule().subtract(now or timezone.now(), response_time())


def promise(received_at=None, now=None):
    """What a patient is told: "by 10:30am on Wednesday 9 December" (rounded up to the half hour)."""
    now = now or timezone.now()
    return deadline_words(due_at(received_at or now), timezone.get_current_timezone(), now)


def duration_words(delta):
    """A short, rounded-down duration for the list: "40 min", "5 h", "3 days"."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h"
    return f"{hours // 24} days"
