"""Admin forms as a browser posts them, for tests that save content through the admin.

Each carries the version token of the form opened now (collisions), as a browser's would.
"""

from tests.support.versions import admin_seen


def _value(obj, name):
    """A field's value as a form sends it: ids for relations, empty text for nothing."""
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return [related.pk for related in getattr(obj, name).all()] if obj.pk else []
    if field.is_relation:
        return getattr(obj, field.attname) or ""
    value = getattr(obj, name)
    return "" if value is None else value


INLINES = (
    ("benefits", ["title", "body", "evidence_level", "sources", "order"]),
    ("risks", ["title", "body", "frequency", "frequency_source", "sources", "order"]),
    ("faqs", ["question", "answer", "sources", "order"]),
    ("questions", ["question", "why", "order"]),
)
AREA_FIELDS = ["name", "slug", "summary", "body", "procedure", "sessions_downtime", "aftercare", "evidence_note",
               "evidence_sources", "image_alt", "order"]  # fmt: skip


def area_form(area, inlines=True, **changes):
    """The area change form as the admin posts it, with its benefits, risks, FAQs and questions to ask as
    inline rows."""
    data = {name: _value(area, name) for name in AREA_FIELDS}
    if area.published:
        data["published"] = "on"
    for prefix, fields in INLINES:
        objects = list(getattr(area, prefix).all()) if inlines else []
        data.update({f"{prefix}-TOTAL_FORMS": len(objects), f"{prefix}-INITIAL_FORMS": len(objects)})
        for i, obj in enumerate(objects):
            data.update({f"{prefix}-{i}-id": obj.pk, f"{prefix}-{i}-area": area.pk})
            data.update({f"{prefix}-{i}-{name}": _value(obj, name) for name in fields})
    data["collision_version"] = admin_seen(area)
    data.update(changes)
    return data


def object_form(obj, fields, **changes):
    """A single object's change form (a benefit, a risk...)."""
    return {**{name: _value(obj, name) for name in fields}, "collision_version": admin_seen(obj), **changes}
