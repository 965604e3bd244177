"""The index follows approvals: what patients can read now, never a working copy, gone when a page goes."""

import pytest
from django.core.management import call_command

from search.models import Entry
from tests.support.publishing import publish
from treatments.models import Benefit
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db


def found(client, query):
    return client.get("/search/", {"q": query}).content.decode()


def test_an_approved_change_is_found_at_once(client, area):
    benefit = Benefit.objects.get(area=area)
    benefit.title = "Zebra stripes may fade"
    benefit.save()
    assert "Zebra" not in found(client, "zebra")  # the working copy: never searched
    publish(AREA, area.pk)
    assert "<mark>Zebra</mark> stripes may fade" in found(client, "zebra")


def test_an_unpublished_area_is_never_found(client, area):
    assert "/treatments/hair-loss/" in found(client, "scalp")
    area.published = False
    area.save()  # taken down at once (signoff), and out of the index with it
    assert "/treatments/hair-loss/" not in found(client, "scalp")
    assert not Entry.objects.filter(page_key=f"area:{area.pk}").exists()


def test_an_area_never_approved_is_never_found(client, draft_area):
    draft_area.body = "Quokka treatment."
    draft_area.published = True
    draft_area.save()
    assert "We found nothing for quokka" in found(client, "quokka")


def test_the_team_page_is_searched_as_it_is_published(client, clinician):
    clinician.bio = "Trained in dermatology at a teaching hospital."
    clinician.save()
    assert f"/about/team/#clinician-{clinician.pk}" in found(client, "dermatology")
    clinician.active = False
    clinician.save()
    assert "We found nothing for dermatology" in found(client, "dermatology")


def test_rebuilding_the_index_gives_what_approvals_built(real_content):
    built = sorted(Entry.objects.values_list("url", "title", "body"))
    call_command("rebuild_search_index", verbosity=0)
    assert sorted(Entry.objects.values_list("url", "title", "body")) == built
    assert len(built) > 50
