"""load_content publishes each clinical page as signed off in its file, once, and never over an editor's change."""

import datetime
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from signoff.models import Approval, ClinicalPage
from treatments.models import Risk, TreatmentArea

pytestmark = pytest.mark.django_db

CLINICAL_PAGES = {"area:", "safety", "history", "treatments"}


def load(*args, path=None):
    out = StringIO()
    extra = ["--path", str(path)] if path else []
    call_command("load_content", *args, *extra, stdout=out)
    return out.getvalue()


def test_every_clinical_page_is_approved_as_signed_in_its_file(client):
    output = load()
    pages = ClinicalPage.objects.live()
    assert {page.key.split(":")[0] + (":" if page.kind == "area" else "") for page in pages} == CLINICAL_PAGES
    assert pages.count() == 6
    for page in pages:
        approval = page.live
        assert approval.clinician.name == "Dr Sarah Okafor" and approval.source == Approval.Source.CONTENT
        assert approval.approved_at.date() == datetime.date(2026, 11, 1)
        assert approval.next_review_due == datetime.date(2027, 11, 1)
    assert "6 pages approved as signed" in output
    html = client.get("/about/safety/").content.decode()
    # Signed in a file is not reviewed in the admin: patients are not told a clinician reviewed it.
    assert "Page last reviewed" not in html and "Dr Sarah Okafor" not in html
    assert "A clinician at this clinic has not yet reviewed this page." in html


def test_loading_again_approves_nothing_new():
    load()
    output = load()
    assert Approval.objects.count() == 6 and "0 pages approved as signed" in output


def test_a_page_an_editor_changed_is_not_approved_over_their_change(client, editor_user):
    load()
    risk = Risk.objects.filter(area__slug="hair-loss").first()
    risk.body = "An editor's wording, not yet approved."
    risk._history_user = editor_user
    risk.save()
    output = load()
    assert "not approved" in output and "hair-loss.md" in output
    assert "An editor's wording" not in client.get("/treatments/hair-loss/").content.decode()
    load("--force")
    risk.refresh_from_db()
    assert risk.body != "An editor's wording, not yet approved."
    assert ClinicalPage.objects.get(slug="hair-loss").approvals.count() == 1  # the file's version was live already


@pytest.fixture
def content_copy(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(Path(settings.BASE_DIR) / "content", copy)
    return copy


def test_a_signer_missing_from_the_team_register_is_refused_and_nothing_is_loaded(content_copy):
    safety = content_copy / "safety.md"
    safety.write_text(safety.read_text().replace("signed_off_by: Dr Sarah Okafor", "signed_off_by: Dr Nobody"))
    with pytest.raises(CommandError, match=r"safety.md: signed_off_by: 'Dr Nobody' is not an active clinician"):
        load(path=content_copy)
    assert not TreatmentArea.objects.exists() and not Approval.objects.exists()


def test_a_clinical_page_without_a_signer_is_refused(content_copy):
    history = content_copy / "history.md"
    history.write_text(history.read_text().replace("signed_off_by: Dr Sarah Okafor\n", ""))
    with pytest.raises(CommandError, match=r"history.md: signed_off_by .* is required"):
        load(path=content_copy)


def test_an_area_that_could_not_be_published_is_refused_with_its_file(content_copy):
    area = content_copy / "areas" / "hair-loss.md"
    text = area.read_text()
    area.write_text(text[: text.index("risks:")] + text[text.index("faqs:") :])
    with pytest.raises(CommandError, match=r"hair-loss.md: cannot be published: Add at least one risk."):
        load(path=content_copy)
