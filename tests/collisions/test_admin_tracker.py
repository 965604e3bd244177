"""The default tracker of an admin that opts in: the fields its change form edits and every row of its
inlines, seen through a real content admin (a treatment area with its benefits, risks and questions),
with who changed what from the edit history."""

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory

from collisions.trackers import AdminTracker
from collisions.versions import StaleVersion
from treatments.models import Benefit, Risk, TreatmentArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracker(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    return AdminTracker(admin.site._registry[TreatmentArea], request)


def conflict_after(tracker, area, change):
    token = tracker.issue(area)
    change()
    with pytest.raises(StaleVersion) as stale, transaction.atomic():
        tracker.verify(area, token)
    return stale.value.conflict


def test_the_version_covers_the_form_fields_and_every_inline_row(tracker, area):
    parts = {part.key: part for part in tracker.parts(area)}
    assert {"name", "summary", "body", "published"} <= set(parts)
    benefits = parts["inline:treatments.benefit"]
    assert [row.label for row in benefits.rows] == ["benefit “May slow shedding”"]
    assert benefits.rows[0].values["body"] == "Some people shed less."


def test_a_change_to_an_inline_row_says_which_row_and_field_from_what_to_what(tracker, area):
    benefit = area.benefits.get()

    def edit():
        benefit.body = "Some people shed a little less."
        benefit.save()

    conflict = conflict_after(tracker, area, edit)
    assert [(c.label, c.before, c.after) for c in conflict.changes] == [
        ("benefit “May slow shedding”, body", "Some people shed less.", "Some people shed a little less.")
    ]
    assert [event.what for event in conflict.events] == ["changed benefit “May slow shedding”"]


def test_rows_added_and_removed_and_fields_changed_are_all_listed(tracker, area):
    def edit():
        Risk.objects.create(area=area, title="Bruising", body="Small bruises.", frequency="common")
        area.risks.filter(title="Scalp tenderness").delete()
        TreatmentArea.objects.filter(pk=area.pk).update(summary="A new summary.")

    labels = [change.label for change in conflict_after(tracker, area, edit).changes]
    assert "Summary" in labels
    assert "Risks: added risk “Bruising”" in labels and "Risks: removed risk “Scalp tenderness”" in labels


def test_nothing_changed_means_the_save_goes_through(tracker, area):
    token = tracker.issue(area)
    Benefit.objects.filter(pk=area.benefits.get().pk).update(order=0)  # as it was
    with transaction.atomic():
        assert tracker.verify(area, token).pk == area.pk
