"""Browser fixtures: one Debian Chromium per session, a fresh context per test, the real content on a live server."""

import shutil
from pathlib import Path

import pytest

from tests.support.browser import PHONE, make_staff
from tests.support.tools import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_CONTEXT, require_tool

TIMEOUT_MS = 20_000

# Runs in every page before the site's own code: a CSP violation becomes a console error we collect,
# with the directive and what was blocked (Chromium's own message does not always say where).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
    + `at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the browser tests, closed when they are done, before the rest of the suite."""
    require_tool(Path(CHROMIUM).exists(), f"Chromium ({CHROMIUM})")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)

    # While Playwright's sync API runs, an asyncio loop counts as running in this thread, which makes
    # Django refuse database calls from the test body ("SynchronousOnlyOperation"); they really are
    # synchronous. Set only while the browser is open, so no other test or subprocess inherits it.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def site(live_site):
    """The live server's root URL, with the site's real content and the staff roles loaded."""
    return live_site


class PageProblems:
    """Everything the browser complained about while a page was open: console errors,
    uncaught exceptions, CSP violations and failed requests.

    A test that expects a complaint (the 404 page's own status, say) says so with `allow()`.
    """

    def __init__(self):
        self.problems = []
        self.allowed = []

    def allow(self, fragment):
        self.allowed.append(fragment)

    def record(self, kind, text):
        self.problems.append(f"{kind}: {text}")

    def unexpected(self):
        return [p for p in self.problems if not any(fragment in p for fragment in self.allowed)]

    def on_console(self, message):
        if message.type == "error":
            self.record("console error", f"{message.text} ({message.location.get('url')})")

    def on_request_failed(self, request):
        # ERR_ABORTED is the browser dropping a request because the page moved on (an icon still loading).
        if "ERR_ABORTED" not in (request.failure or ""):
            self.record("request failed", f"{request.url} {request.failure}")

    def on_response(self, response):
        if response.status >= 400:
            self.record("HTTP", f"{response.status} {response.url}")

    def watch(self, page):
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.record("uncaught exception", str(error)))
        page.on("requestfailed", self.on_request_failed)
        page.on("response", self.on_response)
        return page


@pytest.fixture
def new_page(browser, site):
    """Make a page in a fresh browser context (its own cookies); after the test, assert the browser
    reported no console error, CSP violation or failed request on any of them.

    After `site`, so that the pages are closed before it waits for the last requests they sent."""
    contexts = []
    problems = PageProblems()

    def make(viewport=PHONE, **context_options):
        context = browser.new_context(viewport=viewport, **{**CHROMIUM_CONTEXT, **context_options})
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        contexts.append(context)
        page = problems.watch(context.new_page())
        page.problems = problems
        return page

    yield make
    for context in contexts:
        # Pages that show who else is on a record beat to the server, and say goodbye as they close: none of
        # that may reach the live server once the test is over (its database is being emptied).
        context.route("**/admin/presence/", lambda route: route.abort("aborted"))
        for open_page in context.pages:
            open_page.close(run_before_unload=False)
        context.close()
    assert not problems.unexpected(), "The browser reported problems:\n" + "\n".join(problems.unexpected())


@pytest.fixture
def page(new_page):
    """A phone-sized page: most patients read the site on a phone."""
    return new_page()


@pytest.fixture
def editor(site):
    return make_staff("editor", "Content editors")


@pytest.fixture
def reviewer(site):
    """A clinical reviewer whose login is linked to Tom Reid's entry in the shipped team register."""
    from clinicians.models import Clinician

    user = make_staff("reviewer", "Clinical reviewers")
    Clinician.objects.filter(name="Tom Reid").update(user=user)
    return user


@pytest.fixture
def handler(site):
    return make_staff("handler", "Enquiry handlers")


def tool_path(*parts):
    return Path(__file__).resolve().parents[2].joinpath(*parts)


VNU_JAR = tool_path("node_modules", "vnu-jar", "build", "dist", "vnu.jar")


@pytest.fixture(scope="session")
def vnu():
    """The command that runs the W3C Nu HTML checker (npm's vnu-jar on the machine's Java)."""
    java = shutil.which("java")
    require_tool(java, "Java (for the Nu HTML checker)")
    require_tool(VNU_JAR.exists(), f"The Nu HTML checker ({VNU_JAR.relative_to(tool_path())})")
    return [java, "-jar", str(VNU_JAR)]
