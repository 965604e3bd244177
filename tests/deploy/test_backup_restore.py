"""make backup / make restore: a backup restores to a database equal to the one backed up.

Each test runs the real commands in fresh processes on a database of its own (a temporary SQLite
file, or a scratch database on the PostgreSQL server DATABASE_URL names), never the test database.
"""

import os
import secrets
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest

from tests.support.project import manage, project_env, run

TEST_DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = TEST_DATABASE_URL.startswith(("postgres://", "postgresql://"))

DIVERGE = """
from treatments.models import Faq, TreatmentArea
from django.contrib.auth.models import User
TreatmentArea.objects.filter(slug="hair-loss").update(name="Changed after the backup")
Faq.objects.all().delete()
User.objects.create_user("after-backup")
"""


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    """An empty, migrated SQLite database, made once: migrating is the slow part."""
    path = tmp_path_factory.mktemp("migrated") / "site.sqlite3"
    result = manage("migrate", env=project_env(DATABASE_URL=f"sqlite:///{path}"))
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def sqlite_database(migrated_sqlite, tmp_path):
    shutil.copyfile(migrated_sqlite, tmp_path / "site.sqlite3")
    return f"sqlite:///{tmp_path}/site.sqlite3"


@pytest.fixture
def postgresql_database():
    """A scratch database beside the test database on the same server, dropped afterwards."""
    if not ON_POSTGRESQL:
        pytest.skip("runs in the PostgreSQL leg (DATABASE_URL=postgres://...)")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.fail("pg_dump and pg_restore are needed (Debian: postgresql-client)", pytrace=False)
    import psycopg

    config = dj_database_url.parse(TEST_DATABASE_URL)
    name = f"mesosite_backup_{secrets.token_hex(4)}"
    admin = psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(TEST_DATABASE_URL)._replace(path=f"/{name}").geturl()
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request):
    return request.getfixturevalue(f"{request.param}_database")


def make(target, env, *variables, input=None):
    """`make <target>` as an operator types it, with this test's Python (no install step)."""
    bin_dir = Path(sys.executable).parent
    return run(["make", "--no-print-directory", target, "STAMP=", f"BIN={bin_dir}", *variables], env=env, input=input)


def snapshot(env):
    """Every row of every table the site uses, in a stable order."""
    result = manage("dumpdata", "--exclude=contenttypes", "--exclude=auth.permission", "--indent=1", env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_backup_restores_to_an_equal_database(database_url, tmp_path):
    env = project_env(
        DATABASE_URL=database_url, MEDIA_ROOT=str(tmp_path / "media"), PAGE_CACHE_DIR=str(tmp_path / "pages")
    )
    prepared = manage("prepare_site", env=env)
    assert prepared.returncode == 0, prepared.stderr
    before = snapshot(env)
    assert '"slug": "hair-loss"' in before

    backed_up = make("backup", env, f"BACKUP_DIR={tmp_path / 'backups'}")
    assert backed_up.returncode == 0, backed_up.stderr
    (backup_file,) = (tmp_path / "backups").iterdir()
    assert f"backup_db: wrote {backup_file}" in backed_up.stdout
    assert backup_file.suffix == (".dump" if database_url.startswith("postgres") else ".sqlite3")

    changed = manage("shell", "-c", DIVERGE, env=env)
    assert changed.returncode == 0, changed.stderr
    assert snapshot(env) != before

    restored = make("restore", env, f"FILE={backup_file}", input="yes\n")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "restore_db: restored" in restored.stdout
    assert snapshot(env) == before


def test_restore_asks_first_and_changes_nothing_without_a_yes(sqlite_database, tmp_path):
    env = project_env(DATABASE_URL=sqlite_database, PAGE_CACHE_DIR=str(tmp_path / "pages"))
    assert make("backup", env, f"BACKUP_DIR={tmp_path / 'backups'}").returncode == 0
    (backup_file,) = (tmp_path / "backups").iterdir()
    created = manage(
        "shell", "-c", "from django.contrib.auth.models import User; User.objects.create_user('x')", env=env
    )
    assert created.returncode == 0, created.stderr
    before = snapshot(env)

    refused = make("restore", env, f"FILE={backup_file}", input="no\n")
    assert refused.returncode != 0
    assert "Restore cancelled; nothing changed." in refused.stderr
    assert snapshot(env) == before


def test_restore_refuses_a_file_that_is_not_a_backup(sqlite_database, tmp_path):
    env = project_env(DATABASE_URL=sqlite_database)
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a database")
    result = manage("restore_db", str(not_a_backup), "--no-input", env=env)
    assert result.returncode != 0
    assert "is not a SQLite database" in result.stderr
    assert make("restore", env).returncode == 2  # no FILE=: the usage line, nothing run
