"""The container's pieces: the scripts the Dockerfile runs (CI runs them too), its health check, compose.yaml.

There is no Docker engine in CI; `make container-smoke` runs bin/container-build and bin/container-start
for real. These tests pin what the Dockerfile and compose.yaml promise and check the health check script.
"""

import os
import re
import socket
import sys

import pytest
import yaml

from tests.support.project import ROOT, manage, project_env, run

DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions(text):
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", text)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def healthcheck(port, hosts="localhost"):
    env = {**os.environ, "GUNICORN_BIND": f"0.0.0.0:{port}", "ALLOWED_HOSTS": hosts}
    return run([sys.executable, str(ROOT / "bin" / "container-healthcheck")], env=env, timeout=30)


@pytest.mark.django_db(transaction=True)
def test_the_health_check_passes_when_the_site_answers_and_fails_when_nothing_listens(live_server):
    port = live_server.url.rsplit(":", 1)[-1]
    assert healthcheck(port, hosts=".clinic.example,localhost").returncode == 1  # Host clinic.example: not served
    assert healthcheck(port).returncode == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        free_port = sock.getsockname()[1]
    failed = healthcheck(free_port)
    assert failed.returncode == 1
    assert "healthcheck:" in failed.stderr


def test_the_image_is_slim_python_311_and_runs_as_a_user_without_privileges():
    steps = instructions(DOCKERFILE)
    assert steps[0] == "FROM python:3.11-slim"
    (user,) = [step for step in steps if step.startswith("USER ")]
    assert user.split()[1] not in {"root", "0"}
    assert steps.index(user) < steps.index('CMD ["bin/container-start"]')


def test_the_image_builds_and_starts_with_the_scripts_ci_runs():
    steps = instructions(DOCKERFILE)
    # Dependencies are their own layer: only requirements.txt and the step itself are copied before it.
    deps, copy_all = steps.index("RUN bin/container-build deps"), steps.index("COPY . .")
    assert [s for s in steps[:deps] if s.startswith("COPY")] == [
        "COPY requirements.txt ./",
        "COPY bin/container-build bin/",
    ]
    assert deps < copy_all < steps.index("RUN bin/container-build static")
    assert steps[-1] == 'CMD ["bin/container-start"]'
    assert any(
        s.startswith("HEALTHCHECK") and s.endswith('CMD ["python", "bin/container-healthcheck"]') for s in steps
    )
    for script in ("container-build", "container-start", "container-healthcheck", "container-smoke"):
        assert os.access(ROOT / "bin" / script, os.X_OK), script


def test_the_image_leaves_out_local_state_and_secrets():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".git", ".venv", ".env", "db.sqlite3*", "media", "staticfiles", "backups", "node_modules"):
        assert path in ignored, path


def test_compose_runs_the_app_with_postgresql_16_and_redis_7_each_with_a_health_check():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    for service in services.values():
        assert service["healthcheck"]["test"], service
    app = services["app"]
    assert app["build"] == "."
    assert app["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    env = app["environment"]
    assert env["DATABASE_URL"].startswith("postgres://") and env["DATABASE_URL"].endswith("@db:5432/mesosite")
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")  # no default key: compose refuses to start without one
    assert "media:/data/media" in app["volumes"] and env["MEDIA_ROOT"] == "/data/media"
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert set(compose["volumes"]) == {"pgdata", "media"}


def test_preparing_the_database_again_on_a_restart_changes_nothing(tmp_path):
    env = project_env(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3", PAGE_CACHE_DIR=str(tmp_path / "pages"))
    first = manage("prepare_site", env=env)
    assert first.returncode == 0, first.stderr
    assert re.search(r"load_content: \d+ files, created [1-9]", first.stdout), first.stdout
    again = manage("prepare_site", env=env)
    assert again.returncode == 0, again.stderr
    assert "No migrations to apply." in again.stdout
    assert re.search(r"load_content: \d+ files, created 0, updated 0,", again.stdout), again.stdout
    assert "prepare_site: database ready" in again.stdout
