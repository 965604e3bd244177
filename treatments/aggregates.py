"""Fetch an object and its children in one query, as JSON, on SQLite and PostgreSQL alike."""

from django.db import models
from django.db.models.functions import JSONObject


class JSONArrayAgg(models.Aggregate):
    """The grouped rows as one JSON array (json_agg / json_group_array)."""

    function = "JSON_AGG"
    output_field = models.JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return f"CAST({sql} AS text)", params  # Django's JSONField decodes text


def columns(model):
    """The database columns of `model`, as `json_rows` selects them."""
    return [field.attname for field in model._meta.concrete_fields]


def json_rows(queryset, link, fields):
    """A subquery giving `queryset`'s rows, with `fields`, as a JSON array for each `link` value.

    Used to annotate a parent with its children so that a page costs one query however
    many children there are.
    """
    return models.Subquery(
        queryset.order_by()
        .values(link)
        .annotate(rows=JSONArrayAgg(JSONObject(**{f: f for f in fields})))
        .values("rows")[:1],
        output_field=models.JSONField(),
    )


def instances(model, rows):
    """Unsaved model instances from JSON rows, in the model's own order.

    JSON has no dates: each value goes through its field's to_python, so a DateField is a date again.
    """
    field = model._meta.get_field
    objects = [model(**{name: field(name).to_python(value) for name, value in row.items()}) for row in rows or []]
    ordering = model._meta.ordering
    return sorted(objects, key=lambda obj: tuple(getattr(obj, f.replace("pk", "id")) or 0 for f in ordering))
