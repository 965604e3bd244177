"""Production mode from the environment: check --deploy is clean, HTTPS is enforced, the key can be rotated."""

import json

import pytest
from django.core import signing

from tests.support.project import django_code, manage, project_env

PRODUCTION = {"DJANGO_ENV": "production", "ALLOWED_HOSTS": "clinic.example"}


def test_check_deploy_reports_nothing_in_production_mode(tmp_path):
    env = project_env(**PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_does_warn_without_production_mode(tmp_path):
    """The check above could not pass by accident: outside production mode the same check fails."""
    env = project_env(ALLOWED_HOSTS="clinic.example", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):  # HSTS, SSL, cookies
        assert warning in result.stderr


PRODUCTION_REQUESTS = """
import json
from django.test import Client
client = Client(HTTP_HOST="clinic.example")
plain = client.get("/robots.txt")
health = client.get("/healthz")
secure = client.get("/robots.txt", secure=True)
proxied = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "health": health.status_code,
    "secure_hsts": secure.get("Strict-Transport-Security"),
    "proxied": proxied.status_code,
}))
"""


def test_production_mode_redirects_to_https_and_sends_hsts_but_lets_the_health_check_through(tmp_path):
    env = project_env(**PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    result = django_code(PRODUCTION_REQUESTS, env)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["plain"] == [301, "https://clinic.example/robots.txt"]
    assert answers["health"] == 200  # a load balancer asks over plain HTTP
    assert answers["secure_hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert answers["proxied"] == 200  # X-Forwarded-Proto from the proxy counts as HTTPS


def test_production_mode_makes_cookies_https_only(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = project_env(**PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    result = django_code(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True True True ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_secret_key_fallbacks_come_from_the_environment_comma_separated():
    env = project_env(SECRET_KEY="new-key-" + "n" * 50, SECRET_KEY_FALLBACKS="old-key-one, old-key-two,")
    result = django_code("from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)", env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['old-key-one', 'old-key-two']"


def test_a_value_signed_with_the_old_key_still_verifies_during_a_rotation(settings):
    """Sessions, password-reset links and signed cookies made before the rotation keep working."""
    settings.SECRET_KEY = "old-key-" + "o" * 50
    token = signing.dumps({"user": 1})
    settings.SECRET_KEY = "new-key-" + "n" * 50
    with pytest.raises(signing.BadSignature):
        signing.loads(token)
    settings.SECRET_KEY_FALLBACKS = ["old-key-" + "o" * 50]
    assert signing.loads(token) == {"user": 1}
