"""Windows line endings from a browser are stored as Unix ones, so an untouched field never counts as changed."""

import pytest

from pages.models import ClinicDetails
from signoff import services
from tests.support.forms import area_form
from tests.support.publishing import publish
from treatments.page_kinds import AREA
from workinghours.schedule import WEEKDAYS

pytestmark = pytest.mark.django_db


def test_saving_an_untouched_area_from_a_browser_changes_nothing(admin_client, area):
    area.procedure = "Step one.\nStep two.\n\nStep three."
    area.save()
    publish(AREA, area.pk)
    # The browser sends the same text back with Windows line endings.
    data = area_form(area, procedure="Step one.\r\nStep two.\r\n\r\nStep three.")
    response = admin_client.post(f"/admin/treatments/treatmentarea/{area.pk}/change/", data)
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.procedure == "Step one.\nStep two.\n\nStep three."
    latest = area.history.first()
    assert latest.diff_against(latest.prev_record).changes == []
    assert services.status(services.page_record(AREA, area.pk)) == "Approved: patients see this version"


def test_benefit_bodies_in_inline_rows_and_plain_text_areas_lose_their_carriage_returns(admin_client, area, clinic):
    admin_client.post(
        f"/admin/treatments/treatmentarea/{area.pk}/change/",
        area_form(area, **{"benefits-0-body": "Line one.\r\nLine two."}),
    )
    assert area.benefits.get().body == "Line one.\nLine two."
    form = {field: getattr(clinic, field) for field in ("name", "phone", "email", *WEEKDAYS)}
    form.update(address="1 High Street\r\nTesttown")
    admin_client.post(f"/admin/pages/clinicdetails/{clinic.pk}/change/", form)
    assert ClinicDetails.load().address == "1 High Street\nTesttown"
