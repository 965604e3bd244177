"""A cache outage is not a site outage: with Redis not answering, pages render uncached, enquiries are
stored, staff sign in and edit, and /healthz says so; when it answers again, no page from before is shown.

Redis here is a port on 127.0.0.1 that nothing listens on. tests/outage/ does the same against a real
redis-server that it stops and starts.
"""

import logging
import socket

import pytest
from django.core.cache import caches

from enquiries.models import Enquiry
from pagecache import cache as page_cache
from pages.models import ClinicDetails
from tests.support.enquiries import valid_data
from workinghours.schedule import WEEKDAYS

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-1"


def stop_shared_caches(settings):
    """Point the shared caches at a Redis that refuses connections, as when it has stopped; returns
    the settings that worked. Each worker's own copies (pages-local) stay as they were."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/13",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
    }
    working = settings.CACHES
    settings.CACHES = {**working, "default": dead, "pages": {**dead, "KEY_PREFIX": "pages"}}
    return working


@pytest.fixture
def redis_down(settings):
    stop_shared_caches(settings)


PAGES = ["/", "/treatments/", "/treatments/hair-loss/", "/about/history/", "/about/safety/", "/privacy/", "/enquire/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_answers_uncached(client, area, general_content, redis_down, path, caplog):
    for _ in range(2):
        assert client.get(path).status_code == 200
    assert "event=page_cache_unavailable" in caplog.text


def test_an_enquiry_is_accepted_and_stored_and_the_rate_limit_logs_that_it_let_it_through(
    client, area, redis_down, settings, caplog
):
    settings.ENQUIRY_RATE_LIMIT = "1/m"
    with caplog.at_level(logging.WARNING):
        for _ in range(2):
            assert client.post("/enquire/", valid_data()).status_code == 302
    assert Enquiry.objects.count() == 2
    assert "event=enquiry_rate_limit_unavailable" in caplog.text


def test_staff_can_sign_in_and_save_content(
    client, area, redis_down, django_user_model, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_superuser("nurse", "nurse@example.com", PASSWORD)
    signed_in = client.post("/admin/login/?next=/admin/", {"username": "nurse", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    clinic = ClinicDetails.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(
            f"/admin/pages/clinicdetails/{clinic.pk}/change/",
            {
                "name": clinic.name,
                "address": clinic.address,
                "phone": "020 7946 0999",
                "email": clinic.email,
                **{day: getattr(clinic, day) for day in WEEKDAYS},
            },
        )
    assert saved.status_code == 302, saved.content.decode()[:500]
    assert ClinicDetails.objects.get().phone == "020 7946 0999"


def test_the_health_check_answers_200_and_reports_the_cache_unavailable(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_when_the_cache_answers_again_pages_saved_meanwhile_are_fresh(
    client, area, settings, monkeypatch, django_capture_on_commit_callbacks, django_assert_num_queries, caplog
):
    """The shared cache still holds pages from before the outage; a save made during it could not start
    a new generation, so the first worker to reach the cache again starts one."""
    monkeypatch.setattr(page_cache, "GENERATION_CHECK_SECONDS", 0)  # each request reads the generation
    monkeypatch.setattr(page_cache, "RETRY_SECONDS", 0)  # and tries a failed shared cache again
    client.get("/treatments/hair-loss/")
    assert caches[page_cache.SHARED].get(page_cache.GENERATION_KEY)  # the page is stored under it

    working = stop_shared_caches(settings)
    clinic = ClinicDetails.objects.get()  # published as soon as it is saved, in every page's footer
    clinic.phone = "020 7946 0456"
    with django_capture_on_commit_callbacks(execute=True):
        clinic.save()  # its new generation cannot reach the shared cache
    assert "020 7946 0456" in client.get("/treatments/hair-loss/").content.decode()

    settings.CACHES = working  # the same shared cache, with the page from before, answers again
    html = client.get("/treatments/hair-loss/").content.decode()
    assert "020 7946 0456" in html and "020 7946 0000" not in html
    assert "event=page_cache_available generation=new" in caplog.text
    with django_assert_num_queries(0):  # and caching has resumed
        assert client.get("/treatments/hair-loss/").content.decode() == html
