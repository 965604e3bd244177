"""A cached page is answered before the session, user, CSRF, history, lockout and rate-limit machinery,
with the headers it was stored with, and never with anything that belonged to one visitor."""

import re

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import include, path

from pagecache.cache import cache_public_page, invalidate_public_pages
from tests.support.enquiries import valid_data
from tests.support.headers import assert_security_headers

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_cached_page_is_answered_without_session_user_or_messages(client, area):
    cold = client.get("/treatments/hair-loss/")
    warm = client.get("/treatments/hair-loss/")
    assert warm.content == cold.content
    for name in ("session", "user", "_messages"):
        assert hasattr(cold.wsgi_request, name), name  # the whole stack rendered the first answer
        assert not hasattr(warm.wsgi_request, name), name


def test_a_cached_page_keeps_every_header_it_was_stored_with(client, area):
    cold = client.get("/treatments/hair-loss/")
    warm = client.get("/treatments/hair-loss/")
    assert_security_headers(warm)
    assert dict(warm.headers) == dict(cold.headers)
    assert "'sha256-" in warm["Content-Security-Policy"]  # the page's own JSON-LD hash


def test_a_visitor_with_cookies_of_their_own_gets_no_cookie_back_from_a_cached_page(client, area):
    client.get("/enquire/")  # now holds a CSRF cookie
    client.get("/treatments/hair-loss/")
    warm = client.get("/treatments/hair-loss/")
    assert warm.status_code == 200 and not warm.cookies


def test_staff_signed_in_get_the_page_fresh(client, admin_client, area):
    client.get("/treatments/hair-loss/")
    staff_view = admin_client.get("/treatments/hair-loss/")
    assert staff_view.status_code == 200
    assert staff_view.wsgi_request.user.is_staff  # rendered through the whole stack


def test_a_query_string_is_answered_by_the_view_not_the_cache(client, area):
    client.get("/treatments/hair-loss/")
    response = client.get("/treatments/hair-loss/?utm_source=leaflet")
    assert response.status_code == 200 and hasattr(response.wsgi_request, "session")


def test_each_host_gets_its_own_page_with_its_own_links(client, area, settings):
    settings.ALLOWED_HOSTS = ["clinic.example", "www.clinic.example"]
    client.get("/treatments/hair-loss/", HTTP_HOST="clinic.example")
    other = client.get("/treatments/hair-loss/", HTTP_HOST="www.clinic.example").content.decode()
    assert "http://www.clinic.example/treatments/hair-loss/" in other
    assert "http://clinic.example/" not in other


def test_a_host_not_allowed_is_refused_even_when_the_page_is_cached(client, area):
    client.get("/treatments/hair-loss/")
    assert client.get("/treatments/hair-loss/", HTTP_HOST="evil.example").status_code == 400


def test_two_visitors_of_the_enquiry_form_get_their_own_token_and_both_can_send(area):
    """The blank form's page is kept once; each visitor's CSRF token and cookie are their own."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    pages = [visitor.get("/enquire/?treatment=hair-loss") for visitor in (first, second)]
    tokens = [TOKEN.search(page.content.decode()).group(1) for page in pages]
    assert tokens[0] != tokens[1]
    assert all(page.cookies["csrftoken"].value for page in pages)
    assert TOKEN.sub("", pages[0].content.decode()) == TOKEN.sub("", pages[1].content.decode())
    assert re.search(r'value="hair-loss"[^>]* checked', pages[0].content.decode())
    for visitor, token in zip((first, second), tokens, strict=True):
        response = visitor.post("/enquire/", {**valid_data(), "csrfmiddlewaretoken": token})
        assert response.status_code == 302, response.content.decode()[:300]


# A public page that, wrongly, carries something of one visitor: the cache must not keep it.
def _renders_a_csrf_token(request):
    return HttpResponse(engines["django"].from_string("{% csrf_token %}").render({}, request))


def _sets_a_cookie(request):
    response = HttpResponse("hello")
    response.set_cookie("visitor", "ada")
    return response


def _renders_a_csp_nonce(request):
    return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')


RENDERED = []


def _renders_while_a_change_commits(request):
    RENDERED.append(request.path)
    if len(RENDERED) == 1:
        invalidate_public_pages()  # as another worker's save would, after this view read the content
    return HttpResponse(f"rendered {len(RENDERED)} times")


urlpatterns = [
    path("racing/", cache_public_page(_renders_while_a_change_commits)),
    path("token/", cache_public_page(_renders_a_csrf_token)),
    path("nonce/", cache_public_page(_renders_a_csp_nonce)),
    path("cookie/", cache_public_page(_sets_a_cookie)),
    path("", include("mesosite.urls")),
]


@pytest.mark.urls(__name__)
def test_a_page_with_a_csrf_token_is_never_kept_for_the_next_visitor():
    first = Client().get("/token/")
    second = Client().get("/token/")
    assert TOKEN.search(first.content.decode()).group(1) != TOKEN.search(second.content.decode()).group(1)
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


@pytest.mark.urls(__name__)
def test_a_page_that_sets_a_cookie_is_never_kept():
    Client().get("/cookie/")
    again = Client().get("/cookie/")
    assert again.cookies["visitor"].value == "ada" and hasattr(again.wsgi_request, "session")


@pytest.mark.urls(__name__)
def test_a_page_with_a_csp_nonce_is_never_kept_for_the_next_visitor():
    first, second = Client().get("/nonce/"), Client().get("/nonce/")
    assert first.content != second.content


@pytest.mark.urls(__name__)
def test_a_page_rendered_while_a_change_commits_is_not_kept_as_the_new_content():
    RENDERED.clear()
    assert Client().get("/racing/").content == b"rendered 1 times"
    assert Client().get("/racing/").content == b"rendered 2 times"  # rendered again, for the new generation
    assert Client().get("/racing/").content == b"rendered 2 times"  # and kept from then on
