"""Evidence per claim: each benefit shows how strong its evidence is in plain words, with its references."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.publishing import TEAM_FILE, publish
from treatments.content_loader import ContentError, read_content
from treatments.models import Benefit
from treatments.page_kinds import AREA
from treatments.references import parse_references

pytestmark = pytest.mark.django_db


def test_a_benefit_shows_its_evidence_level_in_plain_words_with_a_link_to_the_evidence(client, area):
    html = client.get("/treatments/hair-loss/").content.decode()
    assert (
        '<p class="evidence evidence-limited">Limited evidence. Only a few small studies show this. '
        '<a href="#evidence">More about the evidence</a></p>'
    ) in html


@pytest.mark.parametrize("level", Benefit.Evidence.values)
def test_every_evidence_level_has_a_plain_explanation(level):
    explanation = Benefit(evidence_level=level).evidence_explanation()
    assert explanation.endswith(".") and len(explanation.split()) <= 10


def test_a_benefits_references_are_listed_under_it(client, area):
    benefit = area.benefits.get()
    benefit.references = "A small trial of scalp injections | https://example.org/trial\nA review | doi:10.1000/xyz123"
    benefit.full_clean()
    benefit.save()
    publish(AREA, area.pk)
    html = client.get("/treatments/hair-loss/").content.decode()
    assert '<li><a href="https://example.org/trial">A small trial of scalp injections</a></li>' in html
    assert '<li><a href="https://doi.org/10.1000/xyz123">A review</a></li>' in html


def test_references_cost_the_area_page_no_extra_query(client, area, django_assert_max_num_queries):
    for i in range(5):
        Benefit.objects.create(
            area=area, title=f"B{i}", body="Text.", evidence_level="mixed", references=f"T{i} | https://e.org/{i}"
        )
    with django_assert_max_num_queries(3):
        assert client.get("/treatments/hair-loss/").status_code == 200


@pytest.mark.parametrize(
    ("line", "url"),
    [
        ("Title | https://example.org/a", "https://example.org/a"),
        ("Title | 10.1234/abc.5", "https://doi.org/10.1234/abc.5"),
        ("Title | doi:10.1234/abc", "https://doi.org/10.1234/abc"),
        ("Title | https://doi.org/10.1234/abc", "https://doi.org/10.1234/abc"),
        ("A | B title | https://example.org/", "https://example.org/"),
    ],
)
def test_a_reference_is_a_title_and_a_link_or_doi(line, url):
    (reference,), errors = parse_references(line)
    assert reference.url == url and not errors


@pytest.mark.parametrize(
    "line", ["Just a title", "Title | javascript:alert(1)", " | https://example.org/", "Title | example"]
)
def test_a_reference_without_a_title_and_a_safe_link_is_refused(line, area):
    benefit = Benefit(area=area, title="T", body="B", evidence_level="good", references=line)
    with pytest.raises(ValidationError) as error:
        benefit.full_clean()
    assert "references" in error.value.message_dict


AREA_FILE = """---
slug: test
name: Test
signed_off_by: Dr Test
summary: S.
procedure: P.
aftercare: A.
evidence_note: E.
risks:
  - title: R
    body: B.
benefits:
  - title: T
    body: B.
    evidence_level: limited
    references:
%s
---
Body.
"""


def write_area(tmp_path, references):
    (tmp_path / "team.md").write_text(TEAM_FILE)
    (tmp_path / "areas").mkdir()
    (tmp_path / "areas" / "test.md").write_text(AREA_FILE % references)


def test_the_loader_reads_references(tmp_path, db):
    write_area(
        tmp_path,
        "      - {title: A trial, url: 'https://example.org/trial'}\n      - {title: A review, url: 10.1000/xyz}",
    )
    call_command("load_content", "--path", str(tmp_path), verbosity=0)
    benefit = Benefit.objects.get()
    assert [ref.url for ref in benefit.reference_list()] == [
        "https://example.org/trial",
        "https://doi.org/10.1000/xyz",
    ]
    assert benefit.reference_list()[0].title == "A trial"


def test_the_loader_refuses_a_reference_without_a_link(tmp_path):
    write_area(tmp_path, "      - {title: A trial, url: somewhere}")
    with pytest.raises(ContentError, match=r"benefits\[0\].references"):
        read_content(tmp_path)
