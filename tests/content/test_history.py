"""Content history: every change is kept, with who made it and when, and an editor can restore an earlier version."""

import re

import pytest
from django.apps import apps

from pages.models import PageText
from roles.definitions import CONTENT_APPS
from tests.support.versions import admin_seen
from treatments.models import Risk

pytestmark = pytest.mark.django_db


def risk_form(risk, **changes):
    data = {
        "area": risk.area_id or "",
        "title": risk.title,
        "body": risk.body,
        "frequency": risk.frequency,
        "order": 0,
        "collision_version": admin_seen(risk),
    }
    data.update(changes)
    return data


def test_an_editor_sees_who_changed_a_risk_and_when_and_restores_the_earlier_text(client, editor_user, area):
    risk = area.risks.get()
    original = risk.body
    client.force_login(editor_user)

    response = client.post(f"/admin/treatments/risk/{risk.pk}/change/", risk_form(risk, body="Edited by mistake."))
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.body == "Edited by mistake."

    latest, earlier = risk.history.all()[:2]
    assert latest.history_user == editor_user and latest.history_type == "~"
    assert earlier.body == original

    history_page = client.get(f"/admin/treatments/risk/{risk.pk}/history/").content.decode()
    assert (
        "editor" in history_page and f"/admin/treatments/risk/{risk.pk}/history/{earlier.history_id}/" in history_page
    )

    # A risk is part of a clinical page: reverting it alone would bring it back without its page.
    revert_url = f"/admin/treatments/risk/{risk.pk}/history/{earlier.history_id}/"
    revert_page = client.get(revert_url)
    assert revert_page.status_code == 200 and original in revert_page.content.decode()  # still readable
    assert 'name="_save"' not in revert_page.content.decode()
    response = client.post(revert_url, risk_form(risk, body=earlier.body), follow=True)
    risk.refresh_from_db()
    assert risk.body == "Edited by mistake."
    assert "restore the whole page from its approved versions" in response.content.decode()


def test_the_history_of_clinical_text_points_to_the_pages_approved_versions(admin_client, area):
    risk = area.risks.get()
    html = admin_client.get(f"/admin/treatments/risk/{risk.pk}/history/").content.decode()
    assert "restore the whole page" in html and "/admin/signoff/clinicalpage/" in html


def test_text_published_without_sign_off_is_restored_from_history_and_shows_at_once(
    client, admin_client, general_content, django_capture_on_commit_callbacks
):
    block = PageText.objects.get(page="home", key="intro")
    form = {"title": "Edited by mistake", "body": block.body, "order": block.order}
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            f"/admin/pages/pagetext/{block.pk}/change/", {**form, "collision_version": admin_seen(block)}
        )
    assert "Edited by mistake" in client.get("/").content.decode()
    earlier = block.history.earliest()
    # The revert form carries the version of the block as it is now, not of the version it shows.
    revert = admin_client.get(f"/admin/pages/pagetext/{block.pk}/history/{earlier.history_id}/").content.decode()
    token = re.search(r'name="collision_version" value="([^"]+)"', revert).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/pages/pagetext/{block.pk}/history/{earlier.history_id}/",
            {**form, "title": earlier.title, "collision_version": token},
        )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "Mesotherapy explained" in html and "Edited by mistake" not in html


def test_every_content_model_keeps_its_history():
    """Every model an editor edits, in every content app (the loader's own bookkeeping aside)."""
    models = [
        model
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical") and model.__name__ != "LoadedContent"
    ]
    assert len(models) >= 7
    for model in models:
        assert hasattr(model, "history"), model.__name__


def test_a_deleted_risk_is_still_in_the_history(admin_client, area):
    risk = area.risks.get()
    admin_client.post(f"/admin/treatments/risk/{risk.pk}/delete/", {"post": "yes"})
    assert not Risk.objects.filter(pk=risk.pk).exists()
    assert Risk.history.filter(id=risk.pk, history_type="-").exists()
