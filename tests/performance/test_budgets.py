"""Speed budgets on every public page, with the real content: queries, page weight, compression, scripts."""

import pytest

from tests.support.html import PageParts, is_render_blocking
from tests.support.pages import NOT_FOUND, PUBLIC_PAGES

pytestmark = pytest.mark.django_db

KB = 1024
HTML_BUDGET = 30 * KB
FIRST_LOAD_BUDGET = 150 * KB  # HTML, CSS, JS and icons as sent over the wire; images excluded
COLD_QUERIES = 3


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_cold_page_costs_at_most_three_queries(client, content, path, django_assert_max_num_queries):
    with django_assert_max_num_queries(COLD_QUERIES):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_warm_page_costs_no_query(client, content, path, django_assert_num_queries):
    assert client.get(path).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200


def test_the_enquiry_form_costs_no_query_when_warm_and_carries_a_token(client, content, django_assert_num_queries):
    """Each visitor's form carries their own CSRF token, so the page is not cached whole: it is kept until
    content changes with a slot for the token, which each visitor's request fills in."""
    client.get("/enquire/")
    with django_assert_num_queries(0):
        second = client.get("/enquire/")
    assert second.status_code == 200 and 'name="csrfmiddlewaretoken"' in second.content.decode()


def test_the_404_page_costs_at_most_three_queries(client, content, django_assert_max_num_queries):
    with django_assert_max_num_queries(COLD_QUERIES):
        assert client.get(NOT_FOUND).status_code == 404


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, NOT_FOUND])
def test_html_is_under_30_kb(client, content, path):
    size = len(client.get(path).content)
    assert size < HTML_BUDGET, f"{path} is {size / KB:.1f} KB of HTML"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_script_blocks_rendering(client, content, path):
    parts = PageParts(client.get(path).content.decode())
    blocking = [script for script in parts.head_scripts if is_render_blocking(script)]
    assert not blocking, f"{path} has render-blocking scripts in <head>: {blocking}"


def static_urls(parts):
    """Everything the page's markup makes a browser download, except images."""
    return [link["href"] for link in parts.links if link["href"].startswith("/static/")] + [
        src for src in parts.scripts if src.startswith("/static/")
    ]


def fetch(client, url, encoding):
    response = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, len(body)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_css_and_js_are_served_compressed(client, content, production_static, encoding):
    parts = PageParts(client.get("/treatments/hair-loss/").content.decode())
    code = [url for url in static_urls(parts) if url.endswith((".css", ".js"))]
    assert code, "the page links no stylesheet"
    for url in code:
        response, size = fetch(client, url, f"{encoding}, deflate")
        assert response["Content-Encoding"] == encoding, url
        assert int(response["Content-Length"]) == size


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_first_load_is_under_150_kb(client, content, production_static, path):
    """Counted generously: the HTML uncompressed (the proxy may not compress it), static files as
    WhiteNoise sends them to a browser that accepts Brotli, and every icon and print stylesheet too."""
    response = client.get(path)
    total = len(response.content)
    for url in static_urls(PageParts(response.content.decode())):
        total += fetch(client, url, "br, gzip, deflate")[1]
    assert total < FIRST_LOAD_BUDGET, f"{path} first load is {total / KB:.1f} KB"
