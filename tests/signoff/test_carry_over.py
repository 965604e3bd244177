"""Sites that ran before clinical sign-off keep every page on the site, approved as their typed review said."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from signoff.models import ClinicalPage
from signoff.status import standing

BEFORE_SIGN_OFF = [
    ("signoff", "0001_initial"),
    ("treatments", "0003_move_page_frame_to_pages"),
    ("pages", "0002_rename_tables"),
    ("enquiries", "0001_initial"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def newest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE_SIGN_OFF)
    yield apps
    migrate(newest())


def test_typed_reviews_become_approvals_and_patients_keep_seeing_every_page(old_apps, client):
    area_model = old_apps.get_model("treatments", "TreatmentArea")
    area = area_model.objects.create(
        name="Hair loss", slug="hair-loss", summary="S.", body="Body.", evidence_note="Little research.",
        published=True, last_reviewed=datetime.date(2026, 3, 2), reviewer_name="Dr Old",
        reviewer_role="Clinical lead", next_review_due=datetime.date(2027, 3, 2),
    )  # fmt: skip
    old_apps.get_model("treatments", "Benefit").objects.create(
        area=area, title="Thicker hair", body="Maybe.", evidence_level="none"
    )
    old_apps.get_model("treatments", "Risk").objects.create(area=area, title="Soreness", body="Common.")
    old_apps.get_model("treatments", "TreatmentArea").objects.create(name="Draft", slug="draft", summary="S", body="B")
    page_text = old_apps.get_model("pages", "PageText")
    page_text.objects.create(page="safety", key="intro", title="Safety", body="Be safe.", reviewer_name="Dr Old")

    migrate(newest())

    hair = ClinicalPage.objects.get(slug="hair-loss")
    assert hair.published and hair.live.approver_name == "Dr Old" and hair.live.approver_profession == "Clinical lead"
    assert hair.live.next_review_due == datetime.date(2027, 3, 2) and hair.live.source == "migrated"
    # Nothing is waiting: what patients see is exactly the working copy.
    assert standing(hair).on_site and not standing(hair).changed
    assert not ClinicalPage.objects.get(slug="draft").published
    html = client.get("/treatments/hair-loss/").content.decode()
    assert "Thicker hair" in html and "by Dr Old, Clinical lead" in html and "2 March 2026" in html
    assert "Be safe." in client.get("/about/safety/").content.decode()
    assert client.get("/treatments/draft/").status_code == 404
