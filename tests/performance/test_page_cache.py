"""The page cache never shows a patient stale content: an approval, or a save of content published
without sign-off, empties it at once."""

import pytest

from pages.models import ClinicDetails, PageText
from tests.support.publishing import publish_everything
from treatments.models import Benefit, Faq, Milestone, Risk, TreatmentArea

pytestmark = pytest.mark.django_db

NEW = "Freshly edited words"


def rename(queryset, field):
    obj = queryset.first()
    old = getattr(obj, field)
    setattr(obj, field, NEW)
    obj.save()
    return old


def delete_risk():
    risk = Risk.objects.filter(area__slug="hair-loss").first()
    risk.delete()
    return risk.title


EDITS = {
    "benefit": ("/treatments/hair-loss/", lambda: rename(Benefit.objects.filter(area__slug="hair-loss"), "title")),
    "area risk deleted": ("/treatments/hair-loss/", delete_risk),
    "general risk": ("/about/safety/", lambda: rename(Risk.objects.general(), "title")),
    "milestone": ("/about/history/", lambda: rename(Milestone.objects.all(), "title")),
    "general faq": ("/treatments/", lambda: rename(Faq.objects.general(), "question")),
    "home text": ("/", lambda: rename(PageText.objects.filter(page="home", key="intro"), "title")),
    "area summary": ("/", lambda: rename(TreatmentArea.objects.filter(slug="pain-management"), "summary")),
    "clinic phone": ("/privacy/", lambda: rename(ClinicDetails.objects.all(), "phone")),
}


@pytest.mark.parametrize("what", EDITS)
def test_a_warm_cached_page_changes_right_after_a_content_save(
    client, content, what, django_assert_num_queries, django_capture_on_commit_callbacks
):
    path, edit = EDITS[what]
    client.get(path)
    with django_assert_num_queries(0):
        before = client.get(path).content.decode()  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        old = edit()
        publish_everything()  # clinical content reaches patients once approved
    assert old in before
    after = client.get(path).content.decode()
    assert old not in after
    if what != "area risk deleted":
        assert NEW in after
