"""After a change patients can see commits, each shared cache in front is told to drop every page,
by the outbox worker: once per change, not before every app worker renders the change, retried while
the cache does not answer, and never holding up or failing the staff member's save."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import caches
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.purges import PURGE_RETRY_DELAYS
from pagecache.cache import GENERATION_CHECK_SECONDS, GENERATION_KEY, SHARED, pages_changed
from tests.support.publishing import publish
from tests.support.worker import make_later_tasks_due, run_worker
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db


class FakeCache(ThreadingHTTPServer):
    """An HTTP cache on 127.0.0.1 that records each purge it is sent and answers `status`."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.purges, self.status = [], 200
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the method's name is the HTTP method's
        self.server.purges.append((self.path, self.headers.get("xkey-purge")))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cache(settings):
    server = FakeCache()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FRONTEND_CACHE_URLS = [server.url]
    yield server
    server.shutdown()
    server.server_close()


def purge_tasks():
    return DBTaskResult.objects.filter(task_path="outbox.purges.purge")


def test_a_save_of_clinic_details_purges_every_page_once(cache, clinic, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        clinic.phone = "020 7946 0999"
        clinic.save()
        clinic.save()  # a second row saved in the same change: no second purge waits
    assert cache.purges == []  # the save did not wait for the cache
    assert purge_tasks().count() == 1
    make_later_tasks_due()
    run_worker()
    assert cache.purges == [("/", "mesosite-pages")]


def refuse_a_purge(cache, clinic, capture_on_commit):
    """A save of clinic details whose purge the cache refuses once, the worker having tried it."""
    cache.status = 503
    with capture_on_commit(execute=True):
        clinic.save()
    make_later_tasks_due()
    run_worker()


def test_the_purge_waits_until_every_app_worker_renders_the_change(cache, clinic, django_capture_on_commit_callbacks):
    """Sent at once, it has the cache fetch the page again from a worker still on the old
    generation, and keep the old page (a taken-down one, say) for its whole lifetime."""
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        clinic.save()
    run_worker()
    assert cache.purges == []
    assert purge_tasks().get().run_after >= before + datetime.timedelta(seconds=GENERATION_CHECK_SECONDS)
    make_later_tasks_due()
    run_worker()
    assert cache.purges == [("/", "mesosite-pages")]


def test_the_new_generation_is_in_place_before_caches_in_front_hear_of_a_change(
    clinic, django_capture_on_commit_callbacks
):
    heard = []

    def receiver(**kwargs):
        heard.append(caches[SHARED].get(GENERATION_KEY))

    old = caches[SHARED].get(GENERATION_KEY)
    pages_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            clinic.save()
    finally:
        pages_changed.disconnect(receiver)
    assert heard == [caches[SHARED].get(GENERATION_KEY)] and heard != [old]


def test_a_retry_due_later_does_not_hold_back_a_new_change(cache, clinic, django_capture_on_commit_callbacks):
    refuse_a_purge(cache, clinic, django_capture_on_commit_callbacks)
    cache.status = 200
    with django_capture_on_commit_callbacks(execute=True):
        clinic.phone = "020 7946 0777"
        clinic.save()
    waiting = purge_tasks().filter(status="READY").order_by("run_after")
    assert [task.args_kwargs["args"][2] for task in waiting] == [1, 2]  # the new purge goes first


def test_an_approval_and_a_take_down_each_purge(cache, area, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        area.summary = "New words a clinician approved."
        area.save()
        publish(AREA, area.pk)
    make_later_tasks_due()
    run_worker()
    assert cache.purges == [("/", "mesosite-pages")]
    with django_capture_on_commit_callbacks(execute=True):
        area.published = False
        area.save()
    make_later_tasks_due()
    run_worker()
    assert len(cache.purges) == 2


def test_every_cache_listed_is_purged(cache, settings, clinic, django_capture_on_commit_callbacks):
    other = FakeCache()
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        settings.FRONTEND_CACHE_URLS = [cache.url, other.url]
        with django_capture_on_commit_callbacks(execute=True):
            clinic.save()
        make_later_tasks_due()
        run_worker()
        assert cache.purges == other.purges == [("/", "mesosite-pages")]
    finally:
        other.shutdown()
        other.server_close()


def test_a_cache_that_refuses_is_tried_again_until_it_answers(cache, clinic, django_capture_on_commit_callbacks):
    refuse_a_purge(cache, clinic, django_capture_on_commit_callbacks)
    assert len(cache.purges) == 1
    retry = purge_tasks().get(status="READY")
    assert retry.args_kwargs["args"][2] == 2 and retry.run_after is not None
    cache.status = 200
    make_later_tasks_due()
    run_worker()
    assert len(cache.purges) == 2 and not purge_tasks().filter(status="READY").exists()


def test_a_cache_that_is_down_never_fails_the_save_and_is_given_up_on_after_the_retries(
    settings, clinic, caplog, django_capture_on_commit_callbacks
):
    settings.FRONTEND_CACHE_URLS = ["http://127.0.0.1:9"]  # nothing listens on the discard port
    with django_capture_on_commit_callbacks(execute=True):
        clinic.phone = "020 7946 0888"
        clinic.save()
    clinic.refresh_from_db()
    assert clinic.phone == "020 7946 0888"
    for _ in range(len(PURGE_RETRY_DELAYS) + 1):
        make_later_tasks_due()
        run_worker()
    assert purge_tasks().count() == len(PURGE_RETRY_DELAYS) + 1
    assert not purge_tasks().filter(status="READY").exists()
    assert "event=purge_failed" in caplog.text and "final=True" in caplog.text


def test_without_caches_listed_nothing_is_queued(settings, clinic, django_capture_on_commit_callbacks):
    settings.FRONTEND_CACHE_URLS = []
    with django_capture_on_commit_callbacks(execute=True):
        clinic.save()
    assert not purge_tasks().exists()
