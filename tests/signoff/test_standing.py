"""Where a page stands is worded once (signoff.status) and true everywhere staff look; taking a page down
or deleting it is logged with the person who did it."""

import pytest

from signoff.models import ClinicalPage, PageEvent
from tests.support.forms import area_form

pytestmark = pytest.mark.django_db


def page_of(area):
    return ClinicalPage.objects.get(key=f"area:{area.pk}")


def html(client, url):
    return client.get(url).content.decode()


def test_unticking_published_takes_the_area_down_logged_as_the_editor_and_every_staff_view_says_not_on_the_site(
    client, editor_user, reviewer_user, area
):
    client.force_login(editor_user)
    area_url = f"/admin/treatments/treatmentarea/{area.pk}/change/"
    form = area_form(area)
    del form["published"]
    assert client.post(area_url, form).status_code == 302

    page = page_of(area)
    event = page.events.get(action=PageEvent.Action.TAKEN_DOWN)
    assert event.user == editor_user and event.username == "editor"
    assert "Not on the site: Published is off" in html(client, area_url)
    assert "View on site" not in html(client, area_url)
    client.force_login(reviewer_user)
    assert "Not on the site: Published is off" in html(client, f"/admin/signoff/clinicalpage/{page.pk}/change/")
    assert "not on the site" in html(client, "/admin/signoff/clinicalpage/")
    assert "Not on the site: Published is off" in html(client, f"/admin/signoff/clinicalpage/{page.pk}/review/")
    assert "Taken off the site" in html(client, f"/admin/signoff/clinicalpage/{page.pk}/change/")


def test_a_live_area_with_unsubmitted_changes_is_listed_as_changed_not_as_approved(admin_client, area):
    area.summary = "A new summary."
    area.save()
    listing = html(admin_client, "/admin/signoff/clinicalpage/")
    assert "Changed, not submitted; on the site" in listing
    form = html(admin_client, f"/admin/treatments/treatmentarea/{area.pk}/change/")
    assert "On the site: patients see the version approved on 1 November 2026" in form
    assert "Changed since it was approved: not yet submitted." in form and "View on site" in form


def test_deleting_an_area_is_logged_with_the_person_who_deleted_it(admin_client, admin_user, area):
    page = page_of(area)
    response = admin_client.post(f"/admin/treatments/treatmentarea/{area.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    event = page.events.get(action=PageEvent.Action.DELETED)
    assert event.user == admin_user
    page.refresh_from_db()
    assert not page.published


def test_a_new_area_under_review_shows_that_published_is_off(admin_client, draft_area, clinician):
    from signoff import services
    from treatments.page_kinds import AREA

    page = services.page_record(AREA, draft_area.pk)
    review = html(admin_client, f"/admin/signoff/clinicalpage/{page.pk}/review/")
    assert "Not on the site: never approved" in review
    assert "Published is not ticked on this page: approving it will not put it on the site." in review
    assert '<th scope="row">Published</th>' in review


def test_the_record_of_a_page_taken_down_offers_no_view_on_site(admin_client, area):
    page = page_of(area)
    assert "View on site" in html(admin_client, f"/admin/signoff/clinicalpage/{page.pk}/change/")
    area.published = False
    area.save()
    assert "View on site" not in html(admin_client, f"/admin/signoff/clinicalpage/{page.pk}/change/")


def test_a_restore_asks_first_and_the_reviewer_is_told_it_is_a_restore(client, editor_user, reviewer_user, area):
    approval = page_of(area).live
    area.summary = "A newer summary."
    area.save()
    client.force_login(editor_user)
    url = f"/admin/signoff/clinicalpage/restore/{approval.pk}/"
    confirm = html(client, url)
    assert "Yes, restore this version" in confirm
    area.refresh_from_db()
    assert area.summary == "A newer summary."  # opening the confirmation changed nothing
    client.post(url)
    client.force_login(reviewer_user)
    review = html(client, f"/admin/signoff/clinicalpage/{page_of(area).pk}/review/")
    assert "This is a restore." in review and "Restored the version approved on 1 November 2026" in review


def test_the_second_reviewer_reads_the_first_reviewers_comment(client, editor_user, reviewer_user, area):
    from signoff import services
    from treatments.page_kinds import AREA

    area.summary = "A newer summary."
    area.save()
    page = services.submit(AREA, area.pk, by=editor_user, site_url="http://testserver/")
    services.request_changes(page, by=reviewer_user, comment="Say who it is for.", site_url="http://testserver/")
    client.force_login(reviewer_user)
    review = html(client, f"/admin/signoff/clinicalpage/{page.pk}/review/")
    assert "Changes requested</strong>, reviewer" in review and "Say who it is for." in review


def test_the_review_screen_shows_markdown_as_patients_read_it_with_the_changed_words_marked(admin_client, area):
    area.body = "### Who it is for\n\nMesotherapy for **thinning** hair."
    area.save()
    page = page_of(area)
    review = html(admin_client, f"/admin/signoff/clinicalpage/{page.pk}/review/")
    assert "###" not in review
    assert "<h3><ins>Who it is for</ins></h3>" in review
    assert "<strong><del>hair loss</del></strong>" in review and "<strong><ins>thinning</ins></strong>" in review


def test_deleting_an_area_is_confirmed_in_plain_words(admin_client, area):
    confirm = html(admin_client, f"/admin/treatments/treatmentarea/{area.pk}/delete/")
    assert "Delete treatment area &ldquo;Hair loss&rdquo;? It is on a page patients read" in confirm
    assert "the whole page is taken off the site" in confirm
    assert "Deleted with it: benefits (1), risks (1), FAQs (1)." in confirm
    assert "relationship" not in confirm and "object (" not in confirm


def test_the_pages_record_links_to_its_edit_form(admin_client, area):
    record = html(admin_client, f"/admin/signoff/clinicalpage/{page_of(area).pk}/change/")
    assert f'<a href="/admin/treatments/treatmentarea/{area.pk}/change/">Edit the page</a>' in record


def test_the_areas_list_says_whether_each_area_is_on_the_site_not_whether_published_is_ticked(
    admin_client, area, draft_area
):
    draft_area.published = True  # ticked, never approved: patients cannot see it
    draft_area.save()
    listing = html(admin_client, "/admin/treatments/treatmentarea/")
    rows = {name: listing[listing.index(f">{name}</a>") :][:600] for name in ("Hair loss", "Draft area")}
    assert 'alt="True"' in rows["Hair loss"] and 'alt="False"' in rows["Draft area"]
