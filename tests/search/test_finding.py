"""Search over the shipped content: the right page first, typos and synonyms, what we do not offer, odd queries.

The same tests run on SQLite (FTS5) and on PostgreSQL (full-text search and trigram similarity).
"""

import re

import pytest

from search.models import Synonym

pytestmark = pytest.mark.django_db


def results(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    return html, re.findall(r'<li>\s*<h2><a href="([^"]+)"', html)


@pytest.mark.parametrize(
    "query, first",
    [
        ("hair thinning", "/treatments/hair-loss/"),
        ("hiar loss", "/treatments/hair-loss/"),
        ("mesotheraphy", "/"),
        ("diabetes", "/about/safety/#who-should-not"),
        ("bruising", "/about/safety/#general-risks"),
        ("Can I have it if I'm diabetic?", "/about/safety/#who-should-not"),
    ],
)
def test_the_right_page_comes_first(client, real_content, query, first):
    html, urls = results(client, query)
    assert urls and urls[0] == first, urls[:3]


def test_a_shipped_synonym_finds_what_the_pages_call_it(client, real_content):
    html, urls = results(client, "prices")
    assert "we searched for <strong>cost</strong>" in html
    assert "/treatments/hair-loss/#costs" in urls


def test_a_typo_is_searched_as_the_word_the_site_uses_and_said_so(client, real_content):
    html, _ = results(client, "mesotheraphy")
    assert "we searched for <strong>mesotherapy</strong>" in html
    assert "<mark>Mesotherapy</mark>" in html


def test_the_words_found_are_marked_in_the_extract(client, real_content):
    html, _ = results(client, "bruising")
    assert re.search(r"<p>[^<]*<mark>bruises</mark>", html), "the extract marks the words found"
    assert '<p class="result-where">Safety › Risks common to all areas</p>' in html


def test_a_synonym_editors_add_in_the_admin_works_at_once(client, real_content, django_capture_on_commit_callbacks):
    _, urls = results(client, "prickly scalp")
    assert not urls[0].startswith("/treatments/pain-management/")
    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(words="scalp prickle, prickly scalp", means="pain management")
    _, urls = results(client, "prickly scalp")
    assert urls[0] == "/treatments/pain-management/"


@pytest.mark.parametrize("query", ["botox", "Botox injections", "fat dissolving"])
def test_a_treatment_we_do_not_offer_answers_with_the_editors_text(client, real_content, query):
    html, _ = results(client, query)
    assert re.search(r"<h2[^>]*>We do not offer (anti-wrinkle|fat-dissolving) injections</h2>", html)
    assert "We found nothing" not in html


def test_nothing_found_says_so_and_suggests_the_treatments_and_the_enquiry_form(client, real_content):
    html, urls = results(client, "xylophone")
    assert urls == []
    assert "We found nothing for xylophone" in html
    assert 'href="/treatments/"' in html and 'href="/enquire/"' in html


def test_an_empty_search_asks_for_words(client, area):
    html, urls = results(client, "")
    assert urls == [] and "Type a word or two" in html


def test_a_3000_character_search_answers_with_a_clear_message(client, area):
    html, _ = results(client, "scalp " * 333 + "xyz")
    assert "That search was long, so we searched for its first" in html
    html, urls = results(client, "a" * 3000)
    assert urls == [] and "That search was too long" in html


@pytest.mark.parametrize(
    "query", ['"; DROP TABLE search_entry; --', "*", "NEAR(a b)", "\x00\x01", "☃ ✓ 🙂", "hair:* | loss &"]
)
def test_odd_characters_answer_200_and_never_an_error(client, area, query):
    html, _ = results(client, query)
    assert "<h1>" in html


def test_search_pages_are_never_cached_or_indexed(client, area):
    response = client.get("/search/", {"q": "scalp"})
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert not response.cookies


def test_a_search_costs_two_queries_at_most_once_the_site_is_warm(client, real_content, django_assert_max_num_queries):
    """The search itself (on PostgreSQL in two: the ranking, then the extracts of the sections shown): the
    vocabulary for typos, the editors' words and the clinic's details are kept in each process until content
    changes."""
    client.get("/search/", {"q": "bruising"})
    with django_assert_max_num_queries(2):
        client.get("/search/", {"q": "hiar loss"})


def test_every_page_has_a_search_box_in_its_header_that_works_without_javascript(client, area):
    html = client.get("/treatments/hair-loss/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert re.search(r'<form class="site-search" role="search" action="/search/">', header)
    assert '<label class="visually-hidden" for="q">Search this site</label>' in header
    assert re.search(r'<input type="search" id="q" name="q"', header)
