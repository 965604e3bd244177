"""The review cycle: patients see who reviewed a page and when; editors see what is due and sign pages off."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from pages.models import PageText
from treatments.models import ReviewStatus, TreatmentArea, a_year_after

from .test_claims import area_form

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def test_the_safety_page_shows_its_review_with_reviewer_and_role(client, shipped_content):
    html = client.get("/about/safety/").content.decode()
    assert "Page last reviewed" in html and '<time datetime="2026-11-01">1 November 2026</time>' in html
    assert "Dr Sarah Okafor (Clinical lead (GMC registered doctor))" in html
    assert "Next review due" in html and "1 November 2027" in html


def test_the_safety_pages_review_comes_from_its_intro_block(shipped_content):
    intro = PageText.objects.get(page="safety", key="intro")
    assert intro.holds_page_review() and intro.last_reviewed == datetime.date(2026, 11, 1)
    assert intro.reviewer_name == "Dr Sarah Okafor" and intro.next_review_due == datetime.date(2027, 11, 1)


def test_every_published_area_shows_its_review(client, shipped_content):
    for area in TreatmentArea.objects.published():
        html = client.get(area.get_absolute_url()).content.decode()
        assert "Page last reviewed" in html and "Next review due" in html and area.reviewer_role in html


def test_marking_an_area_reviewed_signs_it_off_as_the_logged_in_user(client, admin_user, area):
    admin_user.first_name, admin_user.last_name = "Amara", "Reviewer"
    admin_user.save()
    client.force_login(admin_user)
    area.last_reviewed, area.next_review_due = datetime.date(2025, 1, 1), days(-3)
    area.reviewer_name, area.reviewer_role = "Amara Reviewer", "Clinical lead"
    area.save()
    response = client.post(f"/admin/treatments/treatmentarea/{area.pk}/change/", area_form(area, mark_reviewed="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    area.refresh_from_db()
    assert area.last_reviewed == TODAY and area.next_review_due == a_year_after(TODAY)
    assert (area.reviewer_name, area.reviewer_role) == ("Amara Reviewer", "Clinical lead")
    client.logout()
    html = client.get("/treatments/hair-loss/").content.decode()
    assert f'<time datetime="{TODAY:%Y-%m-%d}">{TODAY:%-d %B %Y}</time>, by Amara Reviewer (Clinical lead)' in html


def test_without_the_box_ticked_the_review_is_unchanged(admin_client, area):
    admin_client.post(f"/admin/treatments/treatmentarea/{area.pk}/change/", area_form(area))
    area.refresh_from_db()
    assert area.last_reviewed == datetime.date(2026, 11, 1) and area.reviewer_name == "Dr Test"


def test_a_new_reviewer_never_inherits_the_previous_reviewers_role(admin_client, admin_user, area):
    response = admin_client.post(
        f"/admin/treatments/treatmentarea/{area.pk}/change/", area_form(area, mark_reviewed="on")
    )
    area.refresh_from_db()
    assert area.reviewer_name == admin_user.username and area.reviewer_role == ""
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Add your job title" in message for message in messages)


def test_a_new_reviewer_gets_the_role_they_typed_or_used_before(admin_client, admin_user, area, general_content):
    admin_client.post(
        f"/admin/treatments/treatmentarea/{area.pk}/change/",
        area_form(area, mark_reviewed="on", reviewer_role="Nurse prescriber"),
    )
    area.refresh_from_db()
    assert (area.reviewer_name, area.reviewer_role) == (admin_user.username, "Nurse prescriber")

    intro = PageText.objects.get(page="safety", key="intro")
    intro.reviewer_name, intro.reviewer_role = "Dr Someone Else", "Clinical lead"
    intro.save()
    admin_client.post(
        f"/admin/pages/pagetext/{intro.pk}/change/",
        {"title": intro.title, "body": intro.body, "order": 0, "mark_reviewed": "on",
         "reviewer_name": intro.reviewer_name, "reviewer_role": intro.reviewer_role},
    )  # fmt: skip
    intro.refresh_from_db()
    assert (intro.reviewer_name, intro.reviewer_role) == (admin_user.username, "Nurse prescriber")
    assert intro.last_reviewed == TODAY


def test_only_the_safety_intro_block_has_review_fields(admin_client, general_content):
    intro = PageText.objects.get(page="safety", key="intro")
    other = PageText.objects.get(page="home", key="intro")
    assert 'name="mark_reviewed"' in admin_client.get(f"/admin/pages/pagetext/{intro.pk}/change/").content.decode()
    assert 'name="mark_reviewed"' not in admin_client.get(f"/admin/pages/pagetext/{other.pk}/change/").content.decode()


def make_areas(clinic):
    for slug, due in (("overdue", days(-1)), ("never", None), ("soon", days(10)), ("fine", days(200))):
        TreatmentArea.objects.create(
            name=slug.title(), slug=slug, summary="S.", body="B.", published=True, next_review_due=due
        )
    TreatmentArea.objects.create(name="Draft", slug="draft", summary="S.", body="B.", next_review_due=days(-5))


@pytest.mark.parametrize(
    ("status", "names"),
    [
        (ReviewStatus.OVERDUE, {"Overdue", "Never", "Draft"}),
        (ReviewStatus.DUE_SOON, {"Soon"}),
        (ReviewStatus.OK, {"Fine"}),
    ],
)
def test_the_area_list_can_be_filtered_by_review_due(admin_client, clinic, status, names):
    make_areas(clinic)
    response = admin_client.get("/admin/treatments/treatmentarea/", {"review": status})
    assert {area.name for area in response.context["cl"].result_list} == names


def test_the_admin_index_lists_published_pages_overdue_or_due_soon(admin_client, clinic, general_content):
    make_areas(clinic)
    html = admin_client.get("/admin/").content.decode()
    panel = html[html.index('id="review-panel"') : html.index("</table>", html.index('id="review-panel"'))]
    for name in ("Overdue", "Never", "Soon", "Safety page"):
        assert f">{name}</a>" in panel
    assert ">Fine</a>" not in panel and ">Draft</a>" not in panel  # up to date; not public
    assert "Overdue or never reviewed" in panel and "Due within 30 days" in panel


def test_the_panel_is_for_staff_who_can_change_areas(client, editor_user, handler_user, area):
    area.next_review_due = days(-1)
    area.save()
    client.force_login(editor_user)
    assert 'id="review-panel"' in client.get("/admin/").content.decode()
    client.force_login(handler_user)
    assert 'id="review-panel"' not in client.get("/admin/").content.decode()


def test_a_year_after_a_leap_day_is_the_28th():
    assert a_year_after(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)
