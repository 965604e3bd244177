"""A patient on a phone reads about a treatment and asks the clinic a question: by touch, and by keyboard only."""

import re

import pytest
from playwright.sync_api import expect

from enquiries.models import Enquiry
from tests.support.browser import fill_in_and_send_enquiry

pytestmark = pytest.mark.browser

# Focus must be obvious: our yellow background, or an outline, or a box-shadow ring.
FOCUS_IS_VISIBLE = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return outline || style.boxShadow !== 'none' || style.backgroundColor === 'rgb(255, 221, 0)';
}"""


def read_the_hair_loss_page(page, site):
    page.goto(f"{site}/treatments/hair-loss/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hair loss")
    for section in ("benefits", "risks", "procedure", "evidence"):
        expect(page.locator(f"#{section}")).to_be_visible()
    # The balance a patient needs before asking: the risks and the honest note on evidence are there.
    expect(page.locator("section.risks .item").first).to_be_visible()
    expect(page.locator("section.evidence-note")).to_contain_text(re.compile(r"\w+"))


def test_a_patient_on_a_phone_reads_an_area_and_sends_an_enquiry(site, page):
    read_the_hair_loss_page(page, site)
    page.get_by_role("link", name="Ask about hair loss").click()
    page.wait_for_url(f"{site}/enquire/?treatment=hair-loss")
    expect(page.get_by_role("radio", name="Hair loss")).to_be_checked()

    fill_in_and_send_enquiry(
        page,
        name="Alex Patient",
        email="alex.patient@example.com",
        question="How many sessions would I need, and does it hurt?",
    )

    page.wait_for_url(f"{site}/enquire/thanks/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    enquiry = Enquiry.objects.get(email="alex.patient@example.com")
    assert enquiry.treatment.slug == "hair-loss"
    assert enquiry.preferred_contact == "email"
    assert enquiry.consent_given_at is not None


def tab_to(page, test, limit=80):
    """Press Tab until `test` (JS, on document.activeElement) holds; every stop on the way shows focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement !== document.body"):
            assert page.evaluate(FOCUS_IS_VISIBLE), page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
        if page.evaluate(f"(el => {test})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached the element where {test}")


def test_a_patient_using_only_a_keyboard_can_send_an_enquiry(site, page):
    page.goto(f"{site}/treatments/hair-loss/")
    # The first Tab offers the skip link, which takes focus past the header into the page's content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    tab_to(page, "el.textContent.trim() === 'Ask about hair loss'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/enquire/?treatment=hair-loss")

    tab_to(page, "el.name === 'name'")
    page.keyboard.type("Kim Keyboard")
    tab_to(page, "el.name === 'email'")
    page.keyboard.type("kim.keyboard@example.com")
    # Tab stops on the chosen radio button of each group; the arrow keys would change it.
    tab_to(page, "el.name === 'treatment'")
    expect(page.get_by_role("radio", name="Hair loss")).to_be_focused()
    tab_to(page, "el.name === 'message'")
    page.keyboard.type("Can I have this if I have a nut allergy?")
    tab_to(page, "el.name === 'consent'")
    page.keyboard.press("Space")
    tab_to(page, "el.name === 'over_18'")
    page.keyboard.press("Space")
    tab_to(page, "el.type === 'submit'")
    page.keyboard.press("Enter")

    page.wait_for_url(f"{site}/enquire/thanks/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    assert Enquiry.objects.filter(email="kim.keyboard@example.com", treatment__slug="hair-loss").exists()


def test_a_patient_who_misses_a_field_sees_why_and_keeps_what_they_typed(site, page):
    page.goto(f"{site}/enquire/")
    page.get_by_label("Your name").fill("Alex Patient")
    page.get_by_label("I am 18 or over").check()
    page.get_by_role("button", name="Send your question").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Enter your email address")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Alex Patient")
    # The summary's links take the patient to the field that needs them.
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    assert not Enquiry.objects.exists()


def test_an_under_18_gets_a_kind_answer_and_nothing_is_kept(site, page):
    page.goto(f"{site}/enquire/?treatment=skin-rejuvenation")
    fill_in_and_send_enquiry(
        page, name="Sam Young", email="sam@example.com", question="Can I have this for my spots?", age="I am under 18"
    )

    expect(page.locator("main")).to_contain_text("18 or over")
    expect(page.get_by_role("link", name="Go back to the form")).to_have_attribute("href", "/enquire/")
    expect(page.get_by_role("link", name="NHS website")).to_be_visible()
    assert not Enquiry.objects.exists()


def test_an_empty_enquiry_shows_field_errors_with_focus_on_the_summary_and_each_link_shows_its_question(site, page):
    """Sent empty: the mistakes, not the under-18 answer; focus on the list of them; each link brings its
    question on screen with its label and message, and the cursor in it."""
    page.goto(f"{site}/enquire/")
    page.get_by_role("button", name="Send your question").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Sorry")
    links = summary.get_by_role("link")
    expect(links.filter(has_text="Tell us if you are 18 or over")).to_have_count(1)
    for number in range(links.count()):
        link = links.nth(number)
        message, target = link.inner_text(), link.get_attribute("href")
        link.click()
        field = page.locator(target)
        expect(field).to_be_focused()
        group = field.locator("xpath=ancestor::div[contains(@class, 'form-group')][1]")
        expect(group.locator(".form-label, .checkbox label").first).to_be_in_viewport(ratio=1)
        expect(group.locator(".form-error")).to_contain_text(message)
        expect(group.locator(".form-error")).to_be_in_viewport(ratio=1)
        summary.scroll_into_view_if_needed()
    assert not Enquiry.objects.exists()
