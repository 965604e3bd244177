"""Two editors on one clinical page (the collisions app, as on the front desk): a save from a form opened
before someone else's save is refused, nothing is written, and what was typed is still on the form."""

import re

import pytest
from django.test import Client

from tests.support.forms import area_form, object_form

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="collision_version" value="([^"]+)"')
RISK_FIELDS = ["area", "title", "body", "frequency", "frequency_source", "sources", "order"]


@pytest.fixture
def second_editor(django_user_model, editor_user):
    user = django_user_model.objects.create_user("eve", "eve@example.com", "a-long-test-password-1", is_staff=True)
    user.groups.set(editor_user.groups.all())
    client = Client()
    client.force_login(user)
    return client


def token_of(client, url):
    return TOKEN.search(client.get(url).content.decode()).group(1)


def test_a_later_save_of_an_area_form_opened_before_a_risk_changed_is_refused_and_keeps_what_was_typed(
    client, editor_user, second_editor, area
):
    client.force_login(editor_user)
    area_url = f"/admin/treatments/treatmentarea/{area.pk}/change/"
    risk = area.risks.get()
    opened = area_form(area, collision_version=token_of(client, area_url))  # the first editor's form

    risk_url = f"/admin/treatments/risk/{risk.pk}/change/"
    saved = second_editor.post(risk_url, object_form(risk, RISK_FIELDS, body="Your scalp may feel tender."))
    assert saved.status_code == 302

    refused = client.post(area_url, {**opened, "summary": "A summary typed meanwhile."})
    html = refused.content.decode()
    assert refused.status_code == 200 and "Not saved: someone changed this record" in html
    assert "A summary typed meanwhile." in html  # still in the form
    area.refresh_from_db()
    risk.refresh_from_db()
    assert area.summary != "A summary typed meanwhile." and risk.body == "Your scalp may feel tender."


def test_a_clinical_change_form_shows_who_else_has_it_open(client, editor_user, area):
    client.force_login(editor_user)
    html = client.get(f"/admin/treatments/risk/{area.risks.get().pk}/change/").content.decode()
    assert 'id="presence"' in html and 'name="collision_version"' in html
