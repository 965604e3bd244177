"""Fixtures for the deployment tests."""

import pytest


@pytest.fixture
def public_site(clinic, area, general_content):
    """Everything the public pages show: clinic details, a published area, the page texts."""
    return area
