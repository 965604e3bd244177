"""Settings come from the environment, with safe defaults and a clear error where production needs a value."""

import os
import subprocess
import sys

from django.conf import settings

ROOT = settings.BASE_DIR


def run_settings(env, code="from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ENV", "ALLOWED_HOSTS"}}
    script = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='mesosite.settings'; django.setup(); {code}"
    return subprocess.run(
        [sys.executable, "-c", script], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_secret_key_is_required_when_debug_is_off():
    result = run_settings({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_is_off_by_default_and_hosts_are_local():
    result = run_settings({"SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['127.0.0.1', 'localhost']"


def test_hosts_and_database_come_from_the_environment(tmp_path):
    code = "from django.conf import settings; print(settings.ALLOWED_HOSTS, settings.DATABASES['default']['NAME'])"
    env = {
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "a.example, b.example",
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
    }
    result = run_settings(env, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"['a.example', 'b.example'] {tmp_path}/x.db"
