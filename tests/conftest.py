"""Shared fixtures: a test's own uploads folder and caches, content, users."""

import datetime
import gc
import time
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings

from clinicians.models import Clinician
from pages.models import ClinicDetails, PageText
from sources.models import Source
from tests.support import real_content as real_content_rows
from tests.support.live_server import requests_in_flight
from tests.support.once import only_one_at_a_time, shared_folder
from tests.support.publishing import publish
from treatments.models import Benefit, Faq, Milestone, Risk, TreatmentArea
from treatments.page_kinds import AREA, HISTORY, SAFETY, TREATMENTS


def pytest_collection_finish(session):
    """Django, Playwright and every module are loaded by now and live for the whole run: set them aside
    from the garbage collector, and collect less often. Collections took a tenth of a test process's time."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 1_000)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def steady_rate_limit_window(monkeypatch):
    """django-ratelimit counts in fixed windows by the clock: a burst that crossed the end of one would
    start counting again, and a 429 that is due would come back as the page. Its clock stands still."""
    from django_ratelimit import core

    now = time.time()
    monkeypatch.setattr(core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made in many tests; a slow hash only makes the suite slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Hashed static names need collectstatic; tests that check them use `production_static`."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def empty_caches(settings, tmp_path):
    """Every test starts with empty caches of its own: memory for the shared cache, a folder for
    pages, and each process's page copies as in production."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "pages"),
        },
        "pages-local": settings.CACHES["pages-local"],
    }
    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session", autouse=True)
def quick_flush_on_postgresql():
    """Tests on a live server empty the database after each case. PostgreSQL's TRUNCATE of all 60-odd
    tables takes seconds each time; DELETE takes milliseconds on tables this small, with the foreign
    keys checked at the end of the flush's transaction as before."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED", *(f"DELETE FROM {self.quote_name(table)}" for table in tables)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


LOCAL_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "capture"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "capture-pages"},
    "pages-local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "capture-local"},
}


@pytest.fixture(scope="session")
def _captured_real_content(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(CACHES=LOCAL_CACHES):
        return real_content_rows.capture()


@pytest.fixture
def real_content(db, _captured_real_content):
    """Everything in content/ and the staff roles, as `load_content` and `setup_roles` leave a new
    site: loaded once per session, its rows written into each test's database (tests/support/real_content.py)."""
    real_content_rows.restore(_captured_real_content)


@pytest.fixture
def live_site(transactional_db, live_server, real_content):
    """The live server's root URL, with the site's real content and the staff roles loaded. After the
    test, and after any fixture set up later (a browser's pages), waits for the requests it is still
    answering, before the database is emptied."""
    in_flight = requests_in_flight(live_server)
    yield live_server.url
    in_flight.wait_until_answered()


@pytest.fixture
def clinic(db):
    return ClinicDetails.objects.create(
        name="Test Clinic",
        address="1 High Street\nTesttown\nAB1 2CD",
        phone="020 7946 0000",
        email="clinic@example.com",
        **{day: "9:00-17:00" for day in ("monday", "tuesday", "wednesday", "thursday", "friday")},
        saturday="",
        sunday="",
    )


@pytest.fixture
def clinician(db):
    """A clinician in the team register: the fixtures' content is approved in their name."""
    return Clinician.objects.create(
        name="Dr Test", role="Clinical lead", profession="Doctor", regulator="GMC", registration_number="7000001"
    )


@pytest.fixture
def source(db):
    """A study the fixtures' benefit cites."""
    return Source.objects.create(
        key="smith-2020",
        title="A small trial of scalp injections",
        authors="Smith A, Jones B",
        publisher="Journal of Test Dermatology",
        year=2020,
        link="10.1000/test.2020",
        kind=Source.Kind.RANDOMISED_TRIAL,
        checked=datetime.date(2026, 10, 1),
    )


