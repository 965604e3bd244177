"""What a sent enquiry stores, the emails it queues in the same transaction (sent by the outbox's
worker), and what happens when mail fails."""

import logging
import re
import smtplib
from unittest import mock

import pytest

from enquiries.models import Enquiry
from enquiries.services import privacy_notice_version
from outbox.models import OutgoingEmail
from pages.models import PageText
from tests.outbox.worker import run_worker
from tests.support.enquiries import post, valid_data

pytestmark = pytest.mark.django_db

MESSAGE = "Could this help with thinning at the crown?"


@pytest.fixture
def privacy_text(db):
    return [
        PageText.objects.create(page="privacy", key="who-we-are", title="Who we are", body="We are a clinic."),
        PageText.objects.create(page="privacy", key="how-long", title="How long", body="We keep it a while."),
    ]


def send(client, **overrides):
    """Send the form, then let the outbox's worker deliver what it queued."""
    response = post(client, message=MESSAGE, **overrides)
    run_worker()
    return response


def test_enquiry_records_consent_time_and_privacy_version(client, area, privacy_text):
    post(client)
    enquiry = Enquiry.objects.get()
    assert enquiry.consent_given_at is not None
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-[0-9a-f]{8}", enquiry.privacy_version)
    assert enquiry.privacy_version == privacy_notice_version()


def test_privacy_version_changes_when_the_notice_or_retention_changes(privacy_text, settings):
    first = privacy_notice_version()
    block = privacy_text[0]
    block.body = "We are a clinic in Testtown."
    block.save()
    second = privacy_notice_version()
    assert second != first
    settings.ENQUIRY_RETENTION_DAYS = 30
    assert privacy_notice_version() != second


def test_privacy_version_without_a_notice_is_none(db):
    assert privacy_notice_version() == "none"


def test_clinic_is_notified_without_health_details_and_patient_is_thanked(client, area, clinic, mailoutbox, settings):
    settings.CLINIC_NOTIFY_EMAIL = "enquiries@clinic.example"
    send(client)
    enquiry = Enquiry.objects.get()
    assert len(mailoutbox) == 2
    clinic_mail, patient_mail = mailoutbox
    assert clinic_mail.to == ["enquiries@clinic.example"]
    assert clinic_mail.from_email == "clinic@example.com"  # DEFAULT_FROM_EMAIL unset: the clinic's address
    assert f"http://testserver/admin/enquiries/enquiry/{enquiry.pk}/change/" in clinic_mail.body
    for private in (MESSAGE, "Hair loss", "hair-loss", "Ada Patient", "ada@example.com"):
        assert private not in clinic_mail.subject + clinic_mail.body, private
    assert patient_mail.to == ["ada@example.com"]
    # The reference in the subject and the Reply-To's name: a patient's answer can be matched to the enquiry.
    assert patient_mail.reply_to == [f'"Test Clinic (ref ENQ-{enquiry.pk})" <clinic@example.com>']
    assert "Test Clinic" in patient_mail.subject and f"(ref ENQ-{enquiry.pk})" in patient_mail.subject
    assert f"(ref ENQ-{enquiry.pk})" in clinic_mail.subject
    assert "aim to reply by " in patient_mail.body and "by email" in patient_mail.body
    assert MESSAGE not in patient_mail.body and "Hair loss" not in patient_mail.body


def test_notification_goes_to_the_clinic_email_when_no_setting_is_given(client, area, clinic, mailoutbox, settings):
    settings.CLINIC_NOTIFY_EMAIL = None
    settings.DEFAULT_FROM_EMAIL = "website@clinic.example"
    send(client)
    assert mailoutbox[0].to == ["clinic@example.com"]
    assert mailoutbox[0].from_email == "website@clinic.example"


def test_the_request_sends_no_mail_itself_but_queues_both_with_the_enquiry(client, area, clinic, mailoutbox):
    post(client)
    enquiry = Enquiry.objects.get()
    assert mailoutbox == []
    queued = OutgoingEmail.objects.regarding(enquiry)
    assert sorted(queued.values_list("kind", "status")) == [
        ("enquiry_acknowledgement", "queued"),
        ("enquiry_notification", "queued"),
    ]
    run_worker()
    run_worker()  # a second run finds nothing more to send
    assert len(mailoutbox) == 2
    assert set(queued.values_list("status", flat=True)) == {"sent"}


def test_mail_failure_keeps_the_enquiry_and_the_mail_and_logs_without_patient_details(
    client, area, clinic, mailoutbox, caplog
):
    caplog.set_level(logging.INFO)
    broken = smtplib.SMTPRecipientsRefused({"ada@example.com": (550, b"no such user ada@example.com")})
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=broken):
        response = send(client)
    assert response.status_code == 302 and response["Location"] == "/enquire/thanks/"
    assert client.get(response["Location"]).status_code == 200
    enquiry = Enquiry.objects.get()
    assert enquiry.status == Enquiry.Status.NEW
    mails = OutgoingEmail.objects.regarding(enquiry)
    assert [(mail.status, mail.attempts) for mail in mails] == [("queued", 1), ("queued", 1)]
    assert all("refused the address" in mail.last_error for mail in mails)
    for mail in mails:
        assert f"event=outbox_send_failed mail_id={mail.pk} kind={mail.kind} attempt=1" in caplog.text
    for private in ("Ada Patient", "ada@example.com", MESSAGE, "Hair loss", "hair-loss"):
        assert private not in caplog.text, private


def test_honeypot_submission_is_kept_as_spam_and_sends_no_mail(client, area, clinic, mailoutbox):
    response = send(client, website="http://cheap.example")
    assert response.status_code == 302 and response["Location"] == "/enquire/thanks/"
    enquiry = Enquiry.objects.get()
    assert enquiry.status == Enquiry.Status.SPAM
    assert enquiry.closed_at is not None  # so that purge_enquiries removes it in time
    assert mailoutbox == []


def test_no_ip_address_is_stored(client, area):
    client.post("/enquire/", valid_data(), REMOTE_ADDR="203.0.113.77")
    enquiry = Enquiry.objects.values().get()
    assert not any("203.0.113.77" in str(value) for value in enquiry.values())
    assert not any("ip" in field.name.split("_") for field in Enquiry._meta.get_fields())
