"""Brute-force protection on the staff sign-in: a friendly lockout, which an administrator can clear."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "a-long-test-password-1"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Each sign-in hashes a password; the production hasher is slow on purpose, which these tests do not need."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("nurse", "nurse@example.com", PASSWORD, is_staff=True)


def lock_out(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, staff.username, "wrong-password")


def test_wrong_passwords_below_the_limit_just_show_the_login_error(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, staff.username, "wrong-password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    assert sign_in(client, staff.username, PASSWORD).status_code == 302


def test_after_the_failure_limit_even_the_right_password_gets_the_lockout_page(client, clinic, staff):
    lock_out(client, staff)
    response = sign_in(client, staff.username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Sign-in paused</h1>" in html
    assert "Please wait 60 minutes, then try again." in html
    assert "ask an administrator" in html
    assert "Skip to main content" in html  # in the site's design, not axes' bare text
    assert response["X-Frame-Options"] == "DENY" and "script-src 'self'" in response["Content-Security-Policy"]
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_and_address_so_others_can_still_sign_in(client, staff, django_user_model):
    django_user_model.objects.create_user("doctor", "doctor@example.com", PASSWORD, is_staff=True)
    lock_out(client, staff)
    assert sign_in(client, "doctor", PASSWORD).status_code == 302


def test_an_administrator_sees_the_lockout_and_clearing_it_lets_the_user_sign_in(client, admin_client, staff):
    lock_out(client, staff)
    assert sign_in(client, staff.username, PASSWORD).status_code == 429

    changelist = admin_client.get("/admin/axes/accessattempt/?locked_out=yes")
    assert changelist.status_code == 200
    assert "nurse" in changelist.content.decode() and "Locked Out" in changelist.content.decode()

    attempt = AccessAttempt.objects.get(username="nurse")
    confirm = admin_client.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert confirm.status_code == 302
    assert not AccessAttempt.objects.filter(username="nurse").exists()

    assert sign_in(client, staff.username, PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_successful_sign_in_forgets_earlier_wrong_passwords(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, staff.username, "wrong-password")
    assert sign_in(client, staff.username, PASSWORD).status_code == 302
    client.logout()
    sign_in(client, staff.username, "wrong-password")
    assert sign_in(client, staff.username, PASSWORD).status_code == 302


def test_behind_the_proxy_the_lockout_keys_on_the_forwarded_client_not_the_proxy(client, settings, staff):
    """All requests come from the proxy's address: without this, one attacker would lock out every office."""
    settings.AXES_IPWARE_PROXY_COUNT = 1
    attacker = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": staff.username, "password": "wrong-password"}, **attacker)
    assert client.post(LOGIN, {"username": staff.username, "password": PASSWORD}, **attacker).status_code == 429

    # A forged entry on the left does not get the attacker out of the lockout...
    forged = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.9, 203.0.113.5"}
    assert client.post(LOGIN, {"username": staff.username, "password": PASSWORD}, **forged).status_code == 429
    # ...while the member of staff at the clinic, through the same proxy, still signs in.
    clinic_desk = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert client.post(LOGIN, {"username": staff.username, "password": PASSWORD}, **clinic_desk).status_code == 302
