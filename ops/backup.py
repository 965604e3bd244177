"""Database backups and restores for SQLite and PostgreSQL, chosen by the configured database.

SQLite goes through SQLite's online backup API, which copies a consistent snapshot while
gunicorn workers keep writing (WAL included): copying the file itself could tear a page.
PostgreSQL goes through pg_dump's custom format and pg_restore --clean.
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


def _vendor(database):
    return connections[database].vendor


def backup(output_dir, database="default"):
    """Write a timestamped backup of the database into output_dir and return its path."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    settings_dict = connections[database].settings_dict
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    stem = Path(str(settings_dict["NAME"])).stem or "db"
    vendor = _vendor(database)
    if vendor == "sqlite":
        target = output_dir / f"{stem}-{stamp}.sqlite3"
        _sqlite_copy(settings_dict["NAME"], target)
    elif vendor == "postgresql":
        target = output_dir / f"{stem}-{stamp}.dump"
        _run(["pg_dump", "--format=custom", "--file", str(target)], settings_dict)
    else:
        raise BackupError(f"No backup method for a {vendor} database.")
    return target


def restore(path, database="default"):
    """Replace the database's contents with the backup at path (made by backup() for the same engine)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    settings_dict = connections[database].settings_dict
    vendor = _vendor(database)
    # Our own connection must not hold locks on the tables being replaced.
    connections[database].close()
    if vendor == "sqlite":
        _check_sqlite_file(path)
        _sqlite_copy(path, settings_dict["NAME"])
    elif vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                settings_dict["NAME"],
                str(path),
            ],
            settings_dict,
        )
    else:
        raise BackupError(f"No restore method for a {vendor} database.")


def _sqlite_copy(source, target):
    """Copy one SQLite database onto another, page by page, under SQLite's own locks."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, timeout=20)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _check_sqlite_file(path):
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (result,) = connection.execute("PRAGMA quick_check").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database: {error}") from None
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")


def _run(command, settings_dict):
    """Run a PostgreSQL client with the connection in PG* variables (so no password is on a command line)."""
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: install the PostgreSQL client (postgresql-client).")
    env = {**os.environ, "PGDATABASE": str(settings_dict["NAME"])}
    for key, variable in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")
