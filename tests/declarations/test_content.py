"""What each page shows is declared once (declarations.content): rows and instances, order, one declaration a page."""

import datetime

import pytest

from declarations import content
from enquiries.models import Enquiry
from pages.aggregates import instances
from pages.models import PageText
from signoff import selectors
from treatments.models import Milestone

pytestmark = pytest.mark.django_db


def test_every_page_with_editable_text_is_declared_exactly_once():
    declared = [part.where for kind in content.kinds() for part in kind.parts if part.model is PageText]
    pages = [kind.kind for kind in content.kinds() if any(part.model is PageText for part in kind.parts)]
    assert sorted(pages) == sorted(PageText.Page.values)
    assert len(declared) == len(PageText.Page.values)


def test_rows_come_back_as_instances_in_the_models_own_descending_order():
    """Enquiry is ordered newest first ("-received_at", "-pk"): the sort must not read it as ascending."""
    now = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)
    rows = [
        {"id": 1, "received_at": (now - datetime.timedelta(days=2)).isoformat()},
        {"id": 3, "received_at": now.isoformat()},
        {"id": 2, "received_at": now.isoformat()},
    ]
    assert [enquiry.pk for enquiry in instances(Enquiry, rows)] == [3, 2, 1]


def test_the_present_day_milestone_sorts_after_every_year():
    rows = [{"id": 1, "year": None, "title": "Today"}, {"id": 2, "year": 1952, "title": "A"}, {"id": 3, "year": 1964}]
    assert [m.when() for m in instances(Milestone, rows)] == [1952, 1964, "Today"]


def test_a_page_read_from_the_database_and_from_its_rows_is_the_same(area, source):
    kind = content.kind("area")
    working = kind.collect(area.pk)
    again = content.Content(kind, area.pk, working.rows())
    assert [b.title for b in again["benefits"]] == [b.title for b in working["benefits"]] == ["May slow shedding"]
    assert again["benefits"][0].m2m_ids == {"sources": [source.pk]}
    assert [s.key for s in again["sources"]] == ["smith-2020"]


def test_an_approved_page_cannot_reach_the_working_copy_through_a_related_manager(client, area):
    """Rebuilt from an approval, an area keeps its real key; following `area.benefits` would read today's
    unapproved rows. It fails instead, and the approved benefits are the ones the page is given."""
    from django.utils.connection import ConnectionDoesNotExist

    from signoff import services
    from treatments.models import Benefit
    from treatments.page_kinds import AREA

    Benefit.objects.filter(area=area).update(title="Not approved yet")
    approved = selectors.live_content(services.page_record(AREA, area.pk))
    with pytest.raises(ConnectionDoesNotExist):
        list(approved.root.benefits.all())
    with pytest.raises(ConnectionDoesNotExist):
        approved["benefits"][0].area  # noqa: B018 - a foreign key it follows fails the same way
    assert [benefit.title for benefit in approved["benefits"]] == ["May slow shedding"]
    assert "Not approved yet" not in client.get("/treatments/hair-loss/").content.decode()
