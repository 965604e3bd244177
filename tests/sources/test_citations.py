"""Every claim traceable: graded benefits and figures cite sources; each page numbers them, linked both ways."""

import datetime
import json
import re

import pytest
from django.core.management import call_command

from contentload.checks import ContentError
from contentload.reading import read_content
from signoff import selectors
from signoff.models import ClinicalPage
from sources.models import Source
from tests.support.forms import area_form, object_form
from tests.support.publishing import TEAM_FILE, publish
from treatments.models import Benefit, Milestone, Risk
from treatments.page_kinds import AREA, HISTORY, SAFETY

pytestmark = pytest.mark.django_db

PAGE = "/treatments/hair-loss/"


def make_source(key, **fields):
    defaults = {"title": f"Study {key}", "authors": "Lee C", "year": 2019, "kind": "observational-study",
                "checked": datetime.date(2026, 10, 1)}  # fmt: skip
    return Source.objects.create(key=key, **{**defaults, **fields})


def html_of(client, path=PAGE):
    return client.get(path).content.decode()


def anchors(html):
    return set(re.findall(r'id="([^"]+)"', html))


# --- The admin refuses a grade or a figure without its source --------------------------------


def test_a_benefit_graded_above_the_first_level_without_a_source_is_refused_next_to_the_field(admin_client, area):
    benefit = area.benefits.get()
    form = object_form(benefit, ["area", "title", "body", "evidence_level", "order"], sources=[])
    response = admin_client.post(f"/admin/treatments/benefit/{benefit.pk}/change/", form)
    assert response.status_code == 200  # the form again, nothing saved
    html = response.content.decode()
    row = html[html.index('class="form-row errors field-evidence_level') :][:1500]
    assert "needs at least one source that shows it" in row
    assert list(Benefit.objects.get().sources.all()) != []  # unchanged
    form["evidence_level"] = "none"
    assert admin_client.post(f"/admin/treatments/benefit/{benefit.pk}/change/", form).status_code == 302


def test_the_area_form_refuses_an_inline_benefit_graded_without_a_source(admin_client, area):
    data = area_form(area, **{"benefits-0-sources": [], "benefits-0-evidence_level": "mixed"})
    response = admin_client.post(f"/admin/treatments/treatmentarea/{area.pk}/change/", data)
    assert response.status_code == 200 and "&quot;Mixed results&quot; needs at least one source" in (
        response.content.decode()
    )


def test_a_figure_for_how_common_a_risk_is_needs_its_source(admin_client, area, source):
    risk = area.risks.get()
    fields = ["area", "title", "body", "frequency", "frequency_source", "sources", "order"]
    form = object_form(risk, fields, frequency="figure-common")
    response = admin_client.post(f"/admin/treatments/risk/{risk.pk}/change/", form)
    assert response.status_code == 200 and "A figure needs the source it comes from" in response.content.decode()
    form["frequency_source"] = source.pk
    assert admin_client.post(f"/admin/treatments/risk/{risk.pk}/change/", form).status_code == 302
    publish(AREA, area.pk)
    html = html_of(admin_client)
    assert "How common: Common: up to 1 in 10 people" in html


def test_a_risk_without_a_source_shows_words_and_no_number(client, area):
    html = html_of(client)
    assert "How common: Common" in html and "1 in 10" not in html


def test_approval_is_refused_for_a_grade_without_its_source(client, reviewer_user, area):
    area.benefits.get().sources.clear()
    client.force_login(reviewer_user)
    page = ClinicalPage.objects.get(key=f"area:{area.pk}")
    rows = AREA.collect(area.pk).rows()
    response = client.post(
        f"/admin/signoff/clinicalpage/{page.pk}/review/",
        {"action": "approve", "fingerprint": selectors.fingerprint(AREA, rows), "comment": "", "next_review_due": ""},
        follow=True,
    )
    assert "Benefit &quot;May slow shedding&quot;: &quot;A little research, not strong&quot; needs at least one" in (
        response.content.decode()
    )
    assert ClinicalPage.objects.get(pk=page.pk).live.snapshot["parts"]["benefits"][0]["sources"]  # still the old one


# --- Each page numbers its sources, with links both ways -------------------------------------


