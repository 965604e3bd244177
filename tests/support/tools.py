"""The outside programs some tests drive (Debian's Chromium, Java), and what happens when one is missing."""

import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the networking flags Chromium keeps trying to reach Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def require_tool(available, what):
    """A missing tool skips the test on a developer's machine and fails it in CI, where a skip would hide it."""
    if available:
        return
    message = f"{what} is missing; `make test` installs it."
    if os.environ.get("CI"):
        pytest.fail(f"{message} CI must run these tests, not skip them.", pytrace=False)
    pytest.skip(message)
