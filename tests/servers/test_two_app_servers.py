"""Two app servers, as behind a load balancer, sharing one PostgreSQL database, one Redis and one MEDIA_ROOT.

Each is gunicorn as production runs it, on its own port. What one server does, the other shows: a
content change within a second, the enquiry rate limit and the admin lockout counted across both, a
staff sign-in, an uploaded image. `make two-servers` runs this; it fails, never skips, when PostgreSQL
or Redis does not answer.

The database is this leg's own (created and dropped here), and so is the Redis database number.
"""

import json
import os
import re
import time
from io import BytesIO
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import redis
from PIL import Image

from tests.support.project import project_env
from workinghours.schedule import WEEKDAYS

from .processes import Gunicorn, Visitor, create_staff, prepare, wait_for

DATABASE_URL = os.environ.get("TWO_SERVERS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/twoservers")
REDIS_URL = os.environ.get("TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/13")
RATE_LIMIT = 3  # enquiries per client a day: no window ends during the leg
EDITOR, NURSE, CLINICIAN = "editor", "nurse", "clinician"


def server_database(url):
    """A connection to the same PostgreSQL server's maintenance database, to create and drop ours."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


@pytest.fixture(scope="module")
def shared_services():
    """This leg's database, freshly created, and its Redis database, without keys of an earlier run."""
    admin_url, name = server_database(DATABASE_URL)
    try:
        store = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
        store.ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {REDIS_URL} does not answer: {error}", pytrace=False)
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL at {admin_url} does not answer: {error}", pytrace=False)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    forget_site_keys(store)
    yield
    forget_site_keys(store)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def forget_site_keys(store):
    # Only the site's keys, in this leg's own Redis database.
    for key in store.scan_iter(match="mesosite*"):
        store.delete(key)


