"""Scheduled publishing: an approval set to go live later changes nothing for patients until its time,
then the worker makes it live and the page cache empties."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from signoff import selectors, services
from signoff.models import ClinicalPage, PageEvent
from tests.support.worker import make_later_tasks_due, run_worker
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db

PAGE = "/treatments/hair-loss/"


def approve_later(area, reviewer_user, minutes):
    area.summary = "A summary for later."
    area.save()
    page = ClinicalPage.objects.get(key=f"area:{area.pk}")
    shown = selectors.fingerprint(AREA, AREA.collect(area.pk).rows())
    when = timezone.now() + datetime.timedelta(minutes=minutes)
    services.approve(page, by=reviewer_user, shown_fingerprint=shown, go_live_at=when)
    return page, when


def test_an_approval_scheduled_five_minutes_ahead_goes_live_then_and_not_before(
    client, reviewer_user, area, django_capture_on_commit_callbacks
):
    assert "A summary for later." not in client.get(PAGE).content.decode()  # cached now
    page, when = approve_later(area, reviewer_user, minutes=5)
    page.refresh_from_db()
    assert page.scheduled is not None and page.live != page.scheduled

    make_later_tasks_due()  # the worker runs the task early: nothing goes live before its time
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    assert "A summary for later." not in client.get(PAGE).content.decode()
    assert ClinicalPage.objects.get(pk=page.pk).scheduled_id is not None

    later = when + datetime.timedelta(seconds=30)
    with mock.patch("django.utils.timezone.now", return_value=later), django_capture_on_commit_callbacks(execute=True):
        make_later_tasks_due()
        run_worker()
    page.refresh_from_db()
    assert page.scheduled is None and page.live.go_live_at == when
    assert page.events.filter(action=PageEvent.Action.WENT_LIVE).exists()
    assert "A summary for later." in client.get(PAGE).content.decode()  # the cached copy was emptied


def test_taking_a_page_down_drops_the_version_waiting_to_go_live(reviewer_user, area):
    page, when = approve_later(area, reviewer_user, minutes=5)
    area.refresh_from_db()
    area.published = False
    area.save()
    from signoff.schedule import go_live_due

    assert go_live_due(now=when + datetime.timedelta(minutes=1)) == []
    page.refresh_from_db()
    assert not page.published and page.scheduled is None


def test_the_desk_and_the_review_screen_show_a_version_going_live_later(client, reviewer_user, area):
    page, when = approve_later(area, reviewer_user, minutes=60)
    client.force_login(reviewer_user)
    home = client.get("/admin/").content.decode()
    assert "Approved, going live later (1)" in home
    review = client.get(f"/admin/signoff/clinicalpage/{page.pk}/review/").content.decode()
    assert f"An approved version goes live on {timezone.localtime(when):%-d %B %Y at %H:%M}." in review


def test_the_reviewer_picks_when_it_goes_live_on_the_review_screen(client, reviewer_user, area):
    area.summary = "A summary for later."
    area.save()
    page = ClinicalPage.objects.get(key=f"area:{area.pk}")
    when = timezone.localtime() + datetime.timedelta(days=1)
    client.force_login(reviewer_user)
    data = {
        "action": "approve",
        "fingerprint": selectors.fingerprint(AREA, AREA.collect(area.pk).rows()),
        "go_live_at": f"{when:%Y-%m-%dT%H:%M}",
    }
    response = client.post(f"/admin/signoff/clinicalpage/{page.pk}/review/", data, follow=True)
    assert f"is approved: it goes live on {when:%-d %B %Y at %H:%M}." in response.content.decode()
    page.refresh_from_db()
    assert page.scheduled.go_live_at == when.replace(second=0, microsecond=0)
    assert "A summary for later." not in client.get(PAGE).content.decode()
