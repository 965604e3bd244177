"""Search, "Was this page helpful?" and the questions to ask, in Debian's Chromium against the live server."""

import re

import pytest
from playwright.sync_api import expect

from feedback.models import Feedback
from tests.support.browser import DESKTOP, PHONE, assert_accessible, heading_levels, log_in

pytestmark = pytest.mark.browser

AREA = "/treatments/hair-loss/"
CONTACT = "It did not say how long the redness lasts. Email me on ada.lovelace@example.org or call 07700 900123."


def answer_no_with_a_reason(page):
    page.get_by_role("button", name="No").click()
    page.get_by_label("It was hard to understand").check()
    page.get_by_label("Tell us more (optional)").fill(CONTACT)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("We will use what you told us")).to_be_visible()


def assert_kept_without_contact_details():
    feedback = Feedback.objects.get()
    assert (feedback.page, feedback.helpful, feedback.reason) == (AREA, False, "hard")
    assert "@" not in feedback.comment and "07700" not in feedback.comment and "900123" not in feedback.comment
    assert feedback.comment.startswith("It did not say how long the redness lasts.")


def test_feedback_sent_from_a_cached_page_is_answered_in_place_and_kept_without_contact_details(site, page):
    page.goto(site + AREA)
    page.goto(site + AREA)  # now from the page cache: no token, no cookie
    assert page.context.cookies() == []
    answer_no_with_a_reason(page)
    assert page.url == site + AREA  # answered in place
    assert_kept_without_contact_details()
    assert_accessible(page)


def test_feedback_works_without_javascript(site, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(site + AREA)
    answer_no_with_a_reason(page)
    assert "/feedback/thanks/" in page.url
    assert_kept_without_contact_details()
    page.get_by_role("link", name="Go back to the page").click()
    expect(page).to_have_url(site + AREA)


def test_a_burst_of_feedback_gets_429(site, page, settings):
    settings.FEEDBACK_RATE_LIMIT = "5/m"
    statuses = [
        page.request.post(
            f"{site}/feedback/", form={"page": AREA, "helpful": "yes"}, headers={"Origin": site}, max_redirects=0
        ).status
        for _ in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    assert Feedback.objects.count() == 5


def test_reviewers_see_the_feedback_and_the_early_review_flag(site, new_page, reviewer, settings):
    settings.FEEDBACK_REVIEW_THRESHOLD = 2
    patient = new_page(java_script_enabled=False)
    for _ in range(2):
        patient.goto(site + AREA)
        patient.get_by_role("button", name="No").click()
        expect(patient.get_by_text("If you tell us what was wrong")).to_be_visible()
    staff = new_page(viewport=DESKTOP)
    log_in(staff, site, reviewer)
    panel = staff.locator("#early-review-panel")
    expect(panel).to_contain_text("Hair loss")
    panel.get_by_role("link", name="2").click()
    expect(staff.locator("#result_list tbody tr")).to_have_count(2)
    expect(staff.locator("#feedback-by-page")).to_contain_text(AREA)


def test_the_header_search_finds_a_misspelt_page_on_a_phone_without_javascript(site, new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(site + "/about/history/")
    box = page.get_by_role("searchbox", name="Search this site")
    box.fill("hiar loss")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results")
    first = page.locator("ol.results > li").first
    expect(first.get_by_role("link")).to_have_attribute("href", AREA)
    expect(first.locator("mark").first).to_have_text(re.compile("hair", re.I))
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("query", ["bruising", "botox", "xylophone", "", "a" * 3000])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_search_answers_have_no_wcag_22_aa_violations(site, new_page, query, viewport):
    page = new_page(viewport=viewport)
    page.goto(f"{site}/search/?q={query}")
    assert_accessible(page)
    levels = heading_levels(page)
    assert levels.count(1) == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_the_reason_form_after_no_has_no_violations_in_place_or_on_its_own_page(site, page):
    page.goto(site + AREA)
    page.get_by_role("button", name="No").click()
    expect(page.get_by_label("Tell us more (optional)")).to_be_visible()
    assert_accessible(page)
    # As a browser without JavaScript gets it: the thank-you page the answer redirects to.
    sent = page.request.post(
        f"{site}/feedback/", form={"page": AREA, "helpful": "no"}, headers={"Origin": site}, max_redirects=0
    )
    page.goto(site + sent.headers["location"])
    expect(page.get_by_label("Tell us more (optional)")).to_be_visible()
    assert_accessible(page)


PAGES_IN_PDF = re.compile(rb"/Type\s*/Page[^s]")


def test_print_these_questions_prints_them_on_one_sheet(site, page):
    page.add_init_script("window.print = () => {}")
    page.goto(site + AREA)
    page.get_by_role("button", name="Print these questions").click()
    page.emulate_media(media="print")
    expect(page.locator("#questions")).to_be_visible()
    expect(page.locator("#risks")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    pdf = page.pdf(format="A4")
    assert len(PAGES_IN_PDF.findall(pdf)) == 1
