"""Clinical sign-off: an editor's change reaches patients only once a clinician other than the editor approves it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from outbox.models import OutgoingEmail
from signoff import selectors, services
from signoff.models import Approval, ClinicalPage, PageEvent
from tests.support.forms import object_form
from tests.support.versions import admin_seen
from tests.support.worker import run_worker
from treatments.models import Benefit, Risk, TreatmentArea
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db

PAGE = "/treatments/hair-loss/"


def risk_form(risk, **changes):
    return {"area": risk.area_id or "", "title": risk.title, "body": risk.body, "frequency": risk.frequency,
            "order": risk.order, "collision_version": admin_seen(risk), **changes}  # fmt: skip


def edit_risk(client, risk, submit=False, **changes):
    data = risk_form(risk, **changes)
    if submit:
        data["_submit_for_review"] = "Save and submit for clinical review"
    return client.post(f"/admin/treatments/risk/{risk.pk}/change/", data, follow=True)


def page_of(area):
    return ClinicalPage.objects.get(key=f"area:{area.pk}")


def review(client, page):
    return client.get(f"/admin/signoff/clinicalpage/{page.pk}/review/")


def decide(client, page, action, fingerprint=None, **fields):
    fingerprint = fingerprint or selectors.fingerprint(AREA, AREA.collect(page.object_id).rows())
    data = {"action": action, "fingerprint": fingerprint, "comment": "", "next_review_due": "", **fields}
    return client.post(f"/admin/signoff/clinicalpage/{page.pk}/review/", data, follow=True)


def text(response):
    return response.content.decode()


def test_an_editors_change_to_a_risk_changes_neither_the_public_page_nor_its_cached_copy(
    client, editor_user, area, django_capture_on_commit_callbacks
):
    before = text(client.get(PAGE))  # cached now
    client.force_login(editor_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = edit_risk(client, area.risks.get(), body="Your scalp may feel very sore for a week.")
    assert "changed successfully" in text(response)
    client.logout()
    after = client.get(PAGE)
    assert text(after) == before and "Your scalp may feel sore." in text(after)
    assert Risk.objects.get().body == "Your scalp may feel very sore for a week."  # the working copy


def test_the_preview_shows_the_working_copy_to_staff_and_404s_for_everyone_else(client, editor_user, area):
    risk = area.risks.get()
    risk.body = "A changed risk, not yet approved."
    risk.save()
    assert client.get(f"/preview/area/{area.pk}/").status_code == 404
    client.force_login(editor_user)
    response = client.get(f"/preview/area/{area.pk}/")
    html = text(response)
    assert response.status_code == 200 and "A changed risk, not yet approved." in html
    assert "Preview, not yet approved" in html and '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"] == "noindex, nofollow"
    client.logout()
    assert "A changed risk" not in text(client.get(PAGE))


def test_the_reviewer_sees_the_words_removed_and_added_against_what_patients_see(
    client, editor_user, reviewer_user, area
):
    client.force_login(editor_user)
    edit_risk(client, area.risks.get(), submit=True, body="Your scalp may feel tender.")
    client.force_login(reviewer_user)
    html = text(review(client, page_of(area)))
    assert "Changed: risk &ldquo;Scalp tenderness&rdquo;" in html
    assert "<del>sore.</del>" in html and "<ins>tender.</ins>" in html
    assert "Your scalp may feel " in html


def test_added_and_removed_items_are_listed_with_their_words(client, editor_user, reviewer_user, area):
    Benefit.objects.create(area=area, title="Shinier hair", body="Some say so.", evidence_level="none")
    area.faqs.get().delete()
    client.force_login(reviewer_user)
    html = text(review(client, services.page_record(AREA, area.pk)))
    assert "Added: benefit &ldquo;Shinier hair&rdquo;" in html and "<ins>Some say so.</ins>" in html
    assert "Removed: question &ldquo;Does it hurt?&rdquo;" in html and "<del>It stings a little.</del>" in html


def test_approving_publishes_at_once_and_records_who_approved_exactly_what(
    client, editor_user, reviewer_user, area, django_capture_on_commit_callbacks, mailoutbox
):
    client.get(PAGE)  # cached
    client.force_login(editor_user)
    edit_risk(client, area.risks.get(), submit=True, body="Your scalp may feel tender.")
    client.force_login(reviewer_user)
    page = page_of(area)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, page, "approve", comment="Checked against the leaflet.")
    assert "patients see it now" in text(response)
    client.logout()
    html = text(client.get(PAGE))
    assert "Your scalp may feel tender." in html
    today = timezone.localdate()
    assert f'Page last reviewed: <time datetime="{today:%Y-%m-%d}">' in html
    assert "Dr Test</a>, Doctor (GMC 7000001)" in html
    approval = page_of(area).live
    assert approval.approved_by == reviewer_user and approval.clinician.name == "Dr Test"
    assert approval.comment == "Checked against the leaflet." and not approval.self_approved
    assert approval.next_review_due == services.a_year_after(today)
    risks = approval.snapshot["parts"]["risks"]
    assert [risk["body"] for risk in risks] == ["Your scalp may feel tender."]
    assert Approval.objects.filter(page=page).count() == 2  # the fixture's and this one: both kept
    run_worker()  # the outbox's worker sends what the decision queued
    assert [mail.to for mail in mailoutbox][-1] == [editor_user.email]
    assert "approved" in mailoutbox[-1].subject.lower() and "tender" not in mailoutbox[-1].body


def test_the_reviewer_may_choose_the_next_review_date(client, reviewer_user, area):
    area.risks.update(body="Changed.")
    client.force_login(reviewer_user)
    due = timezone.localdate() + datetime.timedelta(days=90)
    decide(client, services.page_record(AREA, area.pk), "approve", next_review_due=due.isoformat())
    assert page_of(area).live.next_review_due == due


def test_requesting_changes_needs_a_comment_keeps_patients_on_the_approved_version_and_shows_the_comment(
    client, editor_user, reviewer_user, area, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(editor_user)
    edit_risk(client, area.risks.get(), submit=True, body="Nothing to worry about.")
    client.force_login(reviewer_user)
    page = page_of(area)
    response = decide(client, page, "request_changes")
    assert "Say what needs to change" in text(response)
    assert page_of(area).submitted_at is not None  # nothing decided
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, page, "request_changes", comment="Please keep the soreness: it is common.")
    page.refresh_from_db()
    assert page.submitted_at is None and page.changes_requested_by == reviewer_user
    assert "Your scalp may feel sore." in text(client.get(PAGE))
    client.force_login(editor_user)
    form = text(client.get(f"/admin/treatments/risk/{area.risks.get().pk}/change/"))
    assert "Changes requested" in form and "Please keep the soreness: it is common." in form
    run_worker()
    assert mailoutbox[-1].to == [editor_user.email] and "soreness" not in mailoutbox[-1].body


def test_nobody_approves_a_change_they_made_since_the_last_approval(
    client, reviewer_user, area, settings, django_capture_on_commit_callbacks
):
    Group.objects.get(name="Content editors").user_set.add(reviewer_user)
    client.force_login(reviewer_user)
    edit_risk(client, area.risks.get(), submit=True, body="Changed by the reviewer.")
    page = page_of(area)
    screen = text(review(client, page))
    assert "another clinician must approve it" in screen and "Approve and publish" not in screen
    response = decide(client, page, "approve")
    assert "another clinician must approve it" in text(response)
    assert page_of(area).live.snapshot["parts"]["risks"][0]["body"] == "Your scalp may feel sore."

    settings.CLINICAL_SIGNOFF_SELF_APPROVAL = True
    screen = text(review(client, page))
    assert "This clinic allows self-approval" in screen and "Approve and publish" in screen
    decide(client, page, "approve")
    approval = page_of(area).live
    assert approval.self_approved and approval.snapshot["parts"]["risks"][0]["body"] == "Changed by the reviewer."
    html = text(client.get(f"/admin/signoff/clinicalpage/{page.pk}/change/"))
    assert "Self-approved" in html


def test_a_change_made_after_the_review_screen_opened_is_not_approved_with_it(
    client, editor_user, reviewer_user, area
):
    client.force_login(editor_user)
    edit_risk(client, area.risks.get(), submit=True, body="First change.")
    page = page_of(area)
    seen = selectors.fingerprint(AREA, AREA.collect(area.pk).rows())  # what the review screen showed
    edit_risk(client, area.risks.get(), body="A later change the reviewer never saw.")
    client.force_login(reviewer_user)
    response = decide(client, page, "approve", fingerprint=seen)
    assert "changed after you opened this review, so nothing was approved" in text(response)
    assert "<ins>A later change the reviewer never saw.</ins>" in text(response)  # the latest, shown again
    assert page_of(area).live.snapshot["parts"]["risks"][0]["body"] == "Your scalp may feel sore."


def test_approving_needs_a_linked_active_clinician(client, reviewer_user, clinician, area):
    clinician.active = False
    clinician.save()
    area.risks.update(body="Changed.")
    client.force_login(reviewer_user)
    response = decide(client, services.page_record(AREA, area.pk), "approve")
    assert "not linked to an active clinician in the team register" in text(response)
    assert page_of(area).live.snapshot["parts"]["risks"][0]["body"] == "Your scalp may feel sore."


def test_editors_cannot_approve(client, editor_user, area):
    area.risks.update(body="Changed.")
    client.force_login(editor_user)
    page = services.page_record(AREA, area.pk)
    assert "Approve and publish" not in text(review(client, page))
    response = decide(client, page, "approve")
    assert "Only clinical reviewers can approve" in text(response)
    assert Approval.objects.filter(page=page).count() == 1


def test_an_area_without_benefits_risks_or_an_evidence_note_cannot_be_submitted_or_approved(
    client, editor_user, reviewer_user, area
):
    area.risks.all().delete()
    area.evidence_note = ""
    area.save()
    client.force_login(editor_user)
    benefit = area.benefits.get()
    response = client.post(
        f"/admin/treatments/benefit/{benefit.pk}/change/",
        object_form(benefit, ["area", "title", "body", "evidence_level", "sources", "order"], _submit_for_review="1"),
        follow=True,
    )
    html = text(response)
    assert "not submitted" in html and "Add at least one risk." in html and "Write the honest note" in html
    client.force_login(reviewer_user)
    response = decide(client, page_of(area), "approve")
    assert "It cannot be approved yet" in text(response)


def test_unpublishing_is_immediate_and_republishing_needs_approval(
    client, editor_user, reviewer_user, area, django_capture_on_commit_callbacks
):
    assert client.get(PAGE).status_code == 200
    area.published = False
    with django_capture_on_commit_callbacks(execute=True):
        area.save()
    assert client.get(PAGE).status_code == 404
    assert "Hair loss" not in text(client.get("/treatments/"))
    assert page_of(area).events.filter(action=PageEvent.Action.TAKEN_DOWN).exists()

    area.published = True
    with django_capture_on_commit_callbacks(execute=True):
        area.save()
    assert client.get(PAGE).status_code == 404  # back on only once approved
    client.force_login(reviewer_user)
    html = text(review(client, page_of(area)))
    assert '<th scope="row">Published</th><td class="signoff-before"><del>No</del></td>' in html
    assert '<td class="signoff-after"><ins>Yes</ins></td>' in html
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, page_of(area), "approve")
    client.logout()
    assert client.get(PAGE).status_code == 200


def test_deleting_an_area_takes_its_page_down(client, area, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        area.delete()
    assert client.get(PAGE).status_code == 404
    assert ClinicalPage.objects.get(key__startswith="area:").approvals.exists()  # the record stays


def test_restoring_an_earlier_approval_brings_back_the_whole_page_and_needs_approval(
    client, editor_user, reviewer_user, area, django_capture_on_commit_callbacks
):
    first = page_of(area).live
    area.benefits.update(title="A new benefit title")
    area.risks.all().delete()
    Risk.objects.create(area=area, title="A new risk", body="New.")
    area.summary = "A new summary."
    area.save()
    client.force_login(reviewer_user)
    decide(client, page_of(area), "approve")
    assert "A new risk" in text(client.get(PAGE))

    client.force_login(editor_user)
    response = client.post(f"/admin/signoff/clinicalpage/restore/{first.pk}/", follow=True)
    assert "is the working copy again" in text(response)
    area.refresh_from_db()
    assert area.summary == "Small injections into the scalp that may slow hair loss."
    assert list(area.risks.values_list("title", flat=True)) == ["Scalp tenderness"]
    assert list(area.benefits.values_list("title", flat=True)) == ["May slow shedding"]
    client.logout()
    assert "A new risk" in text(client.get(PAGE))  # patients keep the live version until approval
    client.force_login(reviewer_user)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, page_of(area), "approve")
    client.logout()
    html = text(client.get(PAGE))
    assert "Scalp tenderness" in html and "A new risk" not in html


def test_restoring_a_deleted_area_brings_it_back_as_a_working_copy_to_approve(client, editor_user, area):
    approval = page_of(area).live
    area_id = area.pk
    area.delete()
    client.force_login(editor_user)
    response = client.post(f"/admin/signoff/clinicalpage/restore/{approval.pk}/", follow=True)
    assert "is the working copy again" in text(response)
    restored = TreatmentArea.objects.get(pk=area_id)
    assert restored.risks.count() == 1 and restored.benefits.count() == 1
    client.logout()
    assert client.get(PAGE).status_code == 404  # taken down when deleted; back once approved


def test_a_restore_that_would_clash_with_another_area_says_so_and_changes_nothing(client, editor_user, area):
    approval = page_of(area).live
    area.delete()
    TreatmentArea.objects.create(name="Another", slug="hair-loss", summary="S", body="B")
    client.force_login(editor_user)
    response = client.post(f"/admin/signoff/clinicalpage/restore/{approval.pk}/", follow=True)
    assert "another page now uses the same address" in text(response)
    assert TreatmentArea.objects.get().name == "Another"


def test_submitting_tells_the_reviewers_with_a_link_and_no_content(
    client, editor_user, reviewer_user, area, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(editor_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = edit_risk(client, area.risks.get(), submit=True, body="A secret new wording.")
    assert "waiting for clinical sign-off" in text(response)
    assert OutgoingEmail.objects.get().kind == "signoff_review_requested"  # queued with the submission
    run_worker()
    [mail] = mailoutbox
    assert mail.to == [reviewer_user.email]
    assert f"/admin/signoff/clinicalpage/{page_of(area).pk}/review/" in mail.body
    assert "secret" not in mail.body and "Scalp" not in mail.body


def test_nothing_to_review_when_patients_already_see_this_version(client, editor_user, area):
    client.force_login(editor_user)
    response = edit_risk(client, area.risks.get(), submit=True)
    assert "Nothing to review" in text(response)
    assert page_of(area).submitted_at is None


def test_the_admin_home_lists_the_pages_waiting_for_sign_off(client, editor_user, reviewer_user, area):
    client.force_login(editor_user)
    edit_risk(client, area.risks.get(), submit=True, body="Changed.")
    client.force_login(reviewer_user)
    html = text(client.get("/admin/"))
    assert "Awaiting your review (1)" in html
    assert f'href="/admin/signoff/clinicalpage/{page_of(area).pk}/review/">Hair loss</a>' in html


def test_every_approval_is_listed_on_the_pages_record_with_what_was_approved(client, reviewer_user, area):
    area.risks.update(body="Changed.")
    client.force_login(reviewer_user)
    decide(client, page_of(area), "approve", comment="Fine.")
    html = text(client.get(f"/admin/signoff/clinicalpage/{page_of(area).pk}/change/"))
    for approval in page_of(area).approvals.all():
        assert f"/preview/approved/{approval.pk}/" in html
    assert "Fine." in html and "(live)" in html
    first = page_of(area).approvals.last()
    shown = text(client.get(f"/preview/approved/{first.pk}/"))
    assert "Your scalp may feel sore." in shown and "as it was approved" in shown


def test_reviewers_can_read_content_but_not_change_it(client, reviewer_user, area):
    client.force_login(reviewer_user)
    assert client.get(f"/admin/treatments/risk/{area.risks.get().pk}/change/").status_code == 200
    response = client.post(f"/admin/treatments/risk/{area.risks.get().pk}/change/", risk_form(area.risks.get()))
    assert response.status_code == 403
