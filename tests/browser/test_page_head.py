"""The small things in every page's <head> that cost well-known sites their Lighthouse points."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.support.pages import NOT_FOUND, PUBLIC_PAGES

pytestmark = pytest.mark.django_db


class Head(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.meta, self.icons, self.title, self._in_title = {}, [], "", False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content", "")
        elif tag == "link" and "icon" in attrs.get("rel", "").split():
            self.icons.append(attrs["href"])
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


@pytest.fixture
def heads(client, real_content):
    return {path: Head(client.get(path).content.decode()) for path in [*PUBLIC_PAGES, NOT_FOUND]}


def test_every_page_has_a_title_and_a_meta_description_of_its_own(heads):
    for path, head in heads.items():
        assert head.title.strip(), path
        # Long enough to tell a searcher what the page is about (an area's comes from its editable summary).
        assert len(head.meta.get("description", "")) >= 30, (path, head.meta.get("description"))
    descriptions = [head.meta["description"] for head in heads.values()]
    titles = [head.title for head in heads.values()]
    assert len(set(descriptions)) == len(descriptions), "two pages share a meta description"
    assert len(set(titles)) == len(titles), "two pages share a title"


def test_every_page_links_a_favicon_that_exists(heads):
    for path, head in heads.items():
        assert head.icons, f"{path} links no icon, so browsers ask for /favicon.ico"
        for href in head.icons:
            assert href.startswith(settings.STATIC_URL) and finders.find(href.removeprefix(settings.STATIC_URL)), href


def test_pages_fit_a_phone_screen(heads):
    for path, head in heads.items():
        assert head.meta.get("viewport") == "width=device-width, initial-scale=1", path
