"""Staff in the admin: an editor changes a benefit and a clinician approves it, a handler works an enquiry,
and an editor cannot see enquiries."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from enquiries.models import Enquiry
from signoff.models import ClinicalPage
from tests.support.browser import DESKTOP, assert_preview_shows, log_in, send_enquiry, submit_for_review
from treatments.models import Benefit, TreatmentArea

pytestmark = pytest.mark.browser


def test_an_editors_change_reaches_patients_once_a_clinician_has_approved_it(site, new_page, editor, reviewer):
    """Edit with the live preview, preview the page, submit; the reviewer sees the words that change,
    approves, and the patient page shows the change with the reviewer's name and registration."""
    patient = new_page()
    patient.goto(f"{site}/treatments/hair-loss/")
    benefit = Benefit.objects.filter(area__slug="hair-loss").order_by("order", "pk").first()
    benefits = patient.locator("section[aria-labelledby=benefits]")
    expect(benefits.get_by_role("heading", name=benefit.title)).to_be_visible()
    patient.reload()  # now served from the page cache

    staff = new_page(viewport=DESKTOP)
    log_in(staff, site, editor)
    staff.goto(f"{site}/admin/treatments/benefit/{benefit.pk}/change/")
    staff.get_by_label("Title").fill("Thicker-looking hair for some people")
    body = staff.locator("textarea[name=body]")
    body.fill("")
    # Typed as an editor types, so markdownx sends its preview request as it does for them.
    body.press_sequentially("Some people **notice thicker hair** after [several sessions](/about/safety/).")
    preview = staff.locator(".markdownx-preview")
    expect(preview.locator("strong")).to_have_text("notice thicker hair")
    expect(preview.get_by_role("link", name="several sessions")).to_have_attribute("href", "/about/safety/")
    staff.get_by_role("button", name="Save and continue editing").first.click()
    expect(staff.locator(".messagelist .success")).to_contain_text("changed successfully")

    patient.reload()  # saved, not approved: patients still read the approved version
    expect(benefits.get_by_role("heading", name=benefit.title, exact=True)).to_be_visible()

    assert_preview_shows(staff, "Thicker-looking hair for some people")
    submit_for_review(staff)

    clinician = new_page(viewport=DESKTOP)
    log_in(clinician, site, reviewer)
    queue = clinician.locator("#signoff-queue")
    expect(queue.get_by_role("heading")).to_have_text("Awaiting your review (1)")
    queue.get_by_role("link", name="Hair loss").click()
    title = clinician.locator(".signoff-change", has_text="Changed: benefit").get_by_role("row", name="Title")
    expect(title.locator("del").first).to_have_text("May slow")  # the words removed, and the words added
    expect(title.locator("ins").first).to_have_text("Thicker-looking")
    clinician.get_by_role("button", name="Approve and publish").click()
    expect(clinician.locator(".messagelist .success")).to_contain_text("patients see it now")

    patient.reload()
    expect(benefits.get_by_role("heading", name="Thicker-looking hair for some people")).to_be_visible()
    expect(benefits.locator("strong", has_text="notice thicker hair")).to_be_visible()
    expect(benefits.get_by_role("heading", name=benefit.title, exact=True)).to_have_count(0)
    review = patient.get_by_role("region", name="Page review")
    expect(review).to_contain_text("by Tom Reid, Registered nurse (NMC EXAMPLE-NMC-02)")
    expect(review).to_contain_text(f"Page last reviewed: {timezone.localdate():%-d %B %Y}")


