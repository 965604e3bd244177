"""The project run as a subprocess, with an environment of the test's choosing (settings are read at import)."""

import os
import re
import secrets
import subprocess
import sys

from django.conf import settings

ROOT = settings.BASE_DIR
# Every variable settings reads (its env(), env_bool() and env_list() calls), and AWS_*, which boto3
# reads: a subprocess gets these only from the test, never from this machine.
SETTINGS_VARIABLES = frozenset(
    re.findall(r'\benv(?:_bool|_list)?\("([A-Z0-9_]+)"', (ROOT / "mesosite" / "settings.py").read_text())
)
# The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their session; check --deploy rightly rejects it.
PROJECT_VARIABLES = SETTINGS_VARIABLES | {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


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
