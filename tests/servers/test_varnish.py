"""The site behind a real Varnish with deploy/varnish/mesosite.vcl: pages served from the cache, an
approval seen through it within a second, a take-down at once, nothing private kept, enquiries and
feedback working from cached pages, and the last approved pages served while the app is down.

The leg starts gunicorn (SQLite, as `make run` does), the outbox worker (which sends the purges) and
Debian's varnishd, each on a free port of 127.0.0.1. Pages live PUBLIC_CACHE_SECONDS in the cache, so
the outage test can wait past that. `make varnish` runs it; it fails, never skips, without varnishd.
"""

import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.browser import fill_in_and_send_enquiry
from tests.support.project import ROOT, project_env
from tests.support.tools import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_CONTEXT, require_tool

from .processes import Gunicorn, OutboxWorker, Varnish, Visitor, create_staff, free_port, prepare, stop, wait_for

# Long enough that a change seen within a second cannot be a copy that expired by itself, short enough
# for the outage test to wait past it.
PUBLIC_CACHE_SECONDS = 5
CLINICIAN = "clinician"
AREA = "/treatments/pain-management/"
TAKEN_DOWN = "/treatments/hair-loss/"
PUBLIC_PAGES = ["/", "/treatments/", AREA, "/about/safety/", "/about/history/", "/privacy/", "/sitemap.xml"]
APPROVED = "Wording a clinician approved behind Varnish."


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if shutil.which("varnishd") is None:
        pytest.fail("varnishd is missing: install Debian's varnish and varnish-modules", pytrace=False)
    folder = tmp_path_factory.mktemp("varnish")
    database = folder / "db.sqlite3"
    cache_port = free_port()  # the app purges the cache, and the cache fetches from the app
    env = project_env(
        DJANGO_SETTINGS_MODULE="mesosite.settings",
        DATABASE_URL=f"sqlite:///{database}",
        PAGE_CACHE_DIR=str(folder / "pages"),
        MEDIA_ROOT=str(folder / "media"),
        ALLOWED_HOSTS="127.0.0.1",
        PUBLIC_CACHE_SECONDS=str(PUBLIC_CACHE_SECONDS),
        FRONTEND_CACHE_URLS=f"http://127.0.0.1:{cache_port}",
        LOG_LEVEL="INFO",
    )
    prepare(env)
    create_staff(env, CLINICIAN)
    server = Gunicorn(env, folder / "gunicorn.log")
    worker = OutboxWorker(env, folder / "worker.log")
    try:
        cache = Varnish(ROOT / "deploy" / "varnish" / "mesosite.vcl", server.port, folder / "varnish", cache_port)
        try:
            yield Site(server, cache, worker, database, env)
        finally:
            cache.stop()
    finally:
        worker.stop()
        server.stop()


@dataclass
class Site:
    server: Gunicorn
    cache: Varnish
    worker: OutboxWorker
    database: Path
    env: dict


def django_process(code, env):
    """`code` after django.setup() in a process with `env`, reading from our stdin, printing to our stdout."""
    script = f"import django; django.setup()\n{code}"
    env = {**env, "DJANGO_SETTINGS_MODULE": "mesosite.settings"}
    return subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def query(database, sql, *params):
    with sqlite3.connect(database) as connection:
        return connection.execute(sql, params).fetchone()[0]


def cached(visitor, url):
    """GET `url` until the cache answers it from a stored copy (the first GET fills it)."""
    return wait_for(f"{url} from the cache", lambda: _hit(visitor.get(url)), timeout=5)


def _hit(answer):
    return answer if answer.status == 200 and answer.headers.get("X-Cache") == "HIT" else None


