"""Structured data: JSON-LD that search engines read, allowed by the CSP by its hash, cached or not."""

import base64
import hashlib
import json
import re

import pytest

from tests.support.publishing import publish
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld(response):
    """The one JSON-LD script's exact text and its parsed data."""
    (text,) = SCRIPT.findall(response.content.decode())
    return text, json.loads(text)


def csp_hash(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def script_src(response):
    directive = next(d for d in response["Content-Security-Policy"].split(";") if d.strip().startswith("script-src"))
    return directive.split()[1:]


def by_type(data):
    return {node["@type"]: node for node in data["@graph"]}


def test_an_area_page_describes_a_reviewed_medical_web_page_about_the_procedure(client, area):
    _, data = json_ld(client.get("/treatments/hair-loss/"))
    nodes = by_type(data)
    page, procedure = nodes["MedicalWebPage"], nodes["MedicalProcedure"]
    assert data["@context"] == "https://schema.org"
    assert page["url"] == "http://testserver/treatments/hair-loss/" and page["name"] == "Hair loss"
    assert page["lastReviewed"] == "2026-11-01"
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Test",
        "jobTitle": "Doctor",
        "identifier": "GMC 7000001",
    }
    assert page["about"] == {"@id": procedure["@id"]}
    assert procedure["name"] == "Mesotherapy for hair loss"
    assert procedure["description"] == area.summary
    assert procedure["howPerformed"] == "We clean the scalp and give small injections."
    assert procedure["procedureType"] == "https://schema.org/PercutaneousProcedure"


def test_an_area_with_questions_has_an_faq_page(client, area):
    _, data = json_ld(client.get("/treatments/hair-loss/"))
    faq = by_type(data)["FAQPage"]
    assert faq["mainEntity"] == [
        {
            "@type": "Question",
            "name": "Does it hurt?",
            "acceptedAnswer": {"@type": "Answer", "text": "It stings a little."},
        }
    ]


def test_an_area_without_questions_has_no_faq_page(client, area):
    area.faqs.all().delete()
    publish(AREA, area.pk)
    _, data = json_ld(client.get("/treatments/hair-loss/"))
    assert "FAQPage" not in by_type(data)


def test_the_home_page_describes_the_clinic(client, clinic, general_content):
    _, data = json_ld(client.get("/"))
    assert data["@type"] == "MedicalClinic" and data["name"] == "Test Clinic"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1 High Street",
        "addressLocality": "Testtown",
        "postalCode": "AB1 2CD",
        "addressCountry": "GB",
    }
    assert data["telephone"] == "020 7946 0000" and data["email"] == "clinic@example.com"
    assert data["openingHours"] == ["Mo-Fr 09:00-17:00"]


def test_the_shipped_clinic_details_become_schema_org_opening_hours(client, real_content):
    from pagecache.cache import invalidate_public_pages
    from pages.models import ClinicDetails

    assert not SCRIPT.findall(client.get("/").content.decode())  # an example clinic is not given as fact
    ClinicDetails.objects.update(is_example=False)  # as once the clinic's own details are in
    invalidate_public_pages()
    _, data = json_ld(client.get("/"))
    assert data["openingHours"] == ["Mo-Fr 09:00-18:00", "Sa 09:00-13:00"]  # closed days are left out
    assert data["address"]["streetAddress"] == "14 Meadow Lane, Camberwell"
    assert data["address"]["addressLocality"] == "London" and data["address"]["postalCode"] == "SE5 9ZZ"


def test_the_safety_page_carries_its_review_once_a_clinician_made_one(client, real_content):
    from pagecache.cache import invalidate_public_pages
    from signoff.models import Approval

    _, data = json_ld(client.get("/about/safety/"))
    assert data["@type"] == "MedicalWebPage" and "lastReviewed" not in data  # load_content's approval
    Approval.objects.update(source=Approval.Source.REVIEW)  # as a clinician's approval in the admin
    invalidate_public_pages()
    _, data = json_ld(client.get("/about/safety/"))
    assert data["lastReviewed"] == "2026-11-01"
    assert data["reviewedBy"]["name"] == "Dr Sarah Okafor"


@pytest.mark.parametrize("path", ["/", "/treatments/hair-loss/", "/about/safety/"])
def test_the_csp_allows_the_script_by_its_hash_on_a_cold_and_a_warm_request(
    client, area, general_content, path, django_assert_num_queries
):
    cold = client.get(path)
    with django_assert_num_queries(0):  # served from the page cache
        warm = client.get(path)
    assert cold.content == warm.content
    text, _ = json_ld(warm)
    for response in (cold, warm):
        sources = script_src(response)
        assert csp_hash(text) in sources and "'self'" in sources
        assert "'unsafe-inline'" not in sources and not any(s.startswith("'nonce-") for s in sources)


def test_a_page_without_json_ld_keeps_the_plain_script_policy(client, general_content):
    response = client.get("/privacy/")
    assert not SCRIPT.search(response.content.decode())
    assert script_src(response) == ["'self'"]


def test_editor_text_cannot_close_the_script_tag(client, area):
    area.summary = "</script><script>alert(1)</script> & <!-- more"
    area.save()
    publish(AREA, area.pk)
    response = client.get("/treatments/hair-loss/")
    text, data = json_ld(response)
    assert "</script" not in text and "<!--" not in text and "&" not in text
    assert by_type(data)["MedicalWebPage"]["description"] == area.summary  # the same words once parsed
    assert csp_hash(text) in script_src(response)
