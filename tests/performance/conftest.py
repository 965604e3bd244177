"""Fixtures for the speed budgets: the real content, and static files collected as production serves them."""

import pytest
from django.db import connection


@pytest.fixture
def content(real_content):
    """The site's real content (content/*.md): budgets measured on a test fixture would flatter us."""
    # A connection asks SQLite once whether it has JSON functions (a query, then cached for the process):
    # ask now, so that the budgets count what every request costs.
    assert connection.features.supports_json_field