@pytest.fixture
def cited_area(area, source):
    """The area citing four sources across its benefit, a risk's figure, the evidence note and a milestone."""
    second, third, fourth = make_source("lee-2019"), make_source("who-2021", kind="guideline"), make_source("old-1952")
    Benefit.objects.create(area=area, title="Second benefit", body="B.", evidence_level="mixed").sources.add(
        second, source
    )
    risk = area.risks.get()
    risk.frequency, risk.frequency_source = "figure-uncommon", third
    risk.save()
    area.evidence_sources.add(second)
    area.milestones.get().sources.add(fourth)
    publish(AREA, area.pk)
    return area


def test_an_area_page_lists_its_sources_numbered_in_the_order_its_claims_cite_them(client, cited_area):
    html = html_of(client)
    section = html[html.index('<section aria-labelledby="sources"') :]
    assert re.findall(r'<li id="source-(\d)" value="\d">', section) == ["1", "2", "3", "4"]
    assert "A small trial of scalp injections" in section.split('id="source-2"')[0]  # cited first
    assert section.index("Study lee-2019") < section.index("Study who-2021") < section.index("Study old-1952")
    assert '<a href="#sources">Sources</a>' in html  # in "On this page"


def test_every_marker_links_to_its_entry_and_every_entry_links_back(client, cited_area):
    html = html_of(client)
    ids = anchors(html)
    markers = re.findall(r'<a href="#(source-\d+)" id="([^"]+)" aria-label="Source \d+">', html)
    assert len(markers) == 6  # 1 + 2 for the benefits, the figure, the evidence note, the milestone
    for target, marker in markers:
        assert target in ids and marker in ids
    back = re.findall(r'<a href="#([^"]+)"><span class="visually-hidden">Back to </span>([^<]+)</a>', html)
    assert {target for target, _ in back} == {marker for _, marker in markers}
    assert "Benefit: May slow shedding" in {label for _, label in back}
    assert 'aria-label="Source 1">1</a>' in html  # a clear name for screen readers


def test_the_json_ld_cites_the_same_sources_in_the_same_order(client, cited_area):
    html = html_of(client)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    page = next(node for node in data["@graph"] if node["@type"] == "MedicalWebPage")
    assert [work["name"] for work in page["citation"]] == [
        "A small trial of scalp injections",
        "Study lee-2019",
        "Study who-2021",
        "Study old-1952",
    ]
    assert page["citation"][0]["url"] == "https://doi.org/10.1000/test.2020"


def test_the_safety_and_history_pages_cite_their_sources(client, general_content, source):
    Risk.objects.get(area__isnull=True).sources.add(source)
    Milestone.objects.get(area__isnull=True).sources.add(make_source("pistor-history"))
    publish(SAFETY)
    publish(HISTORY)
    safety, history = html_of(client, "/about/safety/"), html_of(client, "/about/history/")
    assert 'id="source-1"' in safety and "A small trial of scalp injections" in safety
    assert 'href="#source-1"' in history and "Study pistor-history" in history


def test_a_change_to_a_cited_source_reaches_patients_only_once_approved(
    client, admin_client, area, source, django_capture_on_commit_callbacks
):
    source.title = "A retitled trial"
    source.save()
    assert "A retitled trial" not in html_of(client)
    response = admin_client.get(f"/admin/sources/source/{source.pk}/change/")
    assert "Clinical sign-off: Hair loss" in response.content.decode()  # the pages that cite it
    with django_capture_on_commit_callbacks(execute=True):
        publish(AREA, area.pk)
    assert "A retitled trial" in html_of(client)


