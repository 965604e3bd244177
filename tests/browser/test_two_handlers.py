"""Two handlers on one enquiry, each in their own browser (two Chromium contexts, two sessions): each sees
the other arrive and start a reply without reloading; a save made on a page the other has since changed is
refused and changes nothing; the second replier is shown the first reply before theirs can go; drafts
survive the page's Save, leaving, and choosing a saved reply."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from collisions import presence
from enquiries.models import Enquiry, EnquiryReply, ReplyTemplate
from tests.support.browser import DESKTOP, log_in, make_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def quick_beats(monkeypatch):
    """Pages beat every second instead of every ten, so a test need not wait."""
    monkeypatch.setattr(presence, "BEAT_SECONDS", 1)


@pytest.fixture
def enquiry(site):
    return Enquiry.objects.create(
        name="Pat Twohandlers", email="pat@example.com", phone="07700 900123", message="Is it painful?",
        preferred_contact="email", consent_given_at=timezone.now(), privacy_version="v",
    )  # fmt: skip


@pytest.fixture
def desks(site, new_page, handler, quick_beats):
    """Two handlers signed in, each in a browser context of their own."""
    second = make_staff("sam", "Enquiry handlers")
    first_page, second_page = new_page(viewport=DESKTOP), new_page(viewport=DESKTOP)
    log_in(first_page, site, handler)
    log_in(second_page, site, second)
    return first_page, second_page


def open_enquiry(page, site, enquiry):
    page.goto(f"{site}/admin/enquiries/enquiry/{enquiry.pk}/change/")
    expect(page.locator("#preferred-contact")).to_be_visible()


def test_a_stale_save_is_refused_and_nothing_changes(site, desks, enquiry):
    first, second = desks
    open_enquiry(first, site, enquiry)
    open_enquiry(second, site, enquiry)
    # Each sees the other, without reloading.
    expect(first.locator("#presence")).to_contain_text("sam also has this enquiry open")
    expect(second.locator("#presence")).to_contain_text("handler also has this enquiry open")

    second.get_by_label("Your reply").fill("Dear Pat,")
    expect(first.locator("#presence")).to_contain_text("sam has started a reply")

    second.get_by_label("Status").select_option(label="Closed")
    second.get_by_role("button", name="Save and continue editing").click()
    expect(second.locator(".messagelist .success")).to_be_visible()
    expect(first.locator("#presence .presence-changed")).to_contain_text("Changed by sam")

    first.get_by_label("Status").select_option(label="In progress")
    first.get_by_role("button", name="Save and continue editing").click()
    expect(first.locator(".messagelist .error")).to_contain_text("Not saved: this enquiry changed after you opened it")
    expect(first.locator(".messagelist .error")).to_contain_text("Status: “New” → “Closed”")
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.CLOSED and enquiry.assigned_to is None
    # What the first handler chose is still there to save again, knowing.
    expect(first.get_by_label("Status")).to_have_value("in_progress")


def test_the_second_replier_is_shown_the_first_reply_before_sending(site, desks, enquiry):
    first, second = desks
    open_enquiry(first, site, enquiry)
    open_enquiry(second, site, enquiry)
    second.get_by_label("Your reply").fill("A session is £250.")
    second.get_by_role("button", name="Send reply").click()
    expect(second.locator(".messagelist .success")).to_contain_text("Reply saved")

    first.get_by_label("Your reply").fill("A session is £300.")
    first.get_by_role("button", name="Send reply").click()
    warning = first.locator("#other-replies")
    expect(warning).to_contain_text("Another reply was sent after you opened this page")
    expect(warning).to_contain_text("A session is £250.")
    expect(first.get_by_label("Your reply")).to_have_value("A session is £300.")
    assert list(EnquiryReply.objects.values_list("body", flat=True)) == ["A session is £250."]

    first.get_by_role("button", name="Send my reply as well").click()
    expect(first.locator(".messagelist .success")).to_contain_text("Reply saved")
    assert EnquiryReply.objects.count() == 2


def test_a_draft_survives_save_leaving_and_a_saved_reply(site, desks, enquiry):
    ReplyTemplate.objects.create(title="Book a chat", body="Please book a consultation.")
    first, _ = desks
    open_enquiry(first, site, enquiry)
    box = first.get_by_label("Your reply")
    box.fill("Dear Pat,\n\nThank you.")
    box.evaluate("box => box.setSelectionRange(10, 10)")  # after "Dear Pat,\n"
    first.get_by_label("Start from a saved reply").select_option(label="Book a chat")
    first.get_by_role("button", name="Use this reply").click()
    expect(box).to_have_value("Dear Pat,\nPlease book a consultation.\nThank you.")

    first.get_by_label("Assigned to").select_option(label="handler")
    first.get_by_role("button", name="Save", exact=True).click()  # the page's Save: to the list
    expect(first.locator(".messagelist .success")).to_be_visible()
    open_enquiry(first, site, enquiry)
    expect(first.get_by_label("Your reply")).to_have_value("Dear Pat,\nPlease book a consultation.\nThank you.")

    asked = []
    first.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    first.get_by_label("Your reply").press("End")  # the page has been used: browsers ask only then
    first.get_by_role("link", name="Enquiries", exact=True).first.click()
    expect(first.get_by_label("Your reply")).to_be_visible()
    assert asked == ["beforeunload"]
