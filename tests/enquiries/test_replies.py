"""Answering from the enquiry's page: replies by email (stored, then sent by the outbox's worker),
templates, the preview, failed sends and "Send again", phone answers and staff notes."""

import smtplib
from unittest import mock

import pytest
from django.db import transaction

from enquiries.models import Enquiry, EnquiryAccess, EnquiryReply, ReplyTemplate
from enquiries.services import reply_send
from outbox.models import OutgoingEmail
from tests.support.versions import seen
from tests.support.worker import make_later_tasks_due, run_worker

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/enquiries/enquiry/"
BROKEN_SMTP = "django.core.mail.backends.locmem.EmailBackend.send_messages"


@pytest.fixture
def handler_client(client, handler_user):
    client.force_login(handler_user)
    return client


def page(enquiry):
    return f"{CHANGELIST}{enquiry.pk}/change/"


def reply(client, enquiry, body, intent="send", **extra):
    data = {"body": body, "intent": intent, "collision_version": seen(enquiry), **extra}
    return client.post(f"{CHANGELIST}{enquiry.pk}/reply/", data, follow=True)


# --- Sending ----------------------------------------------------------------------------------


def test_a_reply_is_stored_then_emailed_once_by_the_worker_and_the_enquiry_is_answered(
    handler_client, enquiry, handler_user, clinic, mailoutbox, settings
):
    settings.DEFAULT_FROM_EMAIL = "website@clinic.example"
    response = reply(handler_client, enquiry, "Dear Ada,\nYes, we can help.")
    assert "Reply saved" in response.content.decode()
    stored = EnquiryReply.objects.get()
    assert (stored.enquiry, stored.author, stored.body) == (enquiry, handler_user, "Dear Ada,\nYes, we can help.")
    assert mailoutbox == []  # the request itself sends nothing

    run_worker()
    run_worker()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ada@example.com"] and mail.from_email == "website@clinic.example"
    assert mail.reply_to == [f'"Test Clinic (ref ENQ-{enquiry.pk})" <clinic@example.com>']
    assert mail.subject == f"Your question to Test Clinic (ref ENQ-{enquiry.pk})"
    assert mail.body == "Dear Ada,\nYes, we can help."
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.ANSWERED and enquiry.answered_by == handler_user
    assert EnquiryAccess.objects.filter(enquiry=enquiry, action="replied").count() == 1