def test_public_pages_come_from_the_cache_without_cookies_and_revalidate_with_304(site):
    cache = site.cache
    visitor = Visitor()
    for path in PUBLIC_PAGES:
        page = cached(visitor, cache.url + path)
        assert "Set-Cookie" not in page.headers, path
        assert f"s-maxage={PUBLIC_CACHE_SECONDS}" in page.headers["Cache-Control"], path
        assert "max-age=0" in page.headers["Cache-Control"] and "Age" in page.headers, path
        assert "xkey" not in {name.lower() for name in page.headers}, path
    assert not list(visitor.cookies)
    etag = cached(visitor, cache.url + AREA).headers["ETag"]
    again = visitor.get(cache.url + AREA, headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b""


def test_nothing_private_is_kept_or_served_to_anyone_else(site):
    cache, database = site.cache, site.database
    for path in ("/enquire/", "/enquire/?treatment=hair-loss", "/search/?q=hair"):
        for _ in range(2):
            answer = Visitor().get(cache.url + path)
            assert answer.status == 200 and answer.headers["X-Cache"] == "MISS", path
            assert "no-store" in answer.headers["Cache-Control"], path
    assert "csrftoken" in Visitor().get(cache.url + "/enquire/").headers.get("Set-Cookie", "")

    staff = Visitor()
    assert staff.sign_in(cache, CLINICIAN).status == 302
    area_id = query(database, "SELECT id FROM treatments_treatmentarea WHERE slug = 'pain-management'")
    for path in ("/admin/", f"/preview/area/{area_id}/", AREA):
        for _ in range(2):
            answer = staff.get(cache.url + path)
            assert answer.status == 200 and answer.headers["X-Cache"] == "MISS", path
            assert "no-store" in answer.headers["Cache-Control"], path
    assert CLINICIAN in staff.get(cache.url + "/admin/").text
    anonymous = Visitor()
    assert anonymous.get(cache.url + "/admin/").status == 302  # to the login, not the staff member's page
    assert anonymous.get(cache.url + f"/preview/area/{area_id}/").status == 404


def test_a_patient_sends_feedback_and_an_enquiry_from_cached_pages_in_chromium(site):
    """The page with "Was this page helpful?" comes from the cache with no cookie; the enquiry form,
    passed to the app, hands out its CSRF cookie and token; both answers are stored."""
    require_tool(Path(CHROMIUM).exists(), f"Chromium ({CHROMIUM})")
    from playwright.sync_api import expect, sync_playwright

    url = site.cache.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(**CHROMIUM_CONTEXT)
            page.goto(url + AREA)
            assert page.goto(url + AREA).headers["x-cache"] == "HIT"
            assert page.context.cookies() == []
            page.get_by_role("button", name="No").click()
            page.get_by_label("It was hard to understand").check()
            page.get_by_role("button", name="Send").click()
            expect(page.get_by_text("We will use what you told us")).to_be_visible()

            page.get_by_role("link", name="Ask about pain management").click()
            page.wait_for_url(url + "/enquire/?treatment=pain-management")
            fill_in_and_send_enquiry(
                page,
                name="Alex Patient",
                email="alex.behind.varnish@example.com",
                question="How many sessions would I need?",
            )
            page.wait_for_url(url + "/enquire/thanks/")
        finally:
            browser.close()
    feedback = "SELECT count(*) FROM feedback_feedback WHERE page = ? AND helpful = 0 AND reason = 'hard'"
    assert query(site.database, feedback, AREA) == 1
    enquiry = "SELECT count(*) FROM enquiries_enquiry WHERE email = 'alex.behind.varnish@example.com'"
    assert query(site.database, enquiry) == 1


def test_an_approval_is_seen_through_the_cache_within_one_second(site):
    cache, database = site.cache, site.database
    risk_id = query(
        database,
        "SELECT r.id FROM treatments_risk r JOIN treatments_treatmentarea t ON r.area_id = t.id "
        "WHERE t.slug = 'pain-management' ORDER BY r.id LIMIT 1",
    )
    with sqlite3.connect(database) as connection:  # an editor's change, and the reviewer's register entry
        connection.execute("UPDATE treatments_risk SET body = ? WHERE id = ?", (APPROVED, risk_id))
        connection.execute(
            "UPDATE clinicians_clinician SET user_id = (SELECT id FROM auth_user WHERE username = ?) "
            "WHERE name = 'Tom Reid'",
            (CLINICIAN,),
        )
    page_id = query(database, "SELECT id FROM signoff_clinicalpage WHERE slug = 'pain-management'")
    clinician = Visitor()
    assert clinician.sign_in(cache, CLINICIAN).status == 302
    review = f"/admin/signoff/clinicalpage/{page_id}/review/"
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', clinician.get(cache.url + review).text).group(1)
    decision = {"action": "approve", "fingerprint": fingerprint, "comment": "", "next_review_due": ""}
    patient = Visitor()
    copy, copied_at = fresh_copy(patient, cache.url + AREA)
    assert APPROVED not in copy.text  # the working copy only
    app_workers_just_read_the_generation(site)
    decided = clinician.post_form(cache, review, decision)
    approved_at = time.monotonic()
    assert decided.status == 302, decided.text[:500]

    seen = lambda: APPROVED in patient.get(cache.url + AREA).text  # noqa: E731
    left = 1.0 - (time.monotonic() - approved_at)
    wait_for("the approved risk through the cache", seen, timeout=left, interval=0.02)
    assert_purged(site, copied_at)


def test_an_area_taken_down_answers_404_through_the_cache_at_once(site):
    cache = site.cache
    patient = Visitor()
    # A staff member's console, started before the clock does: the take-down itself is what is timed.
    code = "from treatments.models import TreatmentArea\nprint('ready', flush=True); input()\n"
    code += "area = TreatmentArea.objects.get(slug='hair-loss'); area.published = False; area.save()"
    console = django_process(code, site.env)
    try:
        assert console.stdout.readline().strip() == "ready"
        cached(patient, cache.url + "/treatments/")
        _, copied_at = fresh_copy(patient, cache.url + TAKEN_DOWN)
        app_workers_just_read_the_generation(site)
        console.communicate("\n", timeout=30)
        assert console.returncode == 0
    finally:
        stop(console)
    taken_down_at = time.monotonic()

    gone = lambda: patient.get(cache.url + TAKEN_DOWN).status == 404  # noqa: E731
    wait_for("the area's 404 through the cache", gone, timeout=1.0 - (time.monotonic() - taken_down_at), interval=0.02)
    assert_purged(site, copied_at)
    assert TAKEN_DOWN not in patient.get(cache.url + "/treatments/").text


def app_workers_just_read_the_generation(site):
    """As on a busy site: concurrent readers straight to gunicorn, so that its workers have each just
    read the page cache's generation, and keep it for a moment after a change. A purge sent within that
    moment had Varnish fetch and keep the old page (5 in 9 runs failed so before the purge waited)."""

    def read():
        for _ in range(3):
            Visitor().get(site.server.url + "/treatments/")

    readers = [threading.Thread(target=read) for _ in range(8)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()


def fresh_copy(visitor, url):
    """A copy of `url` the cache has held for under 2 s (Age 0 or 1), and when it was fetched."""
    answer = wait_for(
        f"a fresh copy of {url} in the cache",
        lambda: (lambda a: a if _hit(a) and int(a.headers["Age"]) <= 1 else None)(visitor.get(url)),
        timeout=PUBLIC_CACHE_SECONDS + 5,
        interval=0.2,
    )
    return answer, time.monotonic()


def assert_purged(site, copied_at):
    """The change was seen before the copy fetched at `copied_at` could have expired by itself (it had
    at least PUBLIC_CACHE_SECONDS - 2 s to live), and the worker logged the purge it sent."""
    assert time.monotonic() - copied_at < PUBLIC_CACHE_SECONDS - 2, "the copy may have expired: no proof of a purge"
    assert "event=purge_sent" in site.worker.log.read_text()


def test_with_the_app_stopped_the_cache_serves_the_last_approved_pages(site):
    cache = site.cache
    patient = Visitor()
    for path in PUBLIC_PAGES:
        cached(patient, cache.url + path)
    site.server.stop()
    site.worker.stop()
    time.sleep(PUBLIC_CACHE_SECONDS + 1)  # past every page's own lifetime

    for path in PUBLIC_PAGES:
        page = patient.get(cache.url + path)
        assert page.status == 200, path
        assert int(page.headers["Age"]) > PUBLIC_CACHE_SECONDS, path
    assert APPROVED in patient.get(cache.url + AREA).text
    assert patient.get(cache.url + TAKEN_DOWN).status != 200
