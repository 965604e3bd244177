"""Example content is labelled wherever patients see it, and going live is checked: both directions."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from golive.checks import example_content_is_live
from signoff import selectors, services
from signoff.models import Approval
from tests.support.publishing import publish
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db

NOTICE = "This is an example website."
NOINDEX = '<meta name="robots" content="noindex">'
PAGES = ["/", "/treatments/hair-loss/", "/about/team/", "/enquire/", "/privacy/"]


@pytest.fixture
def reviewed(area):
    """The `area` fixture, approved by a clinician in the admin: nothing example is live."""
    assert not Approval.objects.exclude(source=Approval.Source.REVIEW).exists()
    return area


def errors(settings):
    settings.PRODUCTION = True
    return [error.msg for error in example_content_is_live()]


def test_a_site_with_nothing_example_has_no_notice_no_noindex_and_passes_the_check(client, settings, reviewed):
    for path in PAGES:
        html = client.get(path).content.decode()
        assert NOTICE not in html and NOINDEX not in html, path
    assert errors(settings) == []


@pytest.mark.parametrize(
    "make_example, named",
    [
        (lambda area: _clinic_example(), "Clinic details: Test Clinic"),
        (lambda area: _clinician_example(), "Team register: Dr Test (GMC 7000001)"),
        (lambda area: _example_prices(area), "Prices: the prices on Hair loss"),
        (lambda area: Approval.objects.update(source=Approval.Source.CONTENT), "Review: Hair loss"),
    ],
)
def test_each_example_item_puts_the_notice_on_every_page_and_fails_the_check(
    client, settings, reviewed, make_example, named
):
    make_example(reviewed)
    for path in PAGES:
        html = client.get(path).content.decode()
        assert NOTICE in html and NOINDEX in html, path
    (error,) = errors(settings)
    assert named in error


def _clinic_example():
    from pages.models import ClinicDetails

    ClinicDetails.objects.update(is_example=True)


def _clinician_example():
    from clinicians.models import Clinician

    Clinician.objects.update(is_example=True)


def _example_prices(area):
    area.costs = "- **Each session:** £150."
    area.example_prices = True
    area.save()
    publish(AREA, area.pk)


def test_patients_are_told_what_is_example_where_they_read_it(client, area):
    from clinicians.models import Clinician
    from pages.models import ClinicDetails

    ClinicDetails.objects.update(is_example=True)
    Clinician.objects.update(is_example=True)
    _example_prices(area)
    page = client.get("/treatments/hair-loss/").content.decode()
    assert "Example prices: not this clinic" in page
    assert "An example clinic: these details are not real." in page
    team = client.get("/about/team/").content.decode()
    assert "An example entry: not a real person or registration." in team
    assert "number 7000001" not in team
    home = client.get("/").content.decode()
    assert '"MedicalClinic"' not in home  # search engines are not given an example address as fact


def test_a_page_approved_by_load_content_does_not_claim_a_clinicians_review(client, area):
    area.risks.update(body="Changed.")
    publish(AREA, area.pk, reviewed=False)
    html = client.get("/treatments/hair-loss/").content.decode()
    assert "Page last reviewed" not in html and "A clinician at this clinic has not yet reviewed this page." in html
    assert '"reviewedBy"' not in html and '"lastReviewed"' not in html


def test_the_admin_home_lists_what_to_replace_before_going_live(admin_client, area):
    Approval.objects.update(source=Approval.Source.CONTENT)
    html = admin_client.get("/admin/").content.decode()
    assert "Before you go live (1)" in html
    page = services.page_record(AREA, area.pk)
    assert f'href="/admin/signoff/clinicalpage/{page.pk}/change/"' in html


def test_the_shipped_content_fails_the_deploy_check_until_an_admin_replaces_every_example(
    client, real_content, admin_user, settings, django_capture_on_commit_callbacks
):
    """The whole way a clinic goes live, through the admin: clinic details, team, prices, a real review."""
    from clinicians.models import Clinician
    from signoff.models import ClinicalPage
    from tests.support.forms import area_form, object_form
    from treatments.models import TreatmentArea

    settings.PRODUCTION = True
    settings.CLINICAL_SIGNOFF_SELF_APPROVAL = True  # one administrator plays every part
    with pytest.raises(SystemCheckError):
        call_command("check", deploy=True, tags=["golive"])
    assert len(errors(settings)) == 1 + 2 + 3 + 6  # clinic, two clinicians, three price lists, six pages
    client.force_login(admin_user)
    clinic_fields = ["name", "address", "phone", "email", "monday", "tuesday", "wednesday", "thursday", "friday",
                     "saturday", "sunday"]  # fmt: skip
    from pages.models import ClinicDetails

    clinic = ClinicDetails.load()
    response = client.post(
        "/admin/pages/clinicdetails/1/change/",
        object_form(clinic, clinic_fields, name="Real Clinic", phone="01632 960000"),
    )
    assert response.status_code == 302
    register = ["name", "role", "profession", "regulator", "registration_number", "bio", "order"]
    for number, clinician in enumerate(Clinician.objects.order_by("pk"), start=1):
        data = object_form(clinician, register, registration_number=f"700000{number}", active="on")
        assert client.post(f"/admin/clinicians/clinician/{clinician.pk}/change/", data).status_code == 302
    Clinician.objects.filter(pk=Clinician.objects.order_by("pk").first().pk).update(user=admin_user)
    for area in TreatmentArea.objects.all():
        data = area_form(area, costs="- **Each session:** ask us.")
        assert client.post(f"/admin/treatments/treatmentarea/{area.pk}/change/", data).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        for page in ClinicalPage.objects.live():
            fingerprint = selectors.fingerprint(
                AREA if page.kind == "area" else _kind(page), selectors.working(page).rows()
            )
            data = {"action": "approve", "fingerprint": fingerprint, "comment": "", "next_review_due": ""}
            client.post(f"/admin/signoff/clinicalpage/{page.pk}/review/", data)
    assert errors(settings) == []
    call_command("check", deploy=True, tags=["golive"])
    client.logout()
    html = client.get("/").content.decode()
    assert NOTICE not in html and NOINDEX not in html


def _kind(page):
    from declarations import content

    return content.kind(page.kind)
