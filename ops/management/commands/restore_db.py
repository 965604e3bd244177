"""manage.py restore_db FILE: replace the database's contents with a backup made by backup_db."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a backup_db file. Stop the app servers first: everything since is lost."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .sqlite3 or .dump file written by backup_db")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--no-input", action="store_false", dest="interactive", help="do not ask to confirm")

    def handle(self, *args, file, database, interactive, **options):
        name = connections[database].settings_dict["NAME"]
        if interactive:
            answer = input(f"This replaces everything in the database {name} with {file}. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            restore(file, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        # Pages cached before the restore show content that may no longer exist.
        from pagecache.cache import invalidate_public_pages

        invalidate_public_pages()
        self.stdout.write(self.style.SUCCESS(f"restore_db: restored {name} from {file}"))
