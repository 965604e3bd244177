"""Opening a clinical page's forms writes nothing: its sign-off record is made by the first action."""

import pytest

from signoff.models import ClinicalPage
from treatments.models import Benefit

pytestmark = pytest.mark.django_db


def test_opening_a_new_areas_change_form_and_history_makes_no_signoff_record(admin_client, draft_area):
    Benefit.objects.create(area=draft_area, title="May help", body="Perhaps.", evidence_level="limited")
    for path in ("change", "history"):
        response = admin_client.get(f"/admin/treatments/treatmentarea/{draft_area.pk}/{path}/")
        assert response.status_code == 200, path
    assert not ClinicalPage.objects.filter(object_id=draft_area.pk).exists()
    html = admin_client.get(f"/admin/treatments/treatmentarea/{draft_area.pk}/change/").content.decode()
    assert "Clinical sign-off: " in html and "Approved versions and restore" not in html


def test_a_submitted_areas_form_links_its_record(admin_client, area):
    html = admin_client.get(f"/admin/treatments/treatmentarea/{area.pk}/change/").content.decode()
    assert "Approved versions and restore" in html
