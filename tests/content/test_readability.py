"""Readability: the shipped pages meet the reading-age target, and editors see each text's reading age."""

import pytest

from declarations import content
from editorial.readability import TARGET_READING_AGE, join, reading_age
from pages.models import PageText
from treatments.models import TreatmentArea
from treatments.page_kinds import AREA


def whole_page(kind_name, object_id=None):
    """Every word staff wrote for one page, as its declaration (declarations.content) says."""
    return join(content.kind(kind_name).collect(object_id).texts())


def area_copy(area):
    return whole_page(AREA.kind, area.pk)


pytestmark = pytest.mark.django_db


def test_each_published_area_page_meets_the_reading_age_target(real_content):
    areas = TreatmentArea.objects.filter(published=True)
    assert areas.count() == 3
    for area in areas:
        age = reading_age(area_copy(area))
        assert age is not None and age <= TARGET_READING_AGE, f"{area.slug}: reading age {age}"


@pytest.mark.parametrize(
    "page", [PageText.Page.SAFETY, PageText.Page.HOME, PageText.Page.PRIVACY, PageText.Page.HISTORY]
)
def test_each_text_page_meets_the_reading_age_target(real_content, page):
    age = reading_age(whole_page(page))
    assert age is not None and age <= TARGET_READING_AGE, f"{page}: reading age {age}"


def test_the_target_is_nhs_guidance_for_patient_information():
    assert 9 <= TARGET_READING_AGE <= 11


def test_an_area_page_counts_its_benefits_risks_and_questions(area):
    copy = area_copy(area)
    assert "Some people shed less." in copy and "Your scalp may feel sore." in copy and "It stings a little." in copy


def test_the_area_change_form_shows_a_reading_age_for_each_markdown_field_and_the_whole_page(
    admin_client, real_content
):
    area = TreatmentArea.objects.get(slug="hair-loss")
    html = admin_client.get(f"/admin/treatments/treatmentarea/{area.pk}/change/").content.decode()
    assert '<table class="readability">' in html and f"Target: {TARGET_READING_AGE} or under" in html
    for label in ("Body", "What happens on the day", "Honest note on the evidence", "Benefit: May slow hair loss"):
        assert f'<th scope="row">{label}</th>' in html
    whole = reading_age(area_copy(area))
    assert f"The hair loss page as a whole</th>\n    <td>{whole}</td>" in html
    assert "Harder than the target" not in html


def test_a_hard_text_is_marked_as_harder_than_the_target(admin_client, area):
    area.body = (
        "Mesotherapeutic intradermal microinjections administered percutaneously necessitate comprehensive "
        "pre-procedural consultation, contraindication assessment, and individualised formulation considerations."
    ) * 2
    area.save()
    html = admin_client.get(f"/admin/treatments/treatmentarea/{area.pk}/change/").content.decode()
    assert "Harder than the target" in html


def test_a_page_text_block_shows_its_pages_reading_age(admin_client, real_content):
    block = PageText.objects.get(page="privacy", key="how-long")
    html = admin_client.get(f"/admin/pages/pagetext/{block.pk}/change/").content.decode()
    assert "The privacy notice page as a whole" in html


def test_the_live_preview_shows_the_reading_age_with_the_target(admin_client):
    text = (
        "We clean your skin. Then we give you some small injections with a very fine needle. It can sting a bit. " * 2
    )
    html = admin_client.post("/markdownx/markdownify/", {"content": text}).content.decode()
    expected = f'Reading age: <span class="checks-value">{reading_age(text)}</span> (target: {TARGET_READING_AGE}'
    assert expected in html
