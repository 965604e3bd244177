"""The project run as a subprocess, with an environment of the test's choosing (settings are read at import)."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

ROOT = settings.BASE_DIR
# Of the variables settings read, these (and AWS_*, which boto3 reads) a subprocess gets only from the test,
# never from this machine; the others settings read (PROXY_COUNT, LOG_LEVEL...) pass through.
PROJECT_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DJANGO_ENV",
    "DATABASE_URL",
    "REDIS_URL",
    "MEDIA_ROOT",
    "PAGE_CACHE_DIR",
    "EMAIL_HOST",
    "DJANGO_SETTINGS_MODULE",
    # The browser tests set this for their session; check --deploy rightly rejects it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def project_env(**variables):
    """os.environ without PROJECT_VARIABLES (or AWS_*), a strong SECRET_KEY, then `variables`."""
    env = {k: v for k, v in os.environ.items() if k not in PROJECT_VARIABLES and not k.startswith("AWS_")}
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env.update(variables)
    return env


def run(command, env, input=None, timeout=180):
    return subprocess.run(
        command, cwd=ROOT, env=env, input=input, capture_output=True, text=True, timeout=timeout, check=False
    )


def manage(*args, env, input=None):
    """`python manage.py <args>` in a fresh process, so that settings are read from `env`."""
    return run([sys.executable, "manage.py", *args], env=env, input=input)


def django_code(code, env):
    """Run `code` after django.setup() in a fresh process with `env`."""
    script = f"import django; django.setup()\n{code}"
    return run([sys.executable, "-c", script], env={**env, "DJANGO_SETTINGS_MODULE": "mesosite.settings"})
