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
# Browser contexts open as for a reader who asked for less motion. The site scrolls smoothly otherwise, and
# focusing a field scrolls the page for about 20 frames: a click that lands during it can be pressed on one
# element and released on another, and misses (CI once saw a radio stay unchecked after it was clicked).
# test_reduced_motion_is_respected opens its pages with both settings.
CHROMIUM_CONTEXT = {"reduced_motion": "reduce"}


def require_tool(available, what):
    """A missing tool skips the test on a developer's machine and fails it in CI, where a skip would hide it."""
    if available:
        return
    message = f"{what} is missing; `make test` installs it."
    if os.environ.get("CI"):
        pytest.fail(f"{message} CI must run these tests, not skip them.", pytrace=False)
    pytest.skip(message)