def test_a_handler_finds_an_enquiry_assigns_it_to_themselves_and_marks_it_answered(site, new_page, handler):
    send_enquiry(new_page(), site, "pat@example.com")

    staff = new_page(viewport=DESKTOP)
    log_in(staff, site, handler)
    staff.get_by_role("link", name="Enquiries", exact=True).first.click()
    staff.get_by_role("textbox", name="Search").fill("pat@example.com")
    staff.get_by_role("button", name="Search").click()
    row = staff.locator("#result_list tbody tr", has_text="Pat Handler-Test")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("New")

    for action, message in [("Assign to me", "assigned to you"), ("Mark as answered", "marked as answered")]:
        row.get_by_role("checkbox").check()
        staff.locator("select[name=action]").select_option(label=action)
        staff.get_by_role("button", name="Go").click()
        expect(staff.locator(".messagelist .success")).to_contain_text(f"1 enquiry {message}")

    expect(row).to_contain_text("Answered")
    expect(row).to_contain_text(handler.username)
    enquiry = Enquiry.objects.get(email="pat@example.com")
    assert enquiry.status == Enquiry.Status.ANSWERED
    assert enquiry.assigned_to == handler and enquiry.answered_by == handler


def test_an_editor_cannot_reach_the_enquiries(site, new_page, editor):
    send_enquiry(new_page(), site, "private@example.com")
    staff = new_page(viewport=DESKTOP)
    log_in(staff, site, editor)
    expect(staff.locator("#content-main")).to_contain_text("Benefits")
    expect(staff.get_by_role("link", name="Enquiries", exact=True)).to_have_count(0)

    staff.problems.allow("403")
    response = staff.goto(f"{site}/admin/enquiries/enquiry/")
    assert response.status == 403
    expect(staff.locator("body")).not_to_contain_text("private@example.com")


def test_the_admin_pages_of_sign_off_and_history_keep_the_content_security_policy(site, new_page, editor, reviewer):
    """Any inline style or script would be blocked and reported: the fixture fails the test on a report."""
    area = TreatmentArea.objects.get(slug="hair-loss")
    page = ClinicalPage.objects.get(slug="hair-loss")
    staff = new_page(viewport=DESKTOP)
    log_in(staff, site, editor)
    for path in (
        f"/admin/treatments/treatmentarea/{area.pk}/history/",
        f"/admin/treatments/treatmentarea/{area.pk}/change/",
        f"/admin/signoff/clinicalpage/{page.pk}/change/",
        f"/preview/area/{area.pk}/",
    ):
        staff.goto(f"{site}{path}", wait_until="load")
        expect(staff.locator("body")).not_to_be_empty()
    clinician = new_page(viewport=DESKTOP)
    log_in(clinician, site, reviewer)
    clinician.goto(f"{site}/admin/signoff/clinicalpage/{page.pk}/review/", wait_until="load")
    expect(clinician.get_by_role("heading", name="Your decision")).to_be_visible()


def test_a_reviewer_sees_the_claims_warnings_and_cannot_approve_flagged_wording_without_a_reason(
    site, new_page, editor, reviewer
):
    benefit = Benefit.objects.filter(area__slug="hair-loss").order_by("order", "pk").first()
    staff = new_page(viewport=DESKTOP)
    log_in(staff, site, editor)
    staff.goto(f"{site}/admin/treatments/benefit/{benefit.pk}/change/")
    staff.locator("textarea[name=body]").fill("Guaranteed results with no downtime.")
    submit_for_review(staff)

    clinician = new_page(viewport=DESKTOP)
    log_in(clinician, site, reviewer)
    clinician.locator("#signoff-queue").get_by_role("link", name="Hair loss").click()
    warning = clinician.get_by_role("region", name=f"Benefit “{benefit.title}”: body")
    expect(warning.locator("mark")).to_have_text(["Guaranteed", "no downtime"])
    clinician.get_by_role("button", name="Approve and publish").click()
    expect(clinician.locator(".errorlist")).to_contain_text("Nothing was approved")
    assert ClinicalPage.objects.get(kind="area", object_id=benefit.area_id).submitted_at is not None
    clinician.get_by_label("Why approve despite the claims checker's warnings").fill("Checked: quoted to refute it.")
    clinician.get_by_role("button", name="Approve and publish").click()
    expect(clinician.locator(".messagelist .success")).to_contain_text("patients see it now")
    live = ClinicalPage.objects.get(kind="area", object_id=benefit.area_id).live
    assert live.warnings_reason == "Checked: quoted to refute it."
