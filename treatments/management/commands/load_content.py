"""manage.py load_content: the content/ folder into the database, never over an editor's change."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from treatments.content_loader import ContentError, Loader, read_content


class Command(BaseCommand):
    help = "Load the site content from content/*.md. Safe to run again; keeps staff edits unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(Path(settings.BASE_DIR) / "content"), help="content folder")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--force", action="store_true", help="overwrite what staff have edited")

    def handle(self, *args, path, dry_run, force, **options):
        try:
            files = read_content(path)
        except ContentError as error:
            raise CommandError(f"Nothing was loaded. Fix these first:\n{error}") from None
        try:
            with transaction.atomic():
                report = Loader(force=force).load(files)
                if dry_run:
                    transaction.set_rollback(True)
        except ContentError as error:
            raise CommandError(f"Nothing was loaded. Fix this first:\n{error}") from None
        for key in report.kept:
            self.stdout.write(f"kept (edited by staff): {key}")
        for name in report.not_approved:
            self.stdout.write(f"not approved (it keeps an editor's change; submit it for review in the admin): {name}")
        prefix = "dry run, nothing written: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"load_content: {prefix}{len(files)} files, {report.summary()}"))
