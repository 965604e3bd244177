"""manage.py load_content: the content/ folder into the database, never over an editor's change."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from contentload.checks import ContentError
from contentload.reading import other_apps_files, read_content
from contentload.writing import Loader


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
                others = self.load_other_apps_files(Path(path), force)
                if dry_run:
                    transaction.set_rollback(True)
        except (ContentError, ValueError) as error:
            raise CommandError(f"Nothing was loaded. Fix this first:\n{error}") from None
        for line in others:
            self.stdout.write(line)
        for key in report.kept:
            self.stdout.write(f"kept (edited by staff): {key}")
        for name in report.not_approved:
            self.stdout.write(f"not approved (it keeps an editor's change; submit it for review in the admin): {name}")
        prefix = "dry run, nothing written: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"load_content: {prefix}{len(files)} files, {report.summary()}"))

    @staticmethod
    def load_other_apps_files(root, force):
        """The files other apps load (the search's words), each by its own app's loader."""
        return [
            import_string(loader)(root / name, force=force)
            for name, loader in other_apps_files().items()
            if (root / name).exists()
        ]
