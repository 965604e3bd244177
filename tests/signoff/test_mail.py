"""Sign-off mail goes to the people who can act on it, names the page, and links to where they act."""

import datetime

import pytest
from django.core.management import call_command

from outbox.models import OutgoingEmail
from signoff import services
from signoff.models import ClinicalPage
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db

SITE = "http://testserver/"


@pytest.fixture
def second_reviewer(django_user_model, reviewer_user):
    """A reviewer who is also a clinician in the register, so may approve."""
    from clinicians.models import Clinician

    user = django_user_model.objects.create_user("rita", "rita@example.com", "a-long-test-password-1", is_staff=True)
    user.groups.set(reviewer_user.groups.all())
    Clinician.objects.create(
        name="Dr Rita", role="Nurse", profession="Nurse", regulator="NMC", registration_number="12A3456B", user=user
    )
    return user


def changed(area):
    area.summary = "A newer summary."
    area.save()


def mails(kind):
    return list(OutgoingEmail.objects.filter(kind=kind))


def test_a_review_request_goes_to_the_reviewers_who_may_approve_never_the_submitter_and_names_the_page(
    reviewer_user, second_reviewer, editor_user, area
):
    changed(area)
    services.submit(AREA, area.pk, by=second_reviewer, site_url=SITE)  # a reviewer submits their own change
    [mail] = mails("signoff_review_requested")
    assert mail.to == [reviewer_user.email]  # not the submitter, not the editor
    assert mail.subject == "Waiting for your clinical sign-off: Hair loss"


def test_a_reviewer_who_cannot_approve_gets_no_review_request(reviewer_user, editor_user, area, clinician):
    clinician.active = False
    clinician.save()
    changed(area)
    services.submit(AREA, area.pk, by=editor_user, site_url=SITE)
    assert mails("signoff_review_requested") == []


def test_changes_requested_links_to_the_edit_form(reviewer_user, editor_user, area):
    changed(area)
    page = services.submit(AREA, area.pk, by=editor_user, site_url=SITE)
    services.request_changes(page, by=reviewer_user, comment="Say who it is for.", site_url=SITE)
    [mail] = mails("signoff_decided")
    assert mail.to == [editor_user.email] and mail.subject == "Changes requested: Hair loss"
    assert f"{SITE}admin/treatments/treatmentarea/{area.pk}/change/" in mail.body
    assert "Say who it is for." not in mail.body  # read in the admin, not in mail


def test_the_weekly_reminder_lists_the_pages_due_within_30_days(reviewer_user, area):
    ClinicalPage.objects.get(key=f"area:{area.pk}").live.__class__.objects.update(
        next_review_due=datetime.date.today() + datetime.timedelta(days=10)
    )
    call_command("remind_reviewers", "--site-url", "https://clinic.example")
    [mail] = mails("signoff_reviews_due")
    assert mail.to == [reviewer_user.email] and mail.subject == "1 page due for clinical review"
    assert "Hair loss: due" in mail.body and "https://clinic.example/admin/signoff/clinicalpage/" in mail.body


def test_no_reminder_when_nothing_is_due(reviewer_user, area):
    call_command("remind_reviewers")
    assert mails("signoff_reviews_due") == []
