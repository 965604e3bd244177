"""What a shared cache in front and a browser are told: public pages may be kept by the cache and
revalidated by the browser with their ETag; anything personal is private and never stored."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

AREA = "/treatments/hair-loss/"


def assert_public(response, seconds=300):
    assert response.status_code == 200
    words = {word.strip() for word in response["Cache-Control"].split(",")}
    assert words == {"public", "max-age=0", f"s-maxage={seconds}"}
    assert response["ETag"].startswith('"')
    assert response["Surrogate-Key"] == "mesosite-pages"
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


def assert_private(response):
    words = {word.strip() for word in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= words, response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]
    assert not response.has_header("Surrogate-Key")


def test_a_public_page_may_be_kept_by_a_shared_cache_rendered_or_from_the_page_cache(client, area):
    cold = client.get(AREA)
    warm = client.get(AREA)  # from the page cache, with the headers it was stored with
    assert_public(cold)
    assert_public(warm)
    assert warm["ETag"] == cold["ETag"]


def test_a_repeat_with_the_pages_etag_gets_304_without_the_page(client, area):
    etag = client.get(AREA)["ETag"]
    for _ in range(2):  # rendered, then from the page cache
        again = Client().get(AREA, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == etag and "s-maxage" in again["Cache-Control"]
    assert Client().get(AREA, HTTP_IF_NONE_MATCH='"an-older-page"').status_code == 200


def test_the_etag_changes_when_the_page_does(client, area, clinic, django_capture_on_commit_callbacks):
    before = client.get(AREA)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        clinic.phone = "020 7946 0999"
        clinic.save()
    after = client.get(AREA)
    assert "020 7946 0999" in after.content.decode() and after["ETag"] != before


def test_the_lifetime_in_the_shared_cache_is_public_cache_seconds(client, area, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    assert_public(client.get(AREA), seconds=60)


@pytest.mark.parametrize("path", ["/enquire/", "/enquire/?treatment=hair-loss", "/enquire/thanks/", "/search/?q=hair"])
def test_the_forms_with_a_token_thanks_and_searches_are_private(client, area, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_private(response)


def test_admin_previews_and_every_page_a_signed_in_user_gets_are_private(admin_client, area):
    for path in ("/admin/", f"/preview/area/{area.pk}/", AREA, "/"):
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert_private(response)


def test_a_missing_or_withdrawn_page_is_not_kept(client, area, draft_area):
    for path in ("/treatments/draft-area/", "/no-such-page/"):
        response = client.get(path)
        assert response.status_code == 404
        assert_private(response)


def test_page_feedback_answers_are_private(client, area):
    response = client.post(
        "/feedback/", {"page": AREA, "helpful": "yes"}, HTTP_ORIGIN="http://testserver", follow=True
    )
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert_private(response)
    assert all("no-store" in hop["Cache-Control"] for hop in [client.post("/feedback/", {})])


def test_the_sitemap_is_public_like_the_pages_it_lists(client, area):
    response = client.get("/sitemap.xml")
    assert_public(response)
    assert AREA in response.content.decode()