@pytest.fixture(scope="module")
def servers(shared_services, tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-servers")
    env = project_env(
        DJANGO_SETTINGS_MODULE="mesosite.settings",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        MEDIA_ROOT=str(folder / "media"),
        ALLOWED_HOSTS="127.0.0.1",
        ENQUIRY_RATE_LIMIT=f"{RATE_LIMIT}/d",
        LOG_LEVEL="WARNING",
    )
    prepare(env)
    for username in (EDITOR, NURSE, CLINICIAN):
        create_staff(env, username)
    a = Gunicorn(env, folder / "a.log")
    try:
        b = Gunicorn(env, folder / "b.log")
        try:
            yield a, b
        finally:
            b.stop()
    finally:
        a.stop()


def query(sql, *params):
    with psycopg.connect(DATABASE_URL) as connection:
        return connection.execute(sql, params).fetchone()[0]


def clinic_phone():
    return query("SELECT phone FROM pages_clinicdetails")


def test_a_content_change_saved_through_a_shows_on_b_within_one_second(servers):
    a, b = servers
    old = clinic_phone()
    for _ in range(6):  # every worker of B has the page cached and has just read the generation
        assert old in Visitor().get(b.url + "/").text
    editor = Visitor()
    assert editor.sign_in(a, EDITOR).status == 302
    change = f"/admin/pages/clinicdetails/{query('SELECT id FROM pages_clinicdetails')}/change/"
    form = {
        "name": query("SELECT name FROM pages_clinicdetails"),
        "address": query("SELECT address FROM pages_clinicdetails"),
        "phone": "020 7946 0123",
        "email": query("SELECT email FROM pages_clinicdetails"),
        **{day: query(f"SELECT {day} FROM pages_clinicdetails") for day in WEEKDAYS},
    }
    saved = editor.post_form(a, change, form)
    saved_at = time.monotonic()
    assert saved.status == 302, saved.text[:500]
    assert clinic_phone() == "020 7946 0123"

    patient = Visitor()
    on_b = lambda: "020 7946 0123" in patient.get(b.url + "/").text  # noqa: E731
    wait_for("the new phone number on B's home page", on_b, timeout=1.0 - (time.monotonic() - saved_at), interval=0.02)
    assert time.monotonic() - saved_at <= 1.0
    assert old not in patient.get(b.url + "/").text


def test_the_enquiry_rate_limit_counts_enquiries_sent_to_either_server(servers):
    a, b = servers
    before = query("SELECT count(*) FROM enquiries_enquiry")
    patient = Visitor()
    enquiry = {
        "name": "Ada Patient",
        "email": "ada@example.com",
        "treatment": "hair-loss",
        "message": "Could this help with thinning at the crown?",
        "preferred_contact": "email",
        "consent": "on",
        "over_18": "on",
        "website": "",
    }
    answers = [patient.post_form(server, "/enquire/", enquiry).status for server in (a, b, a, b, a)]
    assert answers == [302] * RATE_LIMIT + [429, 429]
    assert query("SELECT count(*) FROM enquiries_enquiry") == before + RATE_LIMIT


def test_the_admin_lockout_counts_wrong_passwords_tried_on_either_server(servers):
    """Two wrong passwords on A and two on B, then the fifth (AXES_FAILURE_LIMIT) locks the user out on both."""
    a, b = servers
    intruder = Visitor()
    for server in (a, b, a, b):
        assert intruder.sign_in(server, NURSE, "wrong-password").status == 200
    assert intruder.sign_in(a, NURSE, "wrong-password").status == 429
    assert query("SELECT failures_since_start FROM axes_accessattempt WHERE username = %s", NURSE) == 5
    for server in (a, b):  # now the right password does not help either, on either server
        locked = intruder.sign_in(server, NURSE)
        assert locked.status == 429 and "Sign-in paused" in locked.text


def test_a_staff_member_signed_in_on_a_is_signed_in_on_b(servers):
    a, b = servers
    staff = Visitor()
    assert staff.sign_in(a, EDITOR).status == 302
    admin_home = staff.get(b.url + "/admin/")
    assert admin_home.status == 200
    assert "Mesosite administration" in admin_home.text and EDITOR in admin_home.text
    assert Visitor().get(b.url + "/admin/").status == 302  # without the session: sent to sign in


def test_an_image_uploaded_through_a_is_served_by_b(servers):
    a, b = servers
    staff = Visitor()
    assert staff.sign_in(a, EDITOR).status == 302
    picture = BytesIO()
    Image.new("RGB", (640, 480), (180, 120, 90)).save(picture, "JPEG")
    uploaded = staff.upload(a.url + "/markdownx/upload/", "image", "scalp.jpg", picture.getvalue(), "image/jpeg")
    assert uploaded.status == 200, uploaded.text[:500]
    url = json.loads(uploaded.text)["image_code"].split("](", 1)[1].rstrip(")")  # markdownx: ![](<url>)
    assert url.startswith("/media/")
    from_a, from_b = Visitor().get(a.url + url), Visitor().get(b.url + url)
    assert from_b.status == 200 and from_b.headers["Content-Type"] == "image/jpeg"
    assert from_b.body == from_a.body and from_b.body.startswith(b"\xff\xd8")


def test_a_clinical_approval_given_on_a_shows_on_b_within_one_second(servers):
    """A clinician in the register approves an editor's change to a risk on A; B's patients see it."""
    a, b = servers
    risk_id = query("SELECT r.id FROM treatments_risk r JOIN treatments_treatmentarea t ON r.area_id = t.id "
                    "WHERE t.slug = 'hair-loss' ORDER BY r.id LIMIT 1")  # fmt: skip
    new_body = "Wording a clinician approved on server A."
    with psycopg.connect(DATABASE_URL) as connection:
        connection.execute("UPDATE treatments_risk SET body = %s WHERE id = %s", (new_body, risk_id))
        connection.execute(
            "UPDATE clinicians_clinician SET user_id = (SELECT id FROM auth_user WHERE username = %s) "
            "WHERE name = 'Tom Reid'",
            (CLINICIAN,),
        )
    patient = Visitor()
    for _ in range(6):
        assert new_body not in patient.get(b.url + "/treatments/hair-loss/").text  # the working copy only
    page_id = query("SELECT id FROM signoff_clinicalpage WHERE slug = 'hair-loss'")
    clinician = Visitor()
    assert clinician.sign_in(a, CLINICIAN).status == 302
    review = f"/admin/signoff/clinicalpage/{page_id}/review/"
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', clinician.get(a.url + review).text).group(1)
    decision = {"action": "approve", "fingerprint": fingerprint, "comment": "", "next_review_due": ""}
    decided = clinician.post_form(a, review, decision)
    approved_at = time.monotonic()
    assert decided.status == 302, decided.text[:500]

    on_b = lambda: new_body in patient.get(b.url + "/treatments/hair-loss/").text  # noqa: E731
    wait_for("the approved risk on B's area page", on_b, timeout=1.0 - (time.monotonic() - approved_at), interval=0.02)
    assert "Tom Reid" in patient.get(b.url + "/treatments/hair-loss/").text


def test_who_has_an_enquiry_open_and_who_is_typing_is_seen_across_both_servers(servers):
    """Two handlers' pages beat to different servers (as a load balancer may send them): each sees the other,
    typing included, and a page closed on one server is gone on the other at once."""
    a, b = servers
    first, second = Visitor(), Visitor()
    assert first.sign_in(a, EDITOR).status == 302 and second.sign_in(b, CLINICIAN).status == 302
    record = "enquiries.enquiry:4242"

    def beat(visitor, server, viewer, **extra):
        headers = {"X-CSRFToken": visitor.cookie("csrftoken")}
        answer = visitor.post(server.url + "/admin/presence/", {"record": record, "viewer": viewer, **extra}, headers)
        assert answer.status == 200, answer.text[:300]
        return json.loads(answer.text)["others"]

    assert beat(first, a, "tab-a") == []
    assert [other["name"] for other in beat(second, b, "tab-b")] == [EDITOR]
    beat(first, a, "tab-a", typing="1")
    assert [(other["name"], other["typing"]) for other in beat(second, b, "tab-b")] == [(EDITOR, True)]
    assert [other["name"] for other in beat(first, b, "tab-a")] == [CLINICIAN]  # the same page, now through B
    beat(first, b, "tab-a", leave="1")
    assert beat(second, a, "tab-b") == []
