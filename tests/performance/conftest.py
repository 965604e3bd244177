"""Fixtures for the speed budgets: the real content, and static files collected as production serves them."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def content(db):
    """The site's real content (content/*.md): budgets measured on a test fixture would flatter us."""
    call_command("load_content", verbosity=0)
    # A connection asks SQLite once whether it has JSON functions (a query, then cached for the process):
    # ask now, so that the budgets count what every request costs.
    assert connection.features.supports_json_field


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
