"""Accessibility in a real browser: axe-core at WCAG 2.2 AA on every public page, and the checks axe cannot make."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import DESKTOP, PHONE, assert_accessible, fill_in_and_send_enquiry, heading_levels
from tests.support.pages import AREA_SLUGS, NOT_FOUND, PUBLIC_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_wcag_22_aa_violations(site, new_page, path, viewport):
    page = new_page(viewport=viewport)
    page.goto(site + path)
    assert_accessible(page)


def test_the_staff_preview_of_a_page_has_no_violations(site, new_page, editor):
    from tests.support.browser import log_in
    from treatments.models import TreatmentArea

    page = new_page(viewport=PHONE)
    log_in(page, site, editor)
    page.goto(f"{site}/preview/area/{TreatmentArea.objects.get(slug='hair-loss').pk}/")
    expect(page.get_by_role("status")).to_contain_text("Preview, not yet approved")
    assert_accessible(page)


def test_404_page_has_no_wcag_22_aa_violations(site, page):
    page.problems.allow("404")
    response = page.goto(site + NOT_FOUND)
    assert response.status == 404
    assert_accessible(page)


def test_enquiry_form_with_its_errors_shown_has_no_violations(site, page):
    page.goto(f"{site}/enquire/")
    page.get_by_label("I am 18 or over").check()
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    assert_accessible(page)


def test_under_18_answer_has_no_violations(site, page):
    page.goto(f"{site}/enquire/?treatment=hair-loss")
    fill_in_and_send_enquiry(
        page, name="Sam Young", email="sam@example.com", question="Can I have this?", age="I am under 18"
    )
    expect(page.locator("main")).to_contain_text("18 or over")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Ask us")
    assert_accessible(page)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_one_h1_and_headings_never_skip_a_level(site, page, path):
    page.goto(site + path)
    levels = heading_levels(page)
    # An error summary (h2) may come before the h1, as in the GOV.UK pattern the enquiry form follows.
    assert levels[0] <= 2 and levels.count(1) == 1, levels
    skipped = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert not skipped, f"{path}: heading levels {levels} skip from h{skipped[0][0]} to h{skipped[0][1]}"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(site, page):
    page.goto(f"{site}/treatments/hair-loss/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab goes to the first link inside the main content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


FOCUS_STYLE = """el => {
  const style = getComputedStyle(el);
  return {outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && style.outlineColor,
          boxShadow: style.boxShadow, background: style.backgroundColor};
}"""


@pytest.mark.parametrize(
    "selector", [".brand", ".nav-list a", "main a", "footer a", "summary"], ids=lambda s: s.replace(" ", "_")
)
def test_keyboard_focus_is_clearly_visible(site, page, selector):
    page.goto(f"{site}/treatments/hair-loss/")
    element = page.locator(selector).first
    before = element.evaluate(FOCUS_STYLE)
    element.focus()
    after = element.evaluate(FOCUS_STYLE)
    assert after != before, f"{selector} looks the same focused and unfocused: {after}"
    assert after["background"] == "rgb(255, 221, 0)" or after["outline"], after


@pytest.mark.parametrize("path", ["/", "/treatments/hair-loss/", "/enquire/", "/about/history/"])
@pytest.mark.parametrize("width", [320, 390])
def test_no_sideways_scrolling_in_a_narrow_window(site, new_page, path, width):
    page = new_page(viewport={"width": width, "height": 700})
    page.goto(site + path)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("path", ["/", "/treatments/hair-loss/", "/enquire/"])
def test_usable_at_200_percent_zoom(site, new_page, path):
    """A 1280 px desktop window at 200% zoom: the page lays out as at 640 CSS pixels, with nothing cut off."""
    page = new_page(viewport={"width": 640, "height": 450}, device_scale_factor=2)
    page.goto(site + path)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.evaluate("window.matchMedia('(resolution: 2dppx)').matches")
    assert_accessible(page)


MOTION_DURATIONS = """els => els.flatMap(el => {
  const style = getComputedStyle(el);
  return [style.animationDuration, style.transitionDuration];
})"""


def test_reduced_motion_is_respected(site, new_page):
    calm = new_page(reduced_motion="reduce")
    calm.goto(f"{site}/treatments/hair-loss/")
    assert calm.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    durations = calm.eval_on_selector_all("*", MOTION_DURATIONS)
    assert set(durations) <= {"0s"}, set(durations)

    moving = new_page(reduced_motion="no-preference")
    moving.goto(f"{site}/treatments/hair-loss/")
    assert moving.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"


@pytest.mark.parametrize("slug", AREA_SLUGS)
def test_every_link_and_control_is_at_least_24_px_or_inline_text(site, page, slug):
    """WCAG 2.2's target size: axe checks it too, but its reasons are easier to read here."""
    page.goto(f"{site}/treatments/{slug}/")
    small = page.eval_on_selector_all(
        "a, button, input, select, textarea, summary",
        """els => els.filter(el => {
             const r = el.getBoundingClientRect();
             if (r.width === 0 || getComputedStyle(el).visibility === 'hidden' || el.closest('p, li, address, td')
                 && getComputedStyle(el).display === 'inline') return false;
             return r.width < 24 || r.height < 24;
           }).map(el => el.outerHTML.slice(0, 120))""",
    )
    assert not small, small
