"""Too many enquiries from one client get a friendly 429 page; other clients and page views are not affected."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from enquiries.models import Enquiry
from enquiries.views import client_key
from tests.support.enquiries import valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def send(client, address="198.51.100.7", **extra):
    return client.post("/enquire/", valid_data(), REMOTE_ADDR=address, **extra)


@override_settings(ENQUIRY_RATE_LIMIT="2/m")
def test_third_enquiry_in_a_minute_gets_a_friendly_429_page(client, area, clinic):
    assert send(client).status_code == 302
    assert send(client).status_code == 302
    response = send(client)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please wait before sending another message" in html
    assert "020 7946 0000" in html  # another way to reach the clinic
    assert "Skip to main content" in html  # the site's design
    assert Enquiry.objects.count() == 2


@override_settings(ENQUIRY_RATE_LIMIT="2/m")
def test_the_limit_is_per_client(client, area):
    send(client), send(client)
    assert send(client).status_code == 429
    assert send(client, address="198.51.100.8").status_code == 302


@override_settings(ENQUIRY_RATE_LIMIT="1/m")
def test_viewing_the_form_is_not_limited(client, area):
    for _ in range(5):
        assert client.get("/enquire/", REMOTE_ADDR="198.51.100.7").status_code == 200
    assert send(client).status_code == 302


@override_settings(ENQUIRY_RATE_LIMIT="0")
def test_zero_turns_the_limit_off(client, area):
    for _ in range(8):
        assert send(client).status_code == 302
    assert Enquiry.objects.count() == 8


@override_settings(ENQUIRY_RATE_LIMIT="1/m", AXES_IPWARE_PROXY_COUNT=1)
def test_behind_a_proxy_the_client_is_the_address_the_proxy_added(client, area):
    assert send(client, address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 302
    # A client cannot escape the limit by claiming another address in front of its own.
    assert send(client, address="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5").status_code == 429
    assert send(client, address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 302


def test_the_key_is_a_hash_not_the_address(rf):
    request = rf.post("/enquire/", REMOTE_ADDR="203.0.113.77")
    key = client_key("group", request)
    assert "203.0.113.77" not in key and len(key) == 64


def test_ipv6_clients_in_one_64_share_a_key(rf):
    first = client_key("g", rf.post("/", REMOTE_ADDR="2001:db8:1:2::1"))
    same_network = client_key("g", rf.post("/", REMOTE_ADDR="2001:db8:1:2:ffff::9"))
    other_network = client_key("g", rf.post("/", REMOTE_ADDR="2001:db8:1:3::1"))
    assert first == same_network != other_network
