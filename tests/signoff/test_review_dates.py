"""Review dates come from approvals: patients see when a clinician last checked a page; staff see what is due."""

import datetime

import pytest
from django.utils import timezone

from signoff.models import ClinicalPage

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def due_in(page, days):
    page.live.next_review_due = TODAY + datetime.timedelta(days=days)
    page.live.save()


def test_the_safety_page_shows_who_last_reviewed_it_and_when_the_next_review_is_due(client, general_content):
    html = client.get("/about/safety/").content.decode()
    assert 'Page last reviewed: <time datetime="2026-11-01">1 November 2026</time>' in html
    assert "Dr Test</a>, Doctor (GMC 7000001)" in html
    assert 'Next review due: <time datetime="2027-11-01">1 November 2027</time>' in html


def test_a_page_that_has_never_been_approved_has_no_review_line_in_its_preview(admin_client, draft_area):
    html = admin_client.get(f"/preview/area/{draft_area.pk}/").content.decode()
    assert "Page last reviewed" not in html


def test_the_admin_home_lists_pages_overdue_or_due_within_30_days(admin_client, area, general_content):
    hair, safety, history = (ClinicalPage.objects.get(key=key) for key in (f"area:{area.pk}", "safety", "history"))
    due_in(hair, -3)
    due_in(safety, 10)
    due_in(history, 200)
    html = admin_client.get("/admin/").content.decode()
    panel = html[html.index('id="review-panel"') :]
    panel = panel[: panel.index("</div>")]
    assert "Hair loss" in panel and "Overdue" in panel
    assert "Safety page" in panel and "Due within 30 days" in panel
    assert "History page" not in panel
    assert panel.index("Hair loss") < panel.index("Safety page")  # the most urgent first


def test_a_page_taken_off_the_site_is_not_due_for_review(admin_client, area, django_capture_on_commit_callbacks):
    due_in(ClinicalPage.objects.get(key=f"area:{area.pk}"), -3)
    area.published = False
    area.save()
    html = admin_client.get("/admin/").content.decode()
    assert "Hair loss" not in html[html.index('id="review-panel"') :]
