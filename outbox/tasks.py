"""The worker's one task: try to send one stored mail (django-tasks, run by `manage.py db_worker`).

The task's arguments are the mail's id only, so the task table holds no address or text, and
the task itself never fails: a send that fails is recorded on the mail and retried by a new task
(outbox.services.deliver_now), so no exception text (which may quote an address) lands in it.
"""

from django_tasks import task

from .services import deliver_now


@task()
def deliver(mail_id):
    deliver_now(mail_id)
