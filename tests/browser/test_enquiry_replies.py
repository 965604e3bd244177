"""A handler answers an enquiry from its page in Chromium: picks a saved reply, edits it, previews and
sends it; the conversation shows it, the outbox's worker sends it, and the list shows it answered."""

import pytest
from playwright.sync_api import expect

from enquiries.models import Enquiry, ReplyTemplate
from tests.outbox.worker import run_worker
from tests.support.browser import DESKTOP, log_in, send_enquiry

pytestmark = pytest.mark.browser


def test_a_handler_answers_a_new_enquiry_from_a_template_and_the_list_shows_it_answered(
    site, new_page, handler, mailoutbox
):
    ReplyTemplate.objects.create(
        title="Knee pain: book a consultation",
        body="Dear {first_name},\n\nThank you for asking about {area}. {handler_name}",
    )
    send_enquiry(new_page(), site, "pat@example.com")
    enquiry = Enquiry.objects.get(email="pat@example.com")

    staff = new_page(viewport=DESKTOP)
    log_in(staff, site, handler)
    expect(staff.locator("#new-enquiries-module")).to_contain_text("1 new enquiry")
    staff.get_by_role("link", name="Enquiries", exact=True).first.click()
    staff.get_by_role("link", name="Pat Handler-Test").click()
    expect(staff.locator("#preferred-contact")).to_contain_text("Preferred contact: Email")

    staff.get_by_label("Start from a saved reply").select_option(label="Knee pain: book a consultation")
    staff.get_by_role("button", name="Use this reply").click()
    box = staff.get_by_label("Your reply")
    expect(box).to_have_value("Dear Pat,\n\nThank you for asking about Pain management. handler")
    box.fill(box.input_value() + "\n\nA consultation is free; call us to book.")
    staff.get_by_role("button", name="Preview the email").click()
    preview = staff.locator("#reply-preview")
    expect(preview).to_contain_text("pat@example.com")
    expect(preview).to_contain_text("A consultation is free; call us to book.")

    staff.get_by_role("button", name="Send reply").click()
    expect(staff.locator(".messagelist .success")).to_contain_text("Reply saved")
    thread = staff.locator("#thread")
    expect(thread).to_contain_text("Thank you for asking about Pain management.")
    expect(thread).to_contain_text("A consultation is free; call us to book.")
    expect(thread.locator(".thread-reply")).to_contain_text("handler")
    expect(thread.locator(".reply-state")).to_have_text("Waiting to send")

    run_worker()  # the outbox's worker, as `manage.py db_worker` runs it beside the site
    staff.reload()
    expect(staff.locator("#thread .reply-state")).to_contain_text("Sent")
    assert [mail.to for mail in mailoutbox if "consultation is free" in mail.body] == [["pat@example.com"]]

    staff.goto(f"{site}/admin/enquiries/enquiry/")
    row = staff.locator("#result_list tbody tr", has_text="Pat Handler-Test")
    expect(row).to_contain_text("Answered")
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.ANSWERED and enquiry.answered_by == handler