def test_a_cited_source_cannot_be_deleted(admin_client, area, source):
    html = admin_client.get(f"/admin/sources/source/{source.pk}/change/").content.decode()
    assert "/delete/" not in html
    assert admin_client.post(f"/admin/sources/source/{source.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Source.objects.filter(pk=source.pk).exists()


def test_a_link_must_be_a_web_address_or_a_doi(source):
    from django.core.exceptions import ValidationError

    source.link = "see the library"
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "link" in error.value.message_dict
    source.link = "doi:10.1155/2020/3542848"
    assert source.url() == "https://doi.org/10.1155/2020/3542848"


# --- load_content refuses what the admin refuses ------------------------------------------


AREA_FILE = """---
slug: test
name: Test
published: true
signed_off_by: Dr Test
summary: S.
procedure: P.
aftercare: A.
evidence_note: E.
benefits:
  - title: Thicker hair
    body: B.
    evidence_level: %s
risks:
  - title: Soreness
    body: B.
    frequency: %s
---
Body.
"""
SOURCES_FILE = """---
sources:
  - key: lee-2019
    title: A study
    authors: Lee C
    year: 2019
    kind: observational-study
    checked: 2026-10-01
---
"""


def folder(tmp_path, text):
    (tmp_path / "team.md").write_text(TEAM_FILE)
    (tmp_path / "sources.md").write_text(SOURCES_FILE)
    (tmp_path / "areas").mkdir()
    (tmp_path / "areas" / "test.md").write_text(text)
    return tmp_path


def test_the_loader_refuses_a_graded_benefit_without_a_source_naming_the_file_item_and_reason(tmp_path):
    path = folder(tmp_path, AREA_FILE % ("limited", "common"))
    with pytest.raises(ContentError) as error:
        read_content(path)
    message = str(error.value)
    assert "areas/test.md: benefits[0] (Thicker hair).evidence_level:" in message
    assert "needs at least one source" in message


def test_the_loader_refuses_a_figure_without_its_source(tmp_path):
    path = folder(tmp_path, AREA_FILE % ("none", "figure-rare"))
    with pytest.raises(ContentError, match=r"risks\[0\] \(Soreness\).frequency: A figure needs the source"):
        read_content(path)


def test_the_loader_refuses_a_citation_of_a_source_it_does_not_have(tmp_path):
    text = (AREA_FILE % ("limited", "common")).replace(
        "    evidence_level: limited\n", "    evidence_level: limited\n    sources: [nobody-2020]\n"
    )
    with pytest.raises(ContentError, match=r"cites 'nobody-2020', which is not in sources.md"):
        read_content(folder(tmp_path, text))


def test_the_loader_stores_citations_and_publishes_them(tmp_path, client):
    text = (
        (AREA_FILE % ("limited", "figure-rare"))
        .replace("    evidence_level: limited\n", "    evidence_level: limited\n    sources: [lee-2019]\n")
        .replace("    frequency: figure-rare\n", "    frequency: figure-rare\n    frequency_source: lee-2019\n")
    )
    call_command("load_content", "--path", str(folder(tmp_path, text)), verbosity=0)
    benefit = Benefit.objects.get()
    assert list(benefit.sources.values_list("key", flat=True)) == ["lee-2019"]
    assert Risk.objects.get().frequency_source.key == "lee-2019"
    html = client.get("/treatments/test/").content.decode()
    assert "Rare: up to 1 in 1,000 people" in html and 'id="source-1"' in html


def test_every_shipped_area_page_cites_its_sources(client, real_content):
    for slug in ("skin-rejuvenation", "pain-management", "hair-loss"):
        html = client.get(f"/treatments/{slug}/").content.decode()
        assert 'id="sources"' in html, slug
        numbers = re.findall(r"How common: [^<]*\d+ in [\d,]+ people", html)
        assert not numbers, (slug, numbers)  # no shipped risk has a source for a figure
    graded = Benefit.objects.exclude(evidence_level="none")
    assert all(benefit.sources.exists() for benefit in graded)
    assert not Risk.objects.filter(frequency__startswith="figure-", frequency_source__isnull=True).exists()


def test_faqs_cite_their_sources_on_the_area_and_treatments_pages(client, area, general_content):
    """An answer can rest on a source like any other claim: its marker beside it, the source listed."""
    from treatments.models import Faq
    from treatments.page_kinds import TREATMENTS

    area.faqs.get().sources.add(make_source("faq-trial", kind="randomised-trial"))
    Faq.objects.get(area__isnull=True).sources.add(make_source("faq-general"))
    publish(AREA, area.pk)
    publish(TREATMENTS)
    page = html_of(client)
    assert 'href="#source-' in page and "Study faq-trial" in page and "Randomised trial" in page
    marker = re.search(r'<a href="#source-(\d+)" id="(q\d+-\d+)"', page)
    assert marker and f'href="#{marker.group(2)}"' in page  # the entry links back to the answer
    assert "Study faq-general" in html_of(client, "/treatments/")
