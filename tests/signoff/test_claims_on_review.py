"""The reviewer sees every claims-checker warning beside its text, and approves flagged wording only with a reason."""

import pytest

from signoff import selectors
from signoff.models import ClinicalPage
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db

FLAGGED = "Guaranteed results with no downtime, unlike Botox."


def review_url(area):
    return f"/admin/signoff/clinicalpage/{ClinicalPage.objects.get(key=f'area:{area.pk}').pk}/review/"


def approve(client, area, **fields):
    fingerprint = selectors.fingerprint(AREA, AREA.collect(area.pk).rows())
    data = {"action": "approve", "fingerprint": fingerprint, "comment": "", "next_review_due": "", **fields}
    return client.post(review_url(area), data, follow=True)


def test_the_review_screen_shows_each_warning_beside_the_text_it_is_in(client, reviewer_user, area):
    area.risks.update(body=FLAGGED)
    client.force_login(reviewer_user)
    html = client.get(review_url(area)).content.decode()
    assert "Risk &ldquo;Scalp tenderness&rdquo;: body" in html
    assert "<mark>Guaranteed</mark> results with <mark>no downtime</mark>" in html and "<mark>Botox</mark>" in html
    assert "Why approve despite the claims checker" in html


def test_flagged_wording_is_not_approved_without_a_reason_and_the_reason_is_kept(client, reviewer_user, area):
    area.risks.update(body=FLAGGED)
    client.force_login(reviewer_user)
    live_before = ClinicalPage.objects.get(key=f"area:{area.pk}").live_id
    response = approve(client, area)
    assert "say why the wording is right" in response.content.decode()
    assert ClinicalPage.objects.get(key=f"area:{area.pk}").live_id == live_before
    approve(client, area, warnings_reason="Quoted from a complaint we answer on this page.")
    live = ClinicalPage.objects.get(key=f"area:{area.pk}").live
    assert live.pk != live_before and live.warnings_reason == "Quoted from a complaint we answer on this page."
    assert any("Botox" in warning for warning in live.warnings)


def test_a_page_the_checker_passes_needs_no_reason(client, reviewer_user, area):
    area.risks.update(body="Your scalp may feel sore for a day.")
    client.force_login(reviewer_user)
    assert "flags nothing on this page" in client.get(review_url(area)).content.decode()
    approve(client, area)
    live = ClinicalPage.objects.get(key=f"area:{area.pk}").live
    assert live.source == "review" and live.warnings == [] and live.warnings_reason == ""
