"""A clinical page with FEEDBACK_REVIEW_THRESHOLD "No" answers in 30 days is flagged for early review, and
its reviewers are told once; editors see the feedback per page with counts over time."""

import datetime

import pytest
from django.utils import timezone

from feedback.models import Feedback
from feedback.services import flagged_pages, record
from outbox.models import OutgoingEmail
from signoff.services import approve_as_signed
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db

PAGE = "/treatments/hair-loss/"


def no_answers(count, page=PAGE):
    for _ in range(count):
        record(page=page, helpful=False, site_url="http://testserver/")


def review_mails():
    return OutgoingEmail.objects.filter(kind="feedback_early_review")


def test_the_threshold_flags_the_page_and_tells_its_reviewers_once(area, reviewer_user, settings):
    settings.FEEDBACK_REVIEW_THRESHOLD = 3
    no_answers(2)
    assert flagged_pages() == [] and not review_mails().exists()
    no_answers(1)
    [page] = flagged_pages()
    assert (page.key, page.no_answers) == (f"area:{area.pk}", 3)
    [mail] = review_mails()
    assert mail.to == [reviewer_user.email] and "Hair loss" in mail.body and "flagged for early review" in mail.subject
    no_answers(3)
    assert review_mails().count() == 1  # told once, not on every No


def test_yes_answers_and_other_pages_do_not_count(area, clinician, general_content, settings):
    settings.FEEDBACK_REVIEW_THRESHOLD = 2
    record(page=PAGE, helpful=True)
    record(page=PAGE, helpful=True)
    no_answers(1, page="/about/safety/")
    no_answers(1, page="/privacy/")  # not a clinical page
    assert flagged_pages() == []


def test_answers_older_than_30_days_do_not_count(area, settings):
    settings.FEEDBACK_REVIEW_THRESHOLD = 2
    no_answers(2)
    Feedback.objects.update(created_at=timezone.now() - datetime.timedelta(days=31))
    assert flagged_pages() == []


def test_approving_the_page_again_starts_a_new_count(area, clinician, reviewer_user, settings):
    settings.FEEDBACK_REVIEW_THRESHOLD = 2
    no_answers(2)
    assert flagged_pages()
    area.summary = "Reviewed after patients said the page did not help."
    area.save()
    approve_as_signed(AREA, area.pk, clinician)  # today
    assert flagged_pages() == []
    no_answers(2)
    assert flagged_pages() and review_mails().count() == 2  # once for each approved version


def test_the_admin_home_shows_the_flag_beside_the_reviews_due(client, area, reviewer_user, settings):
    settings.FEEDBACK_REVIEW_THRESHOLD = 1
    client.force_login(reviewer_user)
    html = client.get("/admin/").content.decode()
    assert html.index('id="review-panel"') < html.index('id="early-review-panel"')
    assert "No page has had several" in html
    no_answers(1)
    html = client.get("/admin/").content.decode()
    panel = html[html.index('id="early-review-panel"') :]
    assert "Hair loss</a></th>" in panel and "?page_record__id__exact=" in panel


def test_editors_see_feedback_per_page_with_counts_over_time(client, area, editor_user):
    record(page=PAGE, helpful=True)
    record(page=PAGE, helpful=False, reason="missing", comment="Nothing about washing my hair.")
    old = record(page=PAGE, helpful=False)
    Feedback.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))
    client.force_login(editor_user)
    html = client.get("/admin/feedback/feedback/").content.decode()
    row = html[html.index(f">{PAGE}</a></th>") :]
    cells = [cell for cell in row.split("<td>")[1:4]]
    assert [cell.split("</td>")[0] for cell in cells] == ["1 / 1", "0 / 1", "1 / 2"]
    assert "Nothing about washing my hair." in html


def test_editors_cannot_change_or_add_feedback(client, area, editor_user):
    feedback = record(page=PAGE, helpful=False, comment="Too long.")
    client.force_login(editor_user)
    assert client.get("/admin/feedback/feedback/add/").status_code == 403
    client.post(f"/admin/feedback/feedback/{feedback.pk}/change/", {"comment": "Changed"})
    assert Feedback.objects.get().comment == "Too long."
