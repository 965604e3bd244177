"""Fixtures for the search tests: the shipped content, as a new site loads it."""

import pytest
from django.core.management import call_command


@pytest.fixture
def shipped(db):
    call_command("load_content", verbosity=0)
