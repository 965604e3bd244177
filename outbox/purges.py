"""Purges for the shared HTTP caches in front of the site, sent by the outbox worker with retries.

`queue_purge(cache_url, key)` has the worker (its task `purge`) send `PURGE /` with the header
`xkey-purge: <key>` to the cache at `cache_url` (the convention of Varnish's xkey module, which
deploy/varnish/mesosite.vcl follows): the cache drops every object tagged `key`. `not_before` holds
the purge back until then: a cache purged too early fetches the page again from an app server that
has not yet seen the change, and keeps the old page for its whole lifetime. Each purge waits
GATHER_SECONDS past its earliest moment, and one already waiting for the same key and cache covers a
new one that may go as early as it does, so a save that touches many rows sends one purge.

A cache that does not answer, or refuses, is tried again after each of PURGE_RETRY_DELAYS; then the
failure is logged and left: by then every page the cache holds has outlived its own lifetime
(PUBLIC_CACHE_SECONDS, 5 minutes by default) and is fetched afresh anyway.
"""

import datetime
import logging
import urllib.error
import urllib.request

from django.utils import timezone
from django_tasks import TaskResultStatus, task

logger = logging.getLogger(__name__)

PURGE_TIMEOUT = 5  # seconds: a cache that hangs holds the worker no longer
PURGE_RETRY_DELAYS = (2, 10, 60, 300)
GATHER_SECONDS = 0.1
# Never through an HTTP proxy from the environment: the caches are the app servers' neighbours.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def queue_purge(cache_url, key, *, not_before=None):
    """Have the worker purge `key` from the cache at `cache_url`, not before `not_before` (a datetime;
    None is now). False when such a purge already waits to be sent from then to GATHER_SECONDS later."""
    from django_tasks_db.models import DBTaskResult

    not_before = not_before or timezone.now()
    send_at = not_before + datetime.timedelta(seconds=GATHER_SECONDS)
    # Only a purge due in this window covers this one: a retry due minutes later would delay the change.
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=purge.module_path, run_after__range=(not_before, send_at)
    ).values_list("args_kwargs", flat=True)
    if any(args.get("args", [])[:2] == [cache_url, key] for args in waiting):
        return False
    purge.using(run_after=send_at).enqueue(cache_url, key, 1)
    logger.info("event=purge_queued cache=%s key=%s", cache_url, key)
    return True


def purge_now(cache_url, key, attempt):
    """One try (the worker's task); on failure, the next try is queued while any are left."""
    request = urllib.request.Request(cache_url.rstrip("/") + "/", method="PURGE", headers={"xkey-purge": key})
    try:
        with _opener.open(request, timeout=PURGE_TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as error:
        failure = f"HTTP{error.code}"
    except OSError as error:  # refused, unreachable, timed out
        failure = type(error).__name__
    else:
        logger.info("event=purge_sent cache=%s key=%s attempt=%s", cache_url, key, attempt)
        return True
    final = attempt > len(PURGE_RETRY_DELAYS)
    if not final:
        next_try = timezone.now() + datetime.timedelta(seconds=PURGE_RETRY_DELAYS[attempt - 1])
        purge.using(run_after=next_try).enqueue(cache_url, key, attempt + 1)
    logger.warning(
        "event=purge_failed cache=%s key=%s attempt=%s final=%s error=%s", cache_url, key, attempt, final, failure
    )
    return False


@task()
def purge(cache_url, key, attempt):
    """The worker's task: one try at a purge (its arguments are the cache's address, the key, the try)."""
    purge_now(cache_url, key, attempt)
