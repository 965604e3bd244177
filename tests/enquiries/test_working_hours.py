"""ENQUIRY_RESPONSE_HOURS counts the clinic's opening hours, skipping its bank holidays; the patients'
promise (enquiry page, thanks page, acknowledgement) and the staff timer are one calculation; staff
keep the hours and holidays in the admin."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from enquiries.models import Enquiry
from enquiries.timing import due_at, promise
from pages.models import BankHoliday, ClinicDetails
from tests.outbox.worker import run_worker
from tests.support.enquiries import valid_data

pytestmark = pytest.mark.django_db

LONDON = timezone.get_default_timezone()
FRIDAY_EVENING = datetime.datetime(2026, 12, 4, 19, 30, tzinfo=LONDON)
SATURDAY_MORNING = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=LONDON)


def clock(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC))


def received_at(moment, **fields):
    enquiry = Enquiry.objects.create(
        name="Pat Patient", email="pat@example.com", message="A question", preferred_contact="email",
        consent_given_at=moment, privacy_version="v", **fields,
    )  # fmt: skip
    Enquiry.objects.filter(pk=enquiry.pk).update(received_at=moment)
    enquiry.refresh_from_db()
    return enquiry


def test_an_enquiry_sent_on_friday_evening_is_not_overdue_on_saturday_morning(settings):
    """The default opening hours (Monday to Friday 9:00-18:00, Saturday 9:00-13:00) and target (24 hours)."""
    assert settings.ENQUIRY_RESPONSE_HOURS == 24
    enquiry = received_at(FRIDAY_EVENING)
    with clock(SATURDAY_MORNING):
        assert not enquiry.is_overdue()
        assert not Enquiry.objects.overdue().exists()
        assert enquiry.response_label().startswith("due in ")
    # Saturday's four hours, Monday's and Tuesday's nine, then two on Wednesday.
    assert timezone.localtime(enquiry.response_due_at()) == datetime.datetime(2026, 12, 9, 11, 0, tzinfo=LONDON)
    with clock(datetime.datetime(2026, 12, 9, 11, 1, tzinfo=LONDON)):
        assert enquiry.is_overdue() and list(Enquiry.objects.overdue()) == [enquiry]
        assert enquiry.response_label() == "overdue by 1 min"


def test_the_clinics_own_hours_and_bank_holidays_are_what_counts(settings):
    settings.ENQUIRY_RESPONSE_HOURS = 4
    ClinicDetails.objects.create(
        name="Clinic", address="1 Road", phone="020 7946 0000", email="clinic@example.com",
        monday="10:00-16:00", tuesday="10:00-16:00", wednesday="", thursday="", friday="", saturday="", sunday="",
    )  # fmt: skip
    BankHoliday.objects.create(date=datetime.date(2026, 12, 8), name="A day off")  # Tuesday
    enquiry = received_at(FRIDAY_EVENING)
    # Monday 10:00-14:00: the Tuesday holiday does not come into it.
    assert timezone.localtime(enquiry.response_due_at()) == datetime.datetime(2026, 12, 7, 14, 0, tzinfo=LONDON)
    late = received_at(datetime.datetime(2026, 12, 7, 15, 0, tzinfo=LONDON))
    # Monday's last hour, no Tuesday (a holiday), no Wednesday to Sunday: the next Monday.
    assert timezone.localtime(late.response_due_at()) == datetime.datetime(2026, 12, 14, 13, 0, tzinfo=LONDON)
    with clock(datetime.datetime(2026, 12, 9, 12, 0, tzinfo=LONDON)):
        assert list(Enquiry.objects.overdue()) == [enquiry]
        assert list(Enquiry.objects.due_within(24 * 6)) == [late]


def test_the_patients_promise_is_the_staff_timer(client, area, clinic, mailoutbox):
    """The enquiry page, the thanks page and the acknowledgement all say the moment the staff timer runs
    out (rounded up to the half hour)."""
    moment = FRIDAY_EVENING
    with clock(moment):
        expected = promise(moment)
        form_page = client.get("/enquire/").content.decode()
        response = client.post("/enquire/", valid_data())
        thanks = client.get("/enquire/thanks/")
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    # The clinic fixture: Monday to Friday 9:00-17:00, so 24 hours are Monday, Tuesday and Wednesday.
    assert timezone.localtime(due_at(moment)) == datetime.datetime(2026, 12, 9, 17, 0, tzinfo=LONDON)
    assert expected == "by 5pm on Wednesday 9 December"
    assert f'<strong class="promise">{expected}</strong>' in form_page
    assert f'<strong class="promise">{expected}</strong>' in thanks.content.decode()
    assert "no-store" in thanks["Cache-Control"]
    run_worker()
    acknowledgement = next(mail for mail in mailoutbox if mail.to == [enquiry.email])
    assert f"aim to reply {promise(enquiry.received_at, now=moment)}" in acknowledgement.body
    assert expected in acknowledgement.body


def test_the_promise_moves_with_the_clock_on_pages_rendered_once(client, area, clinic):
    with clock(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)):  # a Tuesday morning
        first = client.get("/enquire/").content.decode()
    with clock(datetime.datetime(2026, 12, 1, 15, 0, tzinfo=LONDON)):
        later = client.get("/enquire/").content.decode()
    assert "by 10am on Friday 4 December" in first
    assert "by 3pm on Friday 4 December" in later


def test_staff_keep_the_opening_hours_and_patients_see_them(admin_client, client, clinic):
    form = {field: getattr(clinic, field) for field in ("name", "address", "phone", "email")}
    hours = {"monday": "9:00-13:00, 14:00-17:30", "tuesday": "9:00-17:30", "wednesday": "9:00-17:30"}
    hours |= {"thursday": "9:00-17:30", "friday": "9:00-17:30", "saturday": "", "sunday": ""}
    bad = admin_client.post(f"/admin/pages/clinicdetails/{clinic.pk}/change/", {**form, **hours, "monday": "9-late"})
    assert "“9-late” is not opening hours" in bad.content.decode()
    closed = admin_client.post(f"/admin/pages/clinicdetails/{clinic.pk}/change/", {**form, **dict.fromkeys(hours, "")})
    assert "Give the opening hours of at least one day" in closed.content.decode()
    saved = admin_client.post(f"/admin/pages/clinicdetails/{clinic.pk}/change/", {**form, **hours})
    assert saved.status_code == 302
    html = client.get("/").content.decode()
    footer = html[html.index('id="footer-hours"') :]
    assert "Monday: 9am to 1pm, 2pm to 5:30pm" in footer
    assert "Tuesday to Friday: 9am to 5:30pm" in footer
    assert "Saturday and Sunday: closed" in footer and "Bank holidays: closed" in footer


def test_staff_keep_the_bank_holidays_in_the_admin(admin_client):
    assert BankHoliday.objects.filter(date=datetime.date(2026, 12, 28)).exists()  # England and Wales, shipped
    admin_client.post("/admin/pages/bankholiday/add/", {"date": "2029-01-01", "name": "New Year's Day"})
    assert BankHoliday.objects.filter(date=datetime.date(2029, 1, 1), name="New Year's Day").exists()
    listed = admin_client.get("/admin/pages/bankholiday/").content.decode()
    assert "New Year&#x27;s Day" in listed or "New Year's Day" in listed
