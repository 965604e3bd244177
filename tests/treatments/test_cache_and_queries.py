"""Public pages: a bounded number of queries, cached whole, fresh as soon as a change is approved."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pagecache import cache as page_cache
from pages.models import ClinicDetails
from tests.support.publishing import publish
from treatments.models import Benefit, Risk
from treatments.page_kinds import AREA, SAFETY

pytestmark = pytest.mark.django_db

PAGES = ["/", "/treatments/", "/treatments/hair-loss/", "/about/history/", "/about/safety/", "/privacy/"]


def count_queries(client, path):
    caches[page_cache.LOCAL].clear()  # as in a worker that has not served the page yet
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", PAGES)
def test_queries_do_not_grow_with_the_number_of_benefits_or_risks(client, area, general_content, path, settings):
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    count_queries(client, path)  # the first query on a connection may probe the database's features
    few = count_queries(client, path)
    for i in range(20):
        Benefit.objects.create(area=area, title=f"Benefit {i}", body="Text.")
        Risk.objects.create(area=area, title=f"Area risk {i}", body="Text.")
        Risk.objects.create(title=f"General risk {i}", body="Text.")
    publish(AREA, area.pk)
    publish(SAFETY)
    assert count_queries(client, path) == few
    assert few <= 3


@pytest.mark.parametrize("path", PAGES)
def test_a_warm_page_costs_no_query(client, area, general_content, path, django_assert_num_queries):
    client.get(path)
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200


def test_an_editors_save_waits_for_approval_then_shows_at_once_on_a_cached_page(
    client, area, django_capture_on_commit_callbacks
):
    assert "May slow shedding" in client.get("/treatments/hair-loss/").content.decode()
    benefit = area.benefits.get()
    benefit.title = "May reduce shedding"
    with django_capture_on_commit_callbacks(execute=True):
        benefit.save()
    html = client.get("/treatments/hair-loss/").content.decode()
    assert "May slow shedding" in html and "May reduce shedding" not in html
    with django_capture_on_commit_callbacks(execute=True):
        publish(AREA, area.pk)
    html = client.get("/treatments/hair-loss/").content.decode()
    assert "May reduce shedding" in html and "May slow shedding" not in html


def test_a_save_in_another_process_shows_when_this_one_next_reads_the_generation(client, area, monkeypatch):
    """Another worker's save changes only the shared generation; this process keeps its copies for
    up to GENERATION_CHECK_SECONDS, then reads the generation again and renders afresh."""
    # A long check, so a slow machine cannot let it lapse between two requests; the lapse is made below.
    monkeypatch.setattr(page_cache, "GENERATION_CHECK_SECONDS", 3600)
    client.get("/treatments/hair-loss/")
    area.benefits.update(title="Changed elsewhere")
    publish(AREA, area.pk)  # its after-commit invalidation never runs here: as if approved on another server
    caches[page_cache.SHARED].set(page_cache.GENERATION_KEY, "from-another-process", None)
    assert "May slow shedding" in client.get("/treatments/hair-loss/").content.decode()  # within the check
    caches[page_cache.LOCAL].delete(page_cache.GENERATION_KEY)  # what the check's timeout does
    assert "Changed elsewhere" in client.get("/treatments/hair-loss/").content.decode()


def test_unpublishing_an_area_removes_it_at_once(client, area, django_capture_on_commit_callbacks):
    assert client.get("/treatments/hair-loss/").status_code == 200
    area.published = False
    with django_capture_on_commit_callbacks(execute=True):
        area.save()
    assert client.get("/treatments/hair-loss/").status_code == 404
    assert "Hair loss" not in client.get("/treatments/").content.decode()


def test_a_save_that_is_rolled_back_keeps_the_cached_page(client, area, django_assert_num_queries):
    """The cache is emptied when a change commits, not when it is saved: a failed save changes nothing."""
    from django.db import transaction

    client.get("/treatments/hair-loss/")
    generation = caches[page_cache.SHARED].get(page_cache.GENERATION_KEY)
    with pytest.raises(RuntimeError), transaction.atomic():
        clinic = ClinicDetails.load()
        clinic.phone = "0000 never committed"
        clinic.save()
        raise RuntimeError("the save fails after the signal")
    assert caches[page_cache.SHARED].get(page_cache.GENERATION_KEY) == generation
    with django_assert_num_queries(0):  # still the stored copy: nothing was emptied
        assert client.get("/treatments/hair-loss/").status_code == 200


def test_staff_are_never_served_the_anonymous_cache(client, admin_client, area):
    client.get("/treatments/hair-loss/")  # cached for anonymous visitors
    area.benefits.update(title="Approved a moment ago")
    publish(AREA, area.pk)  # without the after-commit invalidation, the anonymous copy is now stale
    assert "May slow shedding" in client.get("/treatments/hair-loss/").content.decode()
    assert "Approved a moment ago" in admin_client.get("/treatments/hair-loss/").content.decode()
