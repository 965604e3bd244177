"""Finding a patient who rings (any form of their number, words from their message or the notes, the
reference), their earlier enquiries, and replies that failed for good: flagged on the enquiry, on the
admin home beside the overdue count, in a filter and in the digest."""

import smtplib
from unittest import mock

import pytest
from django.core.management import call_command

from enquiries import services
from enquiries.models import Enquiry
from enquiries.search import normalise_phone
from tests.support.worker import make_later_tasks_due, run_worker

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/enquiries/enquiry/"
BROKEN_SMTP = "django.core.mail.backends.locmem.EmailBackend.send_messages"


@pytest.fixture
def handler_client(client, handler_user):
    client.force_login(handler_user)
    return client


def make(name, phone="", message="A question", email=None):
    return Enquiry.objects.create(
        name=name, email=email or f"{name.split()[0].lower()}@example.com", phone=phone, message=message,
        preferred_contact="phone" if phone else "email", consent_given_at="2026-12-01T10:00Z", privacy_version="v",
    )  # fmt: skip


def names(client, term):
    html = client.get(CHANGELIST, {"q": term}).content.decode()
    return {name for name in ("Ann Caller", "Bob Other", "Cat Third") if name in html}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07700 900 123", "07700900123"),
        ("+447700900123", "07700900123"),
        ("+44 (0)7700 900-123", "07700900123"),
        ("0044 7700 900123", "07700900123"),
        ("(020) 7946 0000", "02079460000"),
        ("+33 1 23 45 67 89", "+33123456789"),
    ],
)
def test_phone_numbers_are_normalised_however_they_are_written(typed, stored):
    assert normalise_phone(typed) == stored


def test_a_handler_finds_an_enquiry_by_any_form_of_the_number(handler_client):
    make("Ann Caller", phone="07700 900 123")
    make("Bob Other", phone="020 7946 0000")
    for typed in ("+447700900123", "07700900123", "07700 900 123", "0044 7700 900 123", "900 123"):
        assert names(handler_client, typed) == {"Ann Caller"}, typed
    assert names(handler_client, "(020) 7946-0000") == {"Bob Other"}


def test_a_handler_finds_an_enquiry_by_words_from_its_message_or_notes(handler_client, handler_user):
    make("Ann Caller", message="My knees ache after running.")
    bob = make("Bob Other", message="A question about my scalp.")
    make("Cat Third", message="Something else.")
    bob.add_note("Patient mentioned a wedding in June.", by=handler_user)
    assert names(handler_client, "knees") == {"Ann Caller"}
    assert names(handler_client, "wedding") == {"Bob Other"}
    assert names(handler_client, "scalp wedding") == {"Bob Other"}  # every word, from either


def test_a_handler_finds_an_enquiry_by_its_reference(handler_client):
    ann = make("Ann Caller")
    make("Bob Other")
    assert names(handler_client, f"ENQ-{ann.pk}") == {"Ann Caller"}


def test_earlier_enquiries_from_the_same_email_or_phone_are_linked(handler_client):
    first = make("Ann Caller", phone="07700 900 123", email="ann@example.com")
    by_phone = make("Ann Caller", phone="+44 7700 900123", email="other@example.com")
    make("Bob Other")
    latest = make("Ann Caller", email="ANN@example.com", phone="07700900123")
    html = handler_client.get(f"{CHANGELIST}{latest.pk}/change/").content.decode()
    earlier = html[html.index('id="earlier"') :]
    assert f"ENQ-{first.pk}" in earlier and f"ENQ-{by_phone.pk}" in earlier
    assert earlier.count("<li>") == 2


def fail_for_good(enquiry, user, body="Our answer"):
    """A reply whose email fails on the first try and all five retries (OUTBOX_RETRY_DELAYS)."""
    services.reply_send(enquiry, body, by=user)
    down = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    with mock.patch(BROKEN_SMTP, side_effect=down) as smtp:
        for _ in range(6):
            run_worker()
            make_later_tasks_due()
    assert smtp.call_count == 6


def test_a_reply_that_fails_six_times_shows_on_the_home_in_a_filter_and_in_the_digest(
    handler_client, handler_user, enquiry, clinic, mailoutbox, settings
):
    other = make("Bob Other")
    services.reply_send(other, "Sent fine", by=handler_user)
    run_worker()
    fail_for_good(enquiry, handler_user)

    home = handler_client.get("/admin/").content.decode()
    assert "Replies that failed (1)" in home and f'href="{CHANGELIST}?delivery=failed"' in home
    listed = handler_client.get(CHANGELIST, {"delivery": "failed"}).content.decode()
    assert "Ada Patient" in listed and "Bob Other" not in listed and "reply failed" in listed
    assert "Ada Patient" in handler_client.get(CHANGELIST, {"delivery": "failed_mine"}).content.decode()
    page = handler_client.get(f"{CHANGELIST}{enquiry.pk}/change/").content.decode()
    assert "Failed after 6 tries" in page

    mailoutbox.clear()
    call_command("enquiry_digest", "--site-url", "https://clinic.example", stdout=open("/dev/null", "w"))
    run_worker()
    digest = next(mail for mail in mailoutbox if mail.to == ["handler@example.com"])
    assert "1 reply failed" in digest.subject
    assert f"Enquiry ENQ-{enquiry.pk}: https://clinic.example{CHANGELIST}{enquiry.pk}/change/" in digest.body
    assert "Ada" not in digest.body and "Our answer" not in digest.body


def test_a_later_reply_clears_the_failure(handler_client, handler_user, enquiry, clinic):
    fail_for_good(enquiry, handler_user)
    assert list(Enquiry.objects.reply_failed()) == [enquiry]
    services.answer_by_phone(enquiry, "Rang her instead.", by=handler_user)
    assert not Enquiry.objects.reply_failed().exists()
    assert "Replies that failed (0)" in handler_client.get("/admin/").content.decode()


def test_the_area_filter_says_not_sure_in_words(handler_client, enquiry):
    make("Bob Other")  # asked about no area
    html = handler_client.get(CHANGELIST).content.decode()
    filters = html[html.index('id="changelist-filter"') :]
    assert "By area asked about" in filters and ">Not sure</a>" in filters and ">-</a>" not in filters
    assert names(handler_client, "") >= {"Bob Other"}
    not_sure = handler_client.get(CHANGELIST, {"area": "not-sure"}).content.decode()
    assert "Bob Other" in not_sure and "Ada Patient" not in not_sure
    hair_loss = handler_client.get(CHANGELIST, {"area": enquiry.treatment_id}).content.decode()
    assert "Ada Patient" in hair_loss and "Bob Other" not in hair_loss
