"""Scheduled publishing: an approved version goes live at the time its reviewer chose.

Approving with a time ahead records the approval at once (who, what, when it was decided) and sets it
as the page's `scheduled` version; patients keep the live one. The outbox's worker (django-tasks'
`db_worker`) runs `signoff.tasks.go_live` at that time, which makes every version whose time has come
live, in one transaction per page, and empties the page cache after commit. A task that runs early
(a worker's clock, a re-queued task) publishes nothing before its time and queues itself again for it.

A later approval supersedes a waiting one; taking the page down drops it (services.take_down).
"""

import logging

from django.db import transaction
from django.utils import timezone

from .models import ClinicalPage, PageEvent

logger = logging.getLogger(__name__)


def schedule(page, when):
    """Have the worker make `page`'s scheduled version live at `when` (inside the approval's transaction)."""
    from .tasks import go_live  # the task module imports this one

    go_live.using(run_after=when).enqueue(page.pk)
    logger.info("event=signoff_scheduled page=%s go_live_at=%s", page.key, when.isoformat())


def go_live_due(now=None):
    """Make live every scheduled version whose time has come. Returns the pages made live."""
    from .services import _log, make_live

    now = now or timezone.now()
    done = []
    for page_id in ClinicalPage.objects.filter(scheduled__go_live_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            page = ClinicalPage.objects.select_for_update(of=("self",)).select_related("scheduled").get(pk=page_id)
            approval = page.scheduled
            if approval is None or approval.go_live_at > now:  # superseded or dropped meanwhile
                continue
            make_live(page, approval)
            _log(page, PageEvent.Action.WENT_LIVE, None, f"Approved by {approval.reviewer()[0] or 'a clinician'}.")
        logger.info("event=signoff_went_live page=%s approval_id=%s", page.key, approval.pk)
        done.append(page)
    return done


def run(page_id, now=None):
    """The task's body: publish what is due; if this page's version is still ahead, run again at its time."""
    now = now or timezone.now()
    go_live_due(now)
    page = ClinicalPage.objects.filter(pk=page_id, scheduled__go_live_at__gt=now).select_related("scheduled").first()
    if page is not None:
        schedule(page, page.scheduled.go_live_at)
