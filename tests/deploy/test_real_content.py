"""The real content (content/) on the database under test: the PostgreSQL leg of CI runs this on PostgreSQL."""

import pytest

from treatments.published import published_areas

pytestmark = pytest.mark.django_db

SECTIONS = ("benefits", "risks", "procedure", "evidence")


def test_every_published_area_page_renders_with_its_sections(client, real_content):
    slugs = [area.slug for area in published_areas()]
    assert {"skin-rejuvenation", "pain-management", "hair-loss"} <= set(slugs)
    for slug in slugs:
        response = client.get(f"/treatments/{slug}/")
        assert response.status_code == 200, slug
        html = response.content.decode()
        for section in SECTIONS:
            assert f'id="{section}"' in html, (slug, section)


@pytest.mark.parametrize("path", ["/", "/treatments/", "/about/history/", "/about/safety/", "/privacy/", "/enquire/"])
def test_every_public_page_renders_the_real_content(client, real_content, path):
    assert client.get(path).status_code == 200


def test_the_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
