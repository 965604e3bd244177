"""Two handlers on one enquiry: every write from its page (status, assignee, reply, phone answer, note,
reopen) is checked against the version the page showed. A stale one changes nothing, says who changed
what and when, and keeps what was typed; a second reply asks first and shows the one already sent."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from enquiries import services
from enquiries.models import Enquiry, EnquiryAccess, EnquiryReply
from outbox.models import OutgoingEmail

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/enquiries/enquiry/"
TOKEN = re.compile(r'name="collision_version" value="([^"]+)"')


@pytest.fixture
def second_handler(handler_user, django_user_model):
    user = django_user_model.objects.create_user("sam", "sam@example.com", "a-long-test-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Enquiry handlers"))
    return user


@pytest.fixture
def desks(handler_user, second_handler):
    """Two browsers, each signed in as one of the handlers."""
    first, second = Client(), Client()
    first.force_login(handler_user)
    second.force_login(second_handler)
    return first, second


def open_page(client, enquiry):
    html = client.get(f"{CHANGELIST}{enquiry.pk}/change/").content.decode()
    tokens = set(TOKEN.findall(html))
    assert len(tokens) == 1, "every form on the page carries the same version"
    return tokens.pop()


def post(client, enquiry, action, token, **data):
    return client.post(f"{CHANGELIST}{enquiry.pk}/{action}/", {"collision_version": token, **data})


def test_a_stale_status_save_is_refused_and_nothing_changes(desks, enquiry, handler_user, clinic):
    """The reported lost update: a page opened earlier put a closed, answered enquiry back to New."""
    first, second = desks
    stale = open_page(first, enquiry)
    services.reply_send(enquiry, "We can help.", by=handler_user)
    fresh = open_page(second, enquiry)
    post(second, enquiry, "change", fresh, status="closed", assigned_to=handler_user.pk)
    log_before = EnquiryAccess.objects.exclude(action="opened").count()

    refused = post(first, enquiry, "change", stale, status="new", assigned_to="")
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Not saved: this enquiry changed after you opened it" in html
    assert "Status: “New” → “Closed”" in html
    assert "Replies: added email reply by handler" in html
    assert "sam" in html and "Changed the status (Answered → Closed)" in html
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.CLOSED and enquiry.assigned_to == handler_user
    assert EnquiryAccess.objects.exclude(action="opened").count() == log_before  # nothing logged either
    # The fields the first handler had not touched now show the enquiry as it is.
    assert re.search(r'<option value="closed" selected>', html)


def test_a_second_reply_asks_first_and_shows_the_reply_already_sent(desks, enquiry, clinic, mailoutbox):
    first, second = desks
    first_token, second_token = open_page(first, enquiry), open_page(second, enquiry)
    assert post(second, enquiry, "reply", second_token, body="£250 a session.", intent="send").status_code == 302

    asked = post(first, enquiry, "reply", first_token, body="£300 a session, no downtime at all.", intent="send")
    html = asked.content.decode()
    assert asked.status_code == 200
    panel = html[html.index('id="other-replies"') : html.index("</div>", html.index('id="other-replies"'))]
    assert "Another reply was sent after you opened this page" in panel and "£250 a session." in panel
    assert "£300 a session, no downtime at all.</textarea>" in html  # kept, not sent
    assert 'value="Send my reply as well"' in html
    assert EnquiryReply.objects.count() == 1 and OutgoingEmail.objects.filter(kind="enquiry_reply").count() == 1

    # Sending it anyway, after seeing the other: its wording is checked, then it goes.
    token = TOKEN.search(html[html.index('id="reply-form"') :]).group(1)
    checked = post(first, enquiry, "reply", token, body="£300 a session, no downtime at all.", intent="send")
    assert "no downtime" in checked.content.decode() and "Send it as it is" in checked.content.decode()
    assert EnquiryReply.objects.count() == 1
    sent = post(first, enquiry, "reply", token, body="£300 a session, no downtime at all.", intent="send-checked")
    assert sent.status_code == 302 and EnquiryReply.objects.count() == 2


def test_a_stale_note_or_phone_answer_is_refused_and_kept(desks, enquiry, second_handler):
    first, _ = desks
    Enquiry.objects.filter(pk=enquiry.pk).update(phone="01632 960001")
    token = open_page(first, enquiry)
    services.note_add(enquiry, "Patient rang back.", by=second_handler)
    note = post(first, enquiry, "note", token, text="Left a voicemail.").content.decode()
    assert "Staff notes: added note by sam" in note and "Left a voicemail.</textarea>" in note
    phone = post(first, enquiry, "phone", token, note="Called, booked.").content.decode()
    assert "Not saved" in phone and "Called, booked.</textarea>" in phone
    assert list(enquiry.notes.values_list("text", flat=True)) == ["Patient rang back."]
    assert not EnquiryReply.objects.exists()


def test_a_closed_enquiry_offers_no_reply_box_until_reopened(desks, enquiry, handler_user, clinic):
    first, _ = desks
    enquiry.close(by=handler_user)
    html = first.get(f"{CHANGELIST}{enquiry.pk}/change/").content.decode()
    assert 'id="reply-form"' not in html and "Reopen to answer" in html
    token = TOKEN.search(html).group(1)
    refused = post(first, enquiry, "reply", token, body="Hello", intent="send").content.decode()
    assert "This enquiry is closed, so it takes no reply." in refused and not EnquiryReply.objects.exists()

    assert post(first, enquiry, "reopen", open_page(first, enquiry)).status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.IN_PROGRESS
    assert post(first, enquiry, "reply", open_page(first, enquiry), body="Hello", intent="send").status_code == 302


def test_answering_assigns_the_answerer_when_nobody_has_it(desks, enquiry, second_handler, clinic):
    _, second = desks
    post(second, enquiry, "reply", open_page(second, enquiry), body="We can help.", intent="send")
    enquiry.refresh_from_db()
    assert enquiry.assigned_to == second_handler and enquiry.answered_by == second_handler
    assert enquiry in Enquiry.objects.filter(assigned_to=second_handler)  # so it is in their "Mine"


def test_a_saved_reply_goes_after_what_was_typed_without_javascript(desks, enquiry, clinic):
    from enquiries.models import ReplyTemplate

    first, _ = desks
    template = ReplyTemplate.objects.create(title="Book", body="Please book a consultation, {first_name}.")
    html = post(
        first, enquiry, "reply", open_page(first, enquiry), body="Thank you for asking.", intent="template",
        template=template.pk,
    ).content.decode()  # fmt: skip
    assert "Thank you for asking.\n\nPlease book a consultation, Ada.</textarea>" in html
    # With the page's script, each saved reply travels filled in, to go in at the cursor.
    assert 'data-fill="Please book a consultation, Ada."' in html