def test_a_reply_whose_transaction_rolls_back_leaves_no_reply_and_no_mail(enquiry, handler_user, clinic, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        reply_send(enquiry, "Hello", by=handler_user)
        raise RuntimeError("something after the reply failed")
    run_worker()
    assert EnquiryReply.objects.count() == 0 and OutgoingEmail.objects.count() == 0 and mailoutbox == []


def test_the_thread_shows_the_message_then_each_reply_in_order_with_who_when_and_state(
    handler_client, enquiry, handler_user, clinic
):
    reply(handler_client, enquiry, "First answer")
    run_worker()
    reply(handler_client, enquiry, "Second answer")
    html = handler_client.get(page(enquiry)).content.decode()
    thread = html[html.index('id="thread"') :]
    message_at = thread.index("My hair is thinning")
    assert message_at < thread.index("First answer") < thread.index("Second answer")
    assert thread.count("handler, ") == 2
    assert "Sent " in thread and "Waiting to send" in thread


def test_an_empty_reply_is_refused_with_a_message_and_nothing_is_stored(handler_client, enquiry, clinic):
    response = reply(handler_client, enquiry, "   \n ")
    assert "the reply box is empty" in response.content.decode()
    assert EnquiryReply.objects.count() == 0 and OutgoingEmail.objects.count() == 0
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.NEW


def test_a_reply_to_spam_is_refused_and_the_text_typed_is_kept(handler_client, enquiry, clinic):
    enquiry.mark_spam(by=None)
    response = reply(handler_client, enquiry, "A reply I took care over")
    html = response.content.decode()
    assert "marked as spam, so it cannot be answered" in html
    assert "A reply I took care over" in html  # back in the reply box
    assert EnquiryReply.objects.count() == 0 and OutgoingEmail.objects.count() == 0


def test_the_preview_shows_the_email_as_the_patient_will_get_it_and_sends_nothing(handler_client, enquiry, clinic):
    html = reply(handler_client, enquiry, "Dear Ada, see you soon.", intent="preview").content.decode()
    preview = html[html.index('id="reply-preview"') :]
    assert "ada@example.com" in preview and "Your question to Test Clinic" in preview
    assert "Dear Ada, see you soon." in preview
    assert EnquiryReply.objects.count() == 0 and OutgoingEmail.objects.count() == 0


def test_replies_cannot_be_changed_once_made(handler_client, admin_client, enquiry, clinic):
    reply(handler_client, enquiry, "Sent words")
    stored = EnquiryReply.objects.get()
    # No admin page edits a reply, for anyone.
    assert admin_client.get(f"/admin/enquiries/enquiryreply/{stored.pk}/change/").status_code == 404
    html = handler_client.get(page(enquiry)).content.decode()
    # Shown once, as text in the thread: no field on the page holds it to be edited.
    assert html.count("Sent words") == 1 and html.index("Sent words") < html.index('id="reply"')


# --- Failed sends --------------------------------------------------------------------------------


def test_a_failed_send_is_retried_then_kept_failed_with_the_reason_and_send_again_sends_it(
    handler_client, enquiry, clinic, mailoutbox, settings
):
    settings.OUTBOX_RETRY_DELAYS = [30, 120]
    reply(handler_client, enquiry, "Our answer")
    mail = OutgoingEmail.objects.get(kind="enquiry_reply")
    down = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    with mock.patch(BROKEN_SMTP, side_effect=down) as smtp:
        run_worker()
        mail.refresh_from_db()
        assert (mail.status, mail.attempts) == ("queued", 1)
        assert (mail.next_attempt_at - mail.last_attempt_at).total_seconds() == 30  # the first retry: within a minute
        run_worker()  # the retry is not due yet
        assert smtp.call_count == 1
        make_later_tasks_due()
        run_worker()
        mail.refresh_from_db()
        assert (mail.next_attempt_at - mail.last_attempt_at).total_seconds() == 120  # backing off
        make_later_tasks_due()
        run_worker()
        assert smtp.call_count == 3
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == ("failed", 3)
    assert mailoutbox == []

    html = handler_client.get(page(enquiry)).content.decode()
    assert "Failed after 3 tries: The connection to the mail server was lost." in html
    stored = EnquiryReply.objects.get()
    again = f"{CHANGELIST}{enquiry.pk}/replies/{stored.pk}/send-again/"
    assert f'action="{again}"' in html

    response = handler_client.post(again, follow=True)
    assert "The reply is being sent again." in response.content.decode()
    run_worker()
    mail.refresh_from_db()
    assert mail.status == "sent" and len(mailoutbox) == 1 and mailoutbox[0].body == "Our answer"
    assert EnquiryAccess.objects.filter(enquiry=enquiry, action="resent").count() == 1
    # Sent now: asking again is refused, and nothing more goes out.
    assert "has not failed" in handler_client.post(again, follow=True).content.decode()
    run_worker()
    assert len(mailoutbox) == 1


# --- Templates ----------------------------------------------------------------------------------


def test_a_template_fills_its_placeholders_for_the_enquiry_and_handler(enquiry, handler_user, clinic):
    handler_user.first_name, handler_user.last_name = "Sam", "Handler"
    template = ReplyTemplate(
        title="Thanks", body="Dear {first_name}, about {area}: call {clinic_phone}. {handler_name}, {clinic_name}"
    )
    filled = template.fill(enquiry=enquiry, handler=handler_user, clinic=clinic)
    assert filled == "Dear Ada, about Hair loss: call 020 7946 0000. Sam Handler, Test Clinic"


def test_a_template_with_an_unknown_placeholder_is_refused_when_saved(handler_client):
    response = handler_client.post(
        "/admin/enquiries/replytemplate/add/", {"title": "Bad", "body": "Dear {surname}, thanks."}
    )
    assert response.status_code == 200
    assert "This template uses {surname}, which the site cannot fill in." in response.content.decode()
    assert ReplyTemplate.objects.count() == 0
    response = handler_client.post(
        "/admin/enquiries/replytemplate/add/", {"title": "Good", "body": "Dear {first_name}, thanks."}
    )
    assert response.status_code == 302 and ReplyTemplate.objects.get().title == "Good"


def test_picking_a_template_puts_it_filled_in_the_reply_box(handler_client, enquiry, clinic):
    template = ReplyTemplate.objects.create(title="Consultation", body="Dear {first_name}, please book a chat.")
    html = reply(handler_client, enquiry, "", intent="template", template=template.pk).content.decode()
    box = html[html.index('name="body"') :]
    assert box[: box.index("</textarea>")].endswith("Dear Ada, please book a chat.")
    assert EnquiryReply.objects.count() == 0


# --- By phone, and notes -------------------------------------------------------------------------


def test_a_phone_enquiry_can_be_marked_answered_with_a_note_of_the_call(
    handler_client, enquiry, handler_user, clinic, mailoutbox
):
    Enquiry.objects.filter(pk=enquiry.pk).update(preferred_contact="phone")
    html = handler_client.get(page(enquiry)).content.decode()
    assert "Preferred contact: Phone" in html and 'href="tel:01632 960001"' in html
    empty = handler_client.post(
        f"{CHANGELIST}{enquiry.pk}/phone/", {"note": "", "collision_version": seen(enquiry)}, follow=True
    )
    assert "Write a short note of the call" in empty.content.decode()
    handler_client.post(
        f"{CHANGELIST}{enquiry.pk}/phone/",
        {"note": "Called, booked a consultation.", "collision_version": seen(enquiry)},
    )
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.ANSWERED and enquiry.answered_by == handler_user
    call = EnquiryReply.objects.get()
    assert call.channel == "phone" and call.body == "Called, booked a consultation."
    run_worker()
    assert mailoutbox == [] and not OutgoingEmail.objects.filter(kind="enquiry_reply").exists()
    assert "phone call" in handler_client.get(page(enquiry)).content.decode()


def test_notes_are_kept_in_order_with_who_and_when_and_never_overwritten(handler_client, enquiry, clinic):
    for text in ("Left a voicemail.", "Second try, no answer."):
        handler_client.post(f"{CHANGELIST}{enquiry.pk}/note/", {"text": text, "collision_version": seen(enquiry)})
    empty = handler_client.post(f"{CHANGELIST}{enquiry.pk}/note/", {"text": ""}, follow=True)
    assert "Write the note before adding it." in empty.content.decode()
    assert list(enquiry.notes.values_list("text", "author_name")) == [
        ("Left a voicemail.", "handler"),
        ("Second try, no answer.", "handler"),
    ]
    html = handler_client.get(page(enquiry)).content.decode()
    assert html.index("Left a voicemail.") < html.index("Second try, no answer.")
    assert EnquiryAccess.objects.filter(enquiry=enquiry, action="noted").count() == 2


def test_the_page_shows_the_mail_about_the_enquiry_and_its_state(client, handler_client, area, clinic):
    from tests.support.enquiries import post

    post(client)
    enquiry = Enquiry.objects.get()
    with mock.patch(BROKEN_SMTP, side_effect=ConnectionRefusedError()):
        run_worker()
    html = handler_client.get(page(enquiry)).content.decode()
    mails = html[html.index('id="mails"') :]
    assert "Notice to the clinic" in mails and "Acknowledgement to the patient" in mails
    assert "try 1 failed (The mail server refused the connection.)" in mails
