"""Run the outbox's real worker (django-tasks-db's db_worker) in the test's process, until nothing is due.

The worker sends through the test's email backend, so delivered mail lands in `mailoutbox`.
"""

from unittest import mock

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

from outbox.models import OutgoingEmail


def run_worker(max_tasks=None):
    """What `manage.py db_worker --batch` does, without taking over the test's signal handlers.

    The worker closes "old" database connections between tasks, as a request does; inside a test's
    transaction that would close the test's own connection (PostgreSQL), so here it is left open.
    """
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()


def make_later_tasks_due():
    """Time passes: every task scheduled for later (a retry, a purge held back, a page's go-live) is due now."""
    # A task with no run_after is stored with the far-future "date max", which means "now".
    later = DBTaskResult.objects.filter(status="READY", run_after__gt=timezone.now()).exclude(run_after=get_date_max())
    return later.update(run_after=timezone.now())


def run_worker_until_settled(rounds=10):
    """Run the worker, making each scheduled retry due, until no mail waits to be sent."""
    for _ in range(rounds):
        run_worker()
        if not OutgoingEmail.objects.waiting().exists():
            return
        make_later_tasks_due()
    raise AssertionError("mail still waiting after every retry")
