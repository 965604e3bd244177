"""The page frame's models moved from treatments to pages: a database from before the move keeps everything."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pages.models import ClinicDetails, PageText

# The last migrations before ClinicDetails and PageText left treatments.
BEFORE_THE_MOVE = [
    ("treatments", "0002_review_dates_and_benefit_references"),
    ("enquiries", "0001_initial"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_database(transactional_db):
    """The schema as it was before the move; migrated to the newest schema again however the test ends."""
    apps = migrate(BEFORE_THE_MOVE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_clinic_details_page_text_and_editors_permissions_survive_the_move(old_database):
    apps = old_database
    old_clinic = apps.get_model("treatments", "ClinicDetails")
    old_text = apps.get_model("treatments", "PageText")
    old_clinic.objects.create(
        pk=1, name="Old Clinic", address="1 Road", phone="01632 960000", email="c@example.com", opening_hours="Mon"
    )
    old_text.objects.create(page="home", key="intro", title="Written before the move", body="Kept **as is**.")
    content_type = apps.get_model("contenttypes", "ContentType")
    permission = apps.get_model("auth", "Permission")
    page_text_type, _ = content_type.objects.get_or_create(app_label="treatments", model="pagetext")
    change, _ = permission.objects.get_or_create(
        content_type=page_text_type, codename="change_pagetext", defaults={"name": "Can change page text"}
    )
    group = apps.get_model("auth", "Group").objects.create(name="Editors before the move")
    group.permissions.add(change)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert ClinicDetails.objects.get().name == "Old Clinic"
    text = PageText.objects.get(page="home", key="intro")
    assert (text.title, text.body) == ("Written before the move", "Kept **as is**.")
    # The permission followed its model, so the group still holds it under the new app's name.
    assert Group.objects.get(name="Editors before the move").permissions.get().content_type.app_label == "pages"
    assert "pages_pagetext" in connection.introspection.table_names()
    assert "treatments_pagetext" not in connection.introspection.table_names()
