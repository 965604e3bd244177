"""The worker's tasks (django-tasks, run by `manage.py db_worker`): send one stored mail; send one purge.

The mail task's arguments are the mail's id only, so the task table holds no address or text, and
the task itself never fails: a send that fails is recorded on the mail and retried by a new task
(outbox.services.deliver_now), so no exception text (which may quote an address) lands in it. A purge
carries the cache's address and the key, and retries the same way (outbox.purges.purge_now).
"""

from django_tasks import task

from .purges import purge_now
from .services import deliver_now


@task()
def deliver(mail_id):
    deliver_now(mail_id)


@task()
def purge(cache_url, key, attempt):
    purge_now(cache_url, key, attempt)
