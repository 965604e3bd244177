"""manage.py load_content: idempotent, keeps editors' changes, refuses malformed files whole."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from pages.models import ClinicDetails, PageText
from treatments.models import Benefit, Faq, Milestone, Risk, TreatmentArea
from treatments.published import published_areas

pytestmark = pytest.mark.django_db

CONTENT = Path(settings.BASE_DIR) / "content"


def load(*args, path=CONTENT):
    out = StringIO()
    call_command("load_content", "--path", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot():
    return {
        model.__name__: sorted(map(str, model.objects.values_list()))
        for model in (TreatmentArea, Benefit, Risk, Faq, Milestone, PageText, ClinicDetails)
    }


def test_loads_the_three_areas_with_their_content_and_the_pages():
    output = load()
    assert {area.slug for area in published_areas()} == {
        "skin-rejuvenation",
        "pain-management",
        "hair-loss",
    }
    hair = TreatmentArea.objects.get(slug="hair-loss")
    assert hair.benefits.exists() and hair.risks.exists() and hair.faqs.exists()
    assert hair.evidence_note and hair.aftercare
    assert Risk.objects.general().exists() and Milestone.objects.filter(year=1952).exists()
    assert ClinicDetails.load().address_lines()
    assert PageText.objects.filter(page="home", key="intro").exists()
    assert "created" in output and output.strip().splitlines()[-1].startswith("load_content:")


def test_running_it_again_changes_nothing():
    load()
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert "created 0, updated 0" in output


def test_an_editors_change_is_kept_unless_forced(editor_user):
    load()
    benefit = Benefit.objects.filter(area__slug="hair-loss").first()
    benefit.body = "Edited by the clinic."
    benefit._history_user = editor_user  # as the admin records it
    benefit.save()
    output = load()
    benefit.refresh_from_db()
    assert benefit.body == "Edited by the clinic."
    assert "kept (edited by staff)" in output and "--force" in output

    load("--force")
    benefit.refresh_from_db()
    assert benefit.body != "Edited by the clinic."


def test_a_change_nobody_signed_in_made_is_the_loaders_to_update():
    """A migration or a new content format changes rows as nobody: not an editor's change to keep."""
    load()
    Benefit.objects.filter(area__slug="hair-loss").update(body="Changed by a migration.")
    output = load()
    assert "kept" not in output.split("load_content:")[0]
    assert not Benefit.objects.filter(body="Changed by a migration.").exists()


def test_an_object_staff_deleted_is_not_brought_back_unless_forced():
    load()
    faq = Faq.objects.filter(area__slug="hair-loss").first()
    question = faq.question
    faq.delete()
    load()
    assert not Faq.objects.filter(question=question).exists()
    load("--force")
    assert Faq.objects.filter(question=question).exists()


def test_a_changed_file_updates_what_staff_did_not_edit(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    load(path=content)
    area_file = content / "areas" / "hair-loss.md"
    area_file.write_text(area_file.read_text().replace("name: Hair loss", "name: Hair loss and thinning"))
    load(path=content)
    assert TreatmentArea.objects.get(slug="hair-loss").name == "Hair loss and thinning"


def test_dry_run_writes_nothing():
    output = load("--dry-run")
    assert TreatmentArea.objects.count() == 0
    assert "dry run" in output


@pytest.mark.parametrize(
    ("original", "broken", "named"),
    [
        ("frequency: unknown", "frequency: often", "risks[0].frequency"),
        ("approved: 2026-11-01", "approved: soon", "approved"),
        ("slug: hair-loss", "slug: hair", "slug"),
    ],
)
def test_a_malformed_file_is_named_with_its_field_and_nothing_is_loaded(tmp_path, original, broken, named):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    area_file = content / "areas" / "hair-loss.md"
    text = area_file.read_text()
    assert original in text
    area_file.write_text(text.replace(original, broken, 1))
    with pytest.raises(CommandError) as error:
        load(path=content)
    assert "areas/hair-loss.md" in str(error.value) and named in str(error.value)
    assert TreatmentArea.objects.count() == 0 and PageText.objects.count() == 0


def test_invalid_yaml_is_reported_with_the_file_name(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "home.md").write_text("---\nblocks: [\n---\n")
    with pytest.raises(CommandError, match="pages/home.md: front matter is not valid YAML"):
        load(path=content)


def test_a_missing_required_field_is_named(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "home.md").write_text("---\nblocks:\n  - title: No key\n---\n")
    with pytest.raises(CommandError, match=r"pages/home.md: blocks\[0\].key: is required"):
        load(path=content)
