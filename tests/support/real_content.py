"""The site's real content (content/*.md) for tests, loaded once per test session and put back in
a test's database row by row: `load_content` reads, checks and approves every page (seconds), and
the browser tests each start from an emptied database, so loading it per test made the suite slow.

`capture()` runs the loader (and `setup_roles`) once, keeps every row it wrote, then puts the
database back as it found it. `restore()` writes those rows into a test's database in one
transaction: the rows are the loader's own, so a test sees exactly what a new site shows.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

# Content types and permissions are made again, with new ids, whenever a test empties the database:
# the roles' permissions point at the captured ids, so those tables are always put back too.
ALWAYS_RESTORED = {"django_content_type", "auth_permission"}


class Rows:
    """Every row of some tables: {table: (columns, rows)}."""

    def __init__(self, tables):
        self.tables = tables

    @classmethod
    def read(cls, tables):
        return cls({table: _select_all(table) for table in tables})

    def differs_from(self, other):
        return {
            table
            for table in self.tables
            if sorted(map(repr, self.tables[table][1])) != sorted(map(repr, other.tables[table][1]))
        }

    def only(self, tables):
        return Rows({table: self.tables[table] for table in tables})

    def write(self):
        """Replace what these tables hold with these rows, in one transaction."""
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
            for table, (columns, rows) in self.tables.items():
                if rows:
                    cursor.executemany(_insert_sql(table, columns), rows)
            for sql in connection.ops.sequence_reset_sql(no_style(), _models_of(self.tables)):
                cursor.execute(sql)
        ContentType.objects.clear_cache()


def capture():
    """Load the real content and the staff roles, keep the rows they wrote, and undo them."""
    tables = sorted(model._meta.db_table for model in _all_models())
    before = Rows.read(tables)
    call_command("load_content", verbosity=0)
    call_command("setup_roles", verbosity=0)
    after = Rows.read(tables)
    changed = after.differs_from(before) | ALWAYS_RESTORED
    before.only(changed).write()
    return after.only(changed)


def restore(rows):
    rows.write()


def _all_models():
    return [model for model in apps.get_models(include_auto_created=True) if model._meta.managed]


def _models_of(tables):
    return [model for model in _all_models() if model._meta.db_table in tables]


def _select_all(table):
    # JSON comes back as its text (Django's own loader), which the INSERT gives back as it came.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return [column[0] for column in cursor.description], cursor.fetchall()


def _insert_sql(table, columns):
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({placeholders})"
