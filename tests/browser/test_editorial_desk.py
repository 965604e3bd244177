"""The editorial desk in a real browser: a submitted page waits on the reviewer's home with a link to its
review screen (readable on a phone, no axe violations); a page sent back waits on its editor's home; two
editors on one clinical form: the later save is refused and nothing is lost."""

import pytest
from playwright.sync_api import expect

from collisions import presence
from tests.support.browser import DESKTOP, PHONE, assert_accessible, log_in, make_staff, submit_for_review
from treatments.models import TreatmentArea

pytestmark = pytest.mark.browser


def test_a_submitted_page_waits_for_the_reviewer_and_a_page_sent_back_waits_for_its_editor(
    site, new_page, editor, reviewer
):
    area = TreatmentArea.objects.get(slug="hair-loss")
    staff = new_page(viewport=DESKTOP)
    log_in(staff, site, editor)
    staff.goto(f"{site}/admin/treatments/treatmentarea/{area.pk}/change/")
    staff.get_by_label("Summary").fill("Small injections into the scalp that may slow hair loss for some people.")
    submit_for_review(staff)

    clinician = new_page(viewport=PHONE)
    log_in(clinician, site, reviewer)
    queue = clinician.locator("#signoff-queue")
    expect(queue.get_by_role("heading")).to_have_text("Awaiting your review (1)")
    queue.get_by_role("link", name="Hair loss").click()
    expect(clinician.get_by_role("heading", name="What would change for patients")).to_be_visible()
    assert clinician.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # axe-core measures some things on this screen by adding a <style> of its own, which the admin's CSP
    # refuses; the screen itself adds none (run without axe, the browser reports nothing).
    clinician.problems.allow("style-src")
    assert_accessible(clinician)

    clinician.get_by_label("Comment").fill("Say who it may help, and that it may not work for everyone.")
    clinician.get_by_role("button", name="Request changes").click()
    expect(clinician.locator(".messagelist .success")).to_contain_text("sent back to its editor")

    staff.goto(f"{site}/admin/")
    sent_back = staff.locator("#desk-sent-back")
    expect(sent_back.get_by_role("heading")).to_have_text("Sent back to you (1)")
    sent_back.get_by_role("link", name="Hair loss").click()
    expect(staff.locator(".signoff-comment")).to_contain_text("Say who it may help")


def test_two_editors_on_one_form_the_later_save_is_refused_and_nothing_is_lost(site, new_page, editor, monkeypatch):
    monkeypatch.setattr(presence, "BEAT_SECONDS", 1)  # pages beat every second, so the test need not wait
    area = TreatmentArea.objects.get(slug="hair-loss")
    second = make_staff("eve", "Content editors")
    first_page, second_page = new_page(viewport=DESKTOP), new_page(viewport=DESKTOP)
    log_in(first_page, site, editor)
    log_in(second_page, site, second)
    url = f"{site}/admin/treatments/treatmentarea/{area.pk}/change/"
    first_page.goto(url)
    second_page.goto(url)
    expect(first_page.locator("#presence")).to_contain_text("eve also has this treatment area open")

    second_page.get_by_label("Summary").fill("The second editor's summary.")
    second_page.get_by_role("button", name="Save and continue editing").first.click()
    expect(second_page.locator(".messagelist .success")).to_be_visible()

    first_page.get_by_label("Aftercare").fill("The first editor's aftercare.")
    first_page.get_by_role("button", name="Save and continue editing").first.click()
    expect(first_page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(first_page.locator(".messagelist")).to_contain_text("Summary")  # what the other changed
    expect(first_page.get_by_label("Aftercare")).to_have_value("The first editor's aftercare.")  # kept
    area.refresh_from_db()
    assert area.summary == "The second editor's summary." and area.aftercare != "The first editor's aftercare."

    first_page.get_by_role("button", name="Save and continue editing").first.click()  # knowing, again
    expect(first_page.locator(".messagelist .success")).to_be_visible()
    area.refresh_from_db()
    assert area.summary == "The second editor's summary." and area.aftercare == "The first editor's aftercare."
