"""manage.py prepare_site: what every app server runs before it serves (migrate, cache table, roles, content)."""

from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

# Any fixed number: the PostgreSQL advisory lock that app servers starting together queue on.
LOCK_KEY = 7_305_202_611


@contextmanager
def one_at_a_time():
    """On PostgreSQL, several app servers starting at once take turns (two migrates at once can fail).

    SQLite serves one machine, whose writes SQLite already serialises.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


class Command(BaseCommand):
    help = "Migrate, create the cache table, set up the staff roles and load content/. Safe to run on every start."

    def handle(self, *args, **options):
        with one_at_a_time():
            call_command("migrate", interactive=False, verbosity=1)
            call_command("createcachetable")
            call_command("setup_roles")
            call_command("load_content")
        self.stdout.write(self.style.SUCCESS("prepare_site: database ready"))
