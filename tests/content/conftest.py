"""Fixtures for the content-quality tests: the shipped content, and a Chromium for the print and editor checks."""

import threading
from pathlib import Path

import pytest

from tests.support.tools import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_CONTEXT, require_tool


@pytest.fixture
def in_chromium():
    """Run `steps(page)` in Debian's Chromium and return what it returns.

    In a thread of its own: Playwright's sync API refuses to start in a thread where
    another Playwright (tests/browser's session browser) already runs its event loop.
    Skipped where Chromium is not installed, except in CI.
    """
    require_tool(Path(CHROMIUM).exists(), f"Chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    def run(steps, cookies=()):
        outcome = {}

        def browse():
            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    try:
                        context = browser.new_context(viewport={"width": 1000, "height": 800}, **CHROMIUM_CONTEXT)
                        context.set_default_timeout(20_000)
                        context.add_cookies(list(cookies))
                        outcome["value"] = steps(context.new_page())
                    finally:
                        browser.close()
            except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
                outcome["error"] = error

        thread = threading.Thread(target=browse)
        thread.start()
        thread.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")

    return run
