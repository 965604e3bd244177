"""Response times at fixed moments (the clock frozen): the labels, the overdue count and filter, the
handlers' digest; and the list's views, columns and fixed cost in queries.

Most of these use a clinic open round the clock, where opening hours are real hours; counting only
the opening hours of a real week is tested in test_working_hours.py."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from enquiries.models import Enquiry, EnquiryReply
from outbox.models import OutgoingEmail
from pages.models import ClinicDetails
from tests.support.worker import run_worker
from workinghours.schedule import WEEKDAYS

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/enquiries/enquiry/"
NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen_clock():
    """It is always NOW, wherever Django asks the time."""
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def round_the_clock(db):
    """A clinic open every hour of every day: ENQUIRY_RESPONSE_HOURS are then real hours."""
    return ClinicDetails.objects.create(
        name="Always Open", address="1 Road", phone="020 7946 0000", email="clinic@example.com",
        **dict.fromkeys(WEEKDAYS, "0:00-24:00"),
    )  # fmt: skip


@pytest.fixture
def handler_client(client, handler_user):
    client.force_login(handler_user)
    return client


def received(hours_ago, status=Enquiry.Status.NEW, name="Pat Private", **fields):
    enquiry = Enquiry.objects.create(
        name=name,
        email=f"{name.split()[0].lower()}@example.com",
        message="My private health question",
        preferred_contact="email",
        consent_given_at=NOW,
        privacy_version="v",
        status=status,
        **fields,
    )
    Enquiry.objects.filter(pk=enquiry.pk).update(received_at=NOW - datetime.timedelta(hours=hours_ago))
    enquiry.refresh_from_db()
    return enquiry


def test_open_enquiries_show_time_left_or_how_overdue_and_others_nothing(frozen_clock, round_the_clock, settings):
    settings.ENQUIRY_RESPONSE_HOURS = 24
    assert received(19).response_label() == "due in 5 h"
    assert received(27).response_label() == "overdue by 3 h"
    assert received(23.5, status=Enquiry.Status.IN_PROGRESS).response_label() == "due in 30 min"
    assert received(24 + 72).response_label() == "overdue by 3 days"
    assert received(30, status=Enquiry.Status.ANSWERED).response_label() == ""
    assert received(30, status=Enquiry.Status.SPAM).response_label() == ""


def test_the_response_hours_come_from_the_setting(frozen_clock, round_the_clock, settings):
    settings.ENQUIRY_RESPONSE_HOURS = 4
    enquiry = received(1)
    assert enquiry.response_label() == "due in 3 h"
    settings.ENQUIRY_RESPONSE_HOURS = 48
    assert enquiry.response_label() == "due in 47 h"


def test_the_list_labels_filters_and_sorts_by_response_time_and_the_home_counts_overdue(
    frozen_clock, round_the_clock, handler_client, settings
):
    settings.ENQUIRY_RESPONSE_HOURS = 24
    late = received(27, name="Late Patient")
    received(40, status=Enquiry.Status.ANSWERED, name="Done Patient")
    soon = received(22, name="Soon Patient")
    fresh = received(1, name="Fresh Patient")

    html = handler_client.get(CHANGELIST).content.decode()
    # Overdue is a warning, not just another time: "Overdue by", in bold red with a warning sign (the CSS).
    assert '<strong class="response-overdue">Overdue by 3 h</strong>' in html
    assert '<span class="response-due">due in 2 h</span>' in html and "due in 23 h" in html

    overdue = handler_client.get(CHANGELIST + "?response=overdue").content.decode()
    assert "Late Patient" in overdue
    assert not any(name in overdue for name in ("Done Patient", "Soon Patient", "Fresh Patient"))
    due_soon = handler_client.get(CHANGELIST + "?response=due_soon").content.decode()
    assert "Soon Patient" in due_soon and "Late Patient" not in due_soon and "Fresh Patient" not in due_soon

    # Sorting by the response column: most urgent first, then the other way round.
    response_column = 3  # after the checkbox: name, status, response
    ascending = handler_client.get(CHANGELIST + f"?response=open&o={response_column}").content.decode()
    assert ascending.index(late.name) < ascending.index(soon.name) < ascending.index(fresh.name)
    descending = handler_client.get(CHANGELIST + f"?response=open&o=-{response_column}").content.decode()
    assert descending.index(fresh.name) < descending.index(soon.name) < descending.index(late.name)

    home = handler_client.get("/admin/").content.decode()
    assert "Overdue enquiries (1)" in home
    assert f'href="{CHANGELIST}?response=overdue"' in home


def test_unassigned_and_mine_views(handler_client, handler_user, django_user_model):
    other = django_user_model.objects.create_user("other", is_staff=True)
    received(1, name="Mine Patient", assigned_to=handler_user)
    received(1, name="Theirs Patient", assigned_to=other)
    received(1, name="Nobody Patient")
    mine = handler_client.get(CHANGELIST + "?assigned=mine").content.decode()
    assert "Mine Patient" in mine and "Theirs Patient" not in mine and "Nobody Patient" not in mine
    unassigned = handler_client.get(CHANGELIST + "?assigned=none").content.decode()
    assert "Nobody Patient" in unassigned and "Mine Patient" not in unassigned and "Theirs Patient" not in unassigned


def test_the_list_shows_the_start_of_the_message(handler_client):
    enquiry = received(1)
    Enquiry.objects.filter(pk=enquiry.pk).update(message="Line one of my question\nline two " + "more " * 40)
    html = handler_client.get(CHANGELIST).content.decode()
    assert "Line one of my question line two more" in html
    assert "more " * 40 not in html  # only the start


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_costs_the_same_number_of_queries_however_many_enquiries_and_replies(
    handler_client, handler_user, area, count, django_assert_num_queries
):
    for number in range(count):
        enquiry = received(number % 30, name=f"Patient{number} Test", treatment=area, assigned_to=handler_user)
        EnquiryReply.objects.create(enquiry=enquiry, body="A reply", author=handler_user, author_name="handler")
    handler_client.get(CHANGELIST)  # warm the session and content types
    with django_assert_num_queries(QUERIES_FOR_THE_LIST):
        response = handler_client.get(CHANGELIST)
    assert response.content.decode().count('class="action-select"') == count


# Counted once with 5 enquiries; the same number must hold with 50 (the test above).
QUERIES_FOR_THE_LIST = 10


# --- The digest ---------------------------------------------------------------------------------


def test_the_digest_goes_to_each_handler_with_counts_and_overdue_links_and_no_patient_details(
    frozen_clock, round_the_clock, handler_user, django_user_model, editor_user, mailoutbox, settings
):
    from django.contrib.auth.models import Group

    settings.ENQUIRY_RESPONSE_HOURS = 24
    second = django_user_model.objects.create_user("second", "second@example.com", is_staff=True)
    second.groups.add(Group.objects.get(name="Enquiry handlers"))
    django_user_model.objects.create_user("gone", "gone@example.com", is_staff=True, is_active=False).groups.add(
        Group.objects.get(name="Enquiry handlers")
    )
    late = received(30, name="Private Person", phone="01632 960999")
    received(2, name="Another Person")
    received(50, status=Enquiry.Status.CLOSED, name="Closed Person")

    call_command("enquiry_digest", "--site-url", "https://clinic.example", stdout=open("/dev/null", "w"))
    run_worker()
    assert sorted(mail.to[0] for mail in mailoutbox) == ["handler@example.com", "second@example.com"]
    mail = mailoutbox[0]
    assert "1 overdue" in mail.subject
    assert "New: 2" in mail.body and "Closed: 1" in mail.body
    link = f"https://clinic.example/admin/enquiries/enquiry/{late.pk}/change/"
    assert f"Enquiry ENQ-{late.pk}, overdue by 6 h: {link}" in mail.body
    everything = mail.subject + mail.body
    for private in ("Private", "Another", "Closed Person", "@example.com", "health question", "01632", "Hair"):
        assert private not in everything, private
    assert OutgoingEmail.objects.filter(kind="enquiry_digest").count() == 2


def test_the_digest_says_when_nothing_is_overdue(frozen_clock, handler_user, mailoutbox):
    received(1)
    call_command("enquiry_digest", stdout=open("/dev/null", "w"))
    run_worker()
    assert "Nothing is overdue" in mailoutbox[0].body and "http://127.0.0.1/admin/enquiries/enquiry/" in (
        mailoutbox[0].body
    )
    assert timezone.now() == NOW
