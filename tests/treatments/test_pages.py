"""Every public page in the URL contract answers, with what a patient needs to see."""

from unittest import mock

import pytest
from django.db import OperationalError

from tests.support.publishing import publish
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db


def test_home_shows_intro_published_areas_and_a_call_to_enquire(client, area, draft_area, general_content):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mesotherapy explained" in html
    assert 'href="/treatments/hair-loss/"' in html
    assert "Draft area" not in html
    assert 'href="/enquire/"' in html


def test_treatment_list_shows_published_areas_and_general_faqs(client, area, draft_area, general_content):
    html = client.get("/treatments/").content.decode()
    assert "Hair loss" in html
    assert "Draft area" not in html
    assert 'id="faq"' in html and "Is it right for me?" in html


def test_area_page_has_every_contract_section_and_an_enquire_link(client, area):
    response = client.get("/treatments/hair-loss/")
    assert response.status_code == 200
    html = response.content.decode()
    for section in ("benefits", "risks", "procedure", "evidence", "faq", "history"):
        assert f'id="{section}"' in html, section
    assert "May slow shedding" in html and "Scalp tenderness" in html
    assert "How common: Common" in html and "1 in 10" not in html  # no figure without its source
    assert 'href="/enquire/?treatment=hair-loss"' in html
    assert "<strong>hair loss</strong>" in html  # Markdown rendered
    assert "Page last reviewed" in html and "1 November 2026" in html
    assert "Next review due" in html and "1 November 2027" in html


def test_area_page_without_faqs_has_no_faq_section(client, area):
    area.faqs.all().delete()
    publish(AREA, area.pk)
    assert 'id="faq"' not in client.get("/treatments/hair-loss/").content.decode()


def test_unpublished_area_is_404_for_patients(client, draft_area):
    response = client.get("/treatments/draft-area/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_unknown_area_is_404_in_the_site_design(client, clinic):
    response = client.get("/treatments/no-such-thing/")
    assert response.status_code == 404
    assert "Skip to main content" in response.content.decode()


def test_staff_preview_an_unpublished_area_at_its_preview_address(admin_client, client, draft_area):
    assert admin_client.get("/treatments/draft-area/").status_code == 404  # the public address: live pages only
    response = admin_client.get(f"/preview/area/{draft_area.pk}/")
    assert response.status_code == 200
    assert "Preview, not yet approved" in response.content.decode()
    assert client.get(f"/preview/area/{draft_area.pk}/").status_code == 404


def test_admin_view_on_site_link_points_at_the_public_page(admin_client, area):
    html = admin_client.get(f"/admin/treatments/treatmentarea/{area.pk}/change/").content.decode()
    assert "/admin/r/" in html and "View on site" in html


def test_history_page_is_a_timeline_of_milestones(client, area, general_content):
    html = client.get("/about/history/").content.decode()
    assert "History of mesotherapy" in html
    assert html.index("1952") < html.index("1990")  # in year order
    assert "Dr Michel Pistor" in html


def test_safety_page_lists_general_risks_only(client, area, general_content):
    html = client.get("/about/safety/").content.decode()
    assert 'id="general-risks"' in html
    assert "Infection" in html
    assert "Scalp tenderness" not in html


def test_privacy_page_states_the_retention_period_from_settings(client, general_content, settings):
    settings.ENQUIRY_RETENTION_DAYS = 180
    html = client.get("/privacy/").content.decode()
    assert "Who we are" in html
    assert "180 days" in html


def test_footer_shows_the_clinic_details_on_every_page(client, area):
    html = client.get("/treatments/hair-loss/").content.decode()
    assert "Test Clinic" in html and "1 High Street" in html and "clinic@example.com" in html
    assert "Monday to Friday: 9am to 5pm" in html


def test_pages_have_a_skip_link_and_a_meta_description(client, area):
    html = client.get("/treatments/hair-loss/").content.decode()
    assert '<a class="skip-link" href="#main">' in html and 'id="main"' in html
    assert '<meta name="description" content="Small injections into the scalp' in html


def test_sitemap_lists_published_areas_and_pages(client, area, draft_area):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "/treatments/hair-loss/" in xml and "/about/safety/" in xml and "/enquire/" in xml
    assert "draft-area" not in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Sitemap: http://testserver/sitemap.xml" in text


def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_is_503_when_the_database_does_not_answer(client):
    with mock.patch("mesosite.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
