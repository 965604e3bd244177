"""Fetch an object and its children in one query, as JSON, on SQLite and PostgreSQL alike.

The frame of every public page (the clinic's details and the page's text blocks) is read this
way, so that an uncached page stays within its query budget whatever the number of blocks.
The rows come back through the same `instance()` as approved page content (declarations.content).
"""

from django.db import models
from django.db.models.functions import JSONObject

from declarations.content import instance, sort_key


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
    """Unsaved model instances from `json_rows()`' rows, in the model's own order (descending fields too)."""
    return sorted((instance(model, values) for values in rows or []), key=sort_key(model))
