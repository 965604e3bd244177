"""Every public page is valid HTML by the W3C Nu HTML checker (npm's vnu-jar on the machine's Java)."""

import json
import subprocess

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.support.pages import NOT_FOUND, PUBLIC_PAGES
from tests.support.uploads import give_photo
from treatments.models import TreatmentArea

pytestmark = pytest.mark.django_db

ENQUIRY = {
    "name": "Alex Patient",
    "email": "alex@example.com",
    "phone": "",
    "treatment": "hair-loss",
    "message": "Is it right for me?",
    "preferred_contact": "email",
    "consent": "on",
}


def pages_to_check(client):
    """Every public page as a patient can meet it, as (name, status, HTML), on the real content."""
    give_photo("hair-loss")  # so the <picture>, srcset and sizes markup is checked too
    for path in [*PUBLIC_PAGES, NOT_FOUND]:
        response = client.get(path)
        yield path, response.status_code, response.content
    response = client.post("/enquire/", {"over_18": "on"})
    yield "/enquire/ with every error shown", response.status_code, response.content
    staff = Client()
    staff.force_login(User.objects.create_user("editor", is_staff=True))
    area = TreatmentArea.objects.get(slug="hair-loss")
    response = staff.get(f"/preview/area/{area.pk}/")
    yield "the staff preview of an area page", response.status_code, response.content
    response = client.post("/enquire/", {**ENQUIRY, "over_18": "no"})  # "I am under 18"
    yield "/enquire/ under-18 answer", response.status_code, response.content
    yield from search_and_feedback_pages(client)


def search_and_feedback_pages(client):
    """The search's answers, and the pages after "Was this page helpful?"."""
    for query in ("bruising", "botox", "xylophone", "", "a" * 3000):
        response = client.get("/search/", {"q": query})
        yield f"/search/?q={query[:20]}", response.status_code, response.content
    origin = {"HTTP_ORIGIN": "http://testserver"}
    sent = client.post("/feedback/", {"page": "/treatments/hair-loss/", "helpful": "no"}, **origin)
    response = client.get(sent["Location"])
    yield "/feedback/thanks/ with the reason form", response.status_code, response.content
    response = client.post("/feedback/", {"page": "/admin/", "helpful": "no"}, **origin)
    yield "/feedback/ refused", response.status_code, response.content


def test_every_public_page_is_valid_html(client, tmp_path, vnu, real_content):
    files = {}
    for number, (name, status, html) in enumerate(pages_to_check(client)):
        assert status in {200, 400, 404}, f"{name} answered {status}"
        file = tmp_path / f"page-{number}.html"
        file.write_bytes(html)
        files[file.name] = name
    # One run of the checker over all pages: starting Java is the slow part.
    run = subprocess.run(
        [*vnu, "--format", "json", "--errors-only", *map(str, sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(run.stderr or '{"messages": []}')
    errors = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        f"  [{m.get('extract', '').strip()}]"
        for m in report["messages"]
    ]
    assert not errors, "The Nu HTML checker found errors:\n" + "\n".join(errors)
    assert run.returncode == 0, run.stderr
