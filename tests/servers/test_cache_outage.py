"""A cache outage is not a site outage, against a real Redis that stops and starts again.

The leg starts its own redis-server on a free port (never the machine's), an app server with
REDIS_URL pointing at it (gunicorn as production runs it, SQLite, one server), fills the page cache,
stops Redis, checks that every public page, the enquiry form, staff sign-in and /healthz still work,
then starts Redis again with the data it saved, and checks that caching resumes by itself with no
page from before the outage. `make cache-outage` runs it.
"""

import json
import pickle
import sqlite3

import pytest
import redis

from tests.support.project import project_env
from workinghours.schedule import WEEKDAYS

from .processes import Gunicorn, RedisServer, Visitor, create_staff, prepare, wait_for

PUBLIC_PAGES = [
    "/",
    "/treatments/",
    "/treatments/skin-rejuvenation/",
    "/treatments/pain-management/",
    "/treatments/hair-loss/",
    "/about/history/",
    "/about/safety/",
    "/privacy/",
    "/enquire/thanks/",
    "/enquire/",
    "/enquire/?treatment=hair-loss",
]
EDITOR = "editor"
ENQUIRY = {
    "name": "Ada Patient",
    "email": "ada@example.com",
    "treatment": "hair-loss",
    "message": "Could this help with thinning at the crown?",
    "preferred_contact": "email",
    "consent": "on",
    "over_18": "on",
    "website": "",
}
# pagecache.cache: each worker tries a failed shared cache again after RETRY_SECONDS; a bound well above it.
RECOVERY_SECONDS = 20


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cache-outage")
    store = RedisServer(folder / "redis")
    try:
        env = project_env(
            DJANGO_SETTINGS_MODULE="mesosite.settings",
            DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
            REDIS_URL=store.url,
            MEDIA_ROOT=str(folder / "media"),
            ALLOWED_HOSTS="127.0.0.1",
            ENQUIRY_RATE_LIMIT="2/d",
            LOG_LEVEL="WARNING",
        )
        prepare(env)
        create_staff(env, EDITOR)
        server = Gunicorn(env, folder / "gunicorn.log")
        try:
            yield server, store, folder / "db.sqlite3"
        finally:
            server.stop()
    finally:
        store.stop()


def stored(database, sql):
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchone()[0]


def page_keys(store, generation=None):
    client = redis.Redis.from_url(store.url)
    return [key.decode() for key in client.scan_iter(match=f"mesosite-pages:1:page:{generation or ''}*")]


def shared_generation(store):
    value = redis.Redis.from_url(store.url).get("mesosite-pages:1:generation")
    return value and pickle.loads(value)  # Django's Redis cache pickles what it stores


def change_the_clinic_phone(server, database, phone):
    """An editor signs in and saves the clinic's details with a new phone number, through the admin."""
    editor = Visitor()
    assert editor.sign_in(server, EDITOR).status == 302
    assert editor.get(server.url + "/admin/").status == 200
    clinic_id = stored(database, "SELECT id FROM pages_clinicdetails")
    with sqlite3.connect(database) as connection:
        name, address, email, *hours = connection.execute(
            f"SELECT name, address, email, {', '.join(WEEKDAYS)} FROM pages_clinicdetails"
        ).fetchone()
    form = {
        "name": name,
        "address": address,
        "phone": phone,
        "email": email,
        **dict(zip(WEEKDAYS, hours, strict=True)),
    }
    assert editor.post_form(server, f"/admin/pages/clinicdetails/{clinic_id}/change/", form).status == 302


def test_with_redis_stopped_the_site_works_uncached_and_resumes_caching_when_it_returns(site):
    server, store, database = site
    visitor = Visitor()
    for path in PUBLIC_PAGES:
        assert visitor.get(server.url + path).status == 200, path
    generation = shared_generation(store)
    assert generation and page_keys(store, generation), "the page cache was not filled before the outage"
    assert Visitor().get(server.url + "/healthz").status == 200

    store.stop()

    for path in PUBLIC_PAGES:  # twice: the second time, each worker knows Redis is down
        for _ in range(2):
            assert Visitor().get(server.url + path).status == 200, path
    health = Visitor().get(server.url + "/healthz")
    degraded = {"status": "degraded", "database": "ok", "cache": "unavailable"}
    assert (health.status, json.loads(health.text)) == (200, degraded)

    enquiries, patient = stored(database, "SELECT count(*) FROM enquiries_enquiry"), Visitor()
    for _ in range(3):  # one more than ENQUIRY_RATE_LIMIT: the limit lets them through, and logs it
        assert patient.post_form(server, "/enquire/", ENQUIRY).status == 302
    assert stored(database, "SELECT count(*) FROM enquiries_enquiry") == enquiries + 3
    assert "event=enquiry_rate_limit_unavailable" in server.log.read_text()
    assert "event=page_cache_unavailable" in server.log.read_text()

    change_the_clinic_phone(server, database, "020 7946 0456")
    assert "020 7946 0456" in Visitor().get(server.url + "/").text  # uncached, so at once

    store.start()  # with the generation and pages it saved when it stopped
    assert shared_generation(store) == generation and page_keys(store, generation)

    wait_for(
        "/healthz reporting the cache again",
        lambda: json.loads(Visitor().get(server.url + "/healthz").text)["cache"] == "ok",
        RECOVERY_SECONDS,
    )
    wait_for(
        "a new generation, with pages cached under it",
        lambda: (
            [Visitor().get(server.url + "/") for _ in range(4)]
            and shared_generation(store) != generation
            and page_keys(store, shared_generation(store))
        ),
        RECOVERY_SECONDS,
        interval=0.5,
    )
    for path in PUBLIC_PAGES:
        page = Visitor().get(server.url + path)
        assert page.status == 200, path
        assert "020 7946 0456" in page.text, f"{path} shows a page from before the outage"
