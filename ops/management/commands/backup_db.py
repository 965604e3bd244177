"""manage.py backup_db: a timestamped copy of the database in backups/ (SQLite or PostgreSQL)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to backups/<name>-<UTC time>.sqlite3 (SQLite) or .dump (PostgreSQL, pg_dump -Fc)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", default=str(Path(settings.BASE_DIR) / "backups"), help="folder to write to"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output_dir, database, **options):
        try:
            path = backup(output_dir, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size_kb = path.stat().st_size // 1024
        self.stdout.write(self.style.SUCCESS(f"backup_db: wrote {path} ({size_kb} KB)"))
