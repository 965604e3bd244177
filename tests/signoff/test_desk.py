"""The desk on the admin home: each person sees what waits for them, with links to where to act."""

import pytest

from signoff import services
from signoff.models import ClinicalPage
from tests.support.forms import area_form
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db

SITE = "http://testserver/"


def section(html, section_id):
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</div>", start)]


def home(client, user):
    client.force_login(user)
    return client.get("/admin/").content.decode()


def edit_area(client, user, area, **changes):
    client.force_login(user)
    return client.post(f"/admin/treatments/treatmentarea/{area.pk}/change/", area_form(area, **changes))


def test_a_submitted_page_awaits_the_reviewer_with_a_link_to_its_review_screen(
    client, editor_user, reviewer_user, area
):
    edit_area(client, editor_user, area, summary="A newer summary.", _submit_for_review="1")
    page = ClinicalPage.objects.get(key=f"area:{area.pk}")
    awaiting = section(home(client, reviewer_user), "signoff-queue")
    assert "Awaiting your review (1)" in awaiting
    assert f'href="/admin/signoff/clinicalpage/{page.pk}/review/">Hair loss</a>' in awaiting and "editor" in awaiting
    assert "Waiting for sign-off (1)" in section(home(client, editor_user), "signoff-queue")


def test_a_page_sent_back_is_on_its_editors_desk_with_a_link_to_the_form(client, editor_user, reviewer_user, area):
    edit_area(client, editor_user, area, summary="A newer summary.", _submit_for_review="1")
    page = ClinicalPage.objects.get(key=f"area:{area.pk}")
    services.request_changes(page, by=reviewer_user, comment="Say who it is for.", site_url=SITE)
    sent_back = section(home(client, editor_user), "desk-sent-back")
    assert "Sent back to you (1)" in sent_back
    assert f'href="/admin/treatments/treatmentarea/{area.pk}/change/">Hair loss</a>' in sent_back
    assert "Test Reviewer" in sent_back
    assert "Sent back to you (0)" in home(client, reviewer_user)


def test_a_change_saved_and_not_submitted_is_on_its_editors_desk_until_submitted(client, editor_user, area):
    edit_area(client, editor_user, area, summary="A newer summary.")
    assert "Changed by you, not submitted (1)" in home(client, editor_user)
    area.refresh_from_db()
    edit_area(client, editor_user, area, _submit_for_review="1")
    html = home(client, editor_user)
    assert "Changed by you, not submitted (0)" in html and "Waiting for sign-off (1)" in html


def test_a_new_area_never_submitted_is_listed_and_reading_the_desk_writes_nothing(client, editor_user, draft_area):
    draft_area._history_user = editor_user
    draft_area.summary = "Started."
    draft_area.save()
    before = ClinicalPage.objects.count()
    changed = section(home(client, editor_user), "desk-changed")
    assert "Draft area" in changed and "never submitted" in changed
    assert ClinicalPage.objects.count() == before


def test_a_reviewer_is_not_asked_to_review_their_own_submission(client, reviewer_user, area):
    area.summary = "A newer summary."
    area.save()
    services.submit(AREA, area.pk, by=reviewer_user, site_url=SITE)
    assert "Awaiting your review (0)" in home(client, reviewer_user)
