"""Searches that found nothing: kept for editors as words only, counted, most frequent first."""

import pytest

from search.models import MissedSearch

pytestmark = pytest.mark.django_db


def test_a_search_that_found_nothing_is_counted_without_contact_details(client, real_content):
    query = "xylophone kazoo qqzz.xyx@zzqx.zz 07700 900123"
    client.get("/search/", {"q": query}, REMOTE_ADDR="203.0.113.9")
    client.get("/search/", {"q": query})
    missed = MissedSearch.objects.get()
    assert missed.count == 2
    assert "qqzz" not in missed.words and "zzqx" not in missed.words and "900123" not in missed.words
    assert missed.words == "xylophone kazoo email address removed phone number removed"
    assert not {"ip", "address", "cookie", "session"} & {f.name for f in MissedSearch._meta.fields}


def test_a_search_that_found_something_is_not_kept(client, real_content):
    client.get("/search/", {"q": "bruising"})
    client.get("/search/", {"q": "botox"})  # answered with the editors' text
    assert not MissedSearch.objects.exists()


def test_editors_see_the_searches_that_found_nothing_most_frequent_first(client, real_content, editor_user):
    for query, times in (("quokka", 1), ("xylophone", 3), ("kazoo", 2)):
        for _ in range(times):
            client.get("/search/", {"q": query})
    client.force_login(editor_user)
    html = client.get("/admin/search/missedsearch/").content.decode()
    assert html.index("xylophone") < html.index("kazoo") < html.index("quokka")