@pytest.fixture
def area(db, clinic, clinician, source):
    """A published and approved area with benefits, risks, an FAQ and a milestone."""
    area = TreatmentArea.objects.create(
        name="Hair loss",
        slug="hair-loss",
        summary="Small injections into the scalp that may slow hair loss.",
        body="Mesotherapy for **hair loss**.",
        procedure="We clean the scalp and give small injections.",
        sessions_downtime="Four to six sessions.",
        aftercare="Do not wash your hair for a day.",
        evidence_note="The evidence is limited.",
        order=1,
        published=True,
    )
    benefit = Benefit.objects.create(
        area=area, title="May slow shedding", body="Some people shed less.", evidence_level="limited"
    )
    benefit.sources.add(source)
    Risk.objects.create(area=area, title="Scalp tenderness", body="Your scalp may feel sore.", frequency="common")
    Faq.objects.create(area=area, question="Does it hurt?", answer="It stings a little.")
    Milestone.objects.create(area=area, year=1990, title="First used for hair", body="")
    publish(AREA, area.pk, clinician)
    return area


@pytest.fixture
def draft_area(db):
    """An area an editor has started: never approved, so patients cannot see it."""
    return TreatmentArea.objects.create(
        name="Draft area", slug="draft-area", summary="Not ready.", body="Draft.", published=False
    )


@pytest.fixture
def general_content(db, clinician):
    """The general risks, questions and milestones, and page text for every page, approved where that is needed."""
    Risk.objects.create(title="Infection", body="Rare if the skin is cleaned.", frequency="rare")
    Faq.objects.create(question="Is it right for me?", answer="Ask us.")
    Milestone.objects.create(year=1952, title="Dr Michel Pistor", body="First used in France.")
    for page, key, title in [
        ("home", "intro", "Mesotherapy explained"),
        ("home", "areas", "What it is used for"),
        ("home", "enquire", "Ask us first"),
        ("treatments", "intro", "Treatments"),
        ("history", "intro", "History of mesotherapy"),
        ("safety", "intro", "Safety"),
        ("safety", "how-long", "Who should not have it"),
        ("privacy", "intro", "Who we are"),
        ("privacy", "how-long", "How long we keep it"),
    ]:
        PageText.objects.create(page=page, key=key, title=title, body=f"Text for {page} {key}.")
    for kind in (SAFETY, HISTORY, TREATMENTS):
        publish(kind, clinician=clinician)


# --- Enquiries: staff in each role, and one enquiry ----------------------------------


def _staff_in_role(django_user_model, username, role):
    from django.contrib.auth.models import Group

    from roles.definitions import setup_roles

    setup_roles()
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "a-long-test-password-1")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor_user(db, django_user_model):
    """Staff in "Content editors" only (after setup_roles)."""
    return _staff_in_role(django_user_model, "editor", "Content editors")


@pytest.fixture
def reviewer_user(db, django_user_model, clinician):
    """Staff in "Clinical reviewers" only, linked to the `clinician` fixture's register entry."""
    user = _staff_in_role(django_user_model, "reviewer", "Clinical reviewers")
    user.first_name, user.last_name = "Test", "Reviewer"
    user.save()
    clinician.user = user
    clinician.save()
    return user


@pytest.fixture
def handler_user(db, django_user_model):
    """Staff in "Enquiry handlers" only (after setup_roles)."""
    return _staff_in_role(django_user_model, "handler", "Enquiry handlers")


@pytest.fixture
def enquiry(db, area):
    """A new enquiry about the `area` fixture."""
    from django.utils import timezone

    from enquiries.models import Enquiry

    return Enquiry.objects.create(
        name="Ada Patient",
        email="ada@example.com",
        phone="01632 960001",
        treatment=area,
        message="My hair is thinning at the crown since last spring.",
        preferred_contact=Enquiry.PreferredContact.EMAIL,
        consent_given_at=timezone.now(),
        privacy_version="2026-11-01-0123abcd",
    )


MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory, worker_id):
    """collectstatic into a temporary STATIC_ROOT (hashed names, .br and .gz copies), once for the whole
    run, whichever worker asks first: the tests only read it, and compressing every file is slow."""
    root = shared_folder(tmp_path_factory, worker_id) / "staticfiles"
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    with only_one_at_a_time(root.with_suffix(".lock")):
        if not (root / "staticfiles.json").exists():
            with override_settings(STATIC_ROOT=root, STORAGES=storages):
                call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(settings, collected_static):
    """Serve the collected files through WhiteNoise, with hashed names in the pages, as in production."""
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    return collected_static
