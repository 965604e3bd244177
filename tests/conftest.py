"""Shared fixtures: a test's own uploads folder and caches, content, users."""

import datetime

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings

from pages.models import ClinicDetails, PageText
from treatments.models import Benefit, Faq, Milestone, Risk, TreatmentArea


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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


@pytest.fixture
def clinic(db):
    return ClinicDetails.objects.create(
        name="Test Clinic",
        address="1 High Street\nTesttown\nAB1 2CD",
        phone="020 7946 0000",
        email="clinic@example.com",
        opening_hours="Monday to Friday: 9am to 5pm",
    )


@pytest.fixture
def area(db, clinic):
    """A published area with benefits, risks, an FAQ and a milestone."""
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
        last_reviewed=datetime.date(2026, 11, 1),
        reviewer_name="Dr Test",
        reviewer_role="Clinical lead",
        next_review_due=datetime.date(2027, 11, 1),
    )
    Benefit.objects.create(
        area=area, title="May slow shedding", body="Some people shed less.", evidence_level="limited"
    )
    Risk.objects.create(area=area, title="Scalp tenderness", body="Your scalp may feel sore.", frequency="common")
    Faq.objects.create(area=area, question="Does it hurt?", answer="It stings a little.")
    Milestone.objects.create(area=area, year=1990, title="First used for hair", body="")
    return area


@pytest.fixture
def draft_area(db):
    return TreatmentArea.objects.create(
        name="Draft area", slug="draft-area", summary="Not ready.", body="Draft.", published=False
    )


@pytest.fixture
def general_content(db):
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


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """collectstatic once per module into a temporary STATIC_ROOT: hashed names, .br and .gz copies."""
    root = tmp_path_factory.mktemp("staticfiles")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(settings, collected_static):
    """Serve the collected files through WhiteNoise, with hashed names in the pages, as in production."""
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    return collected_static
