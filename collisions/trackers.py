"""The tracker a ModelAdmin gets by default: the fields its change form edits, and its inlines' rows.

What the person saw is what the form showed them: each editable field of the form (read-only
fields are not theirs to overwrite), and for each inline (a ForeignKey inline: an area's
benefits, risks and questions) every row with the fields its form edits. Who changed the record
comes from django-simple-history where the models keep history (the record and its inline
rows), otherwise from the admin's own log (LogEntry, written by every admin save).

Rows are named by their `str()`: a model whose `str()` or fields hold patient health text needs
a tracker of its own that marks them `private` (see `enquiries/versions.py`).
"""

from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .context import FIELD
from .presence import display_name
from .versions import Event, Row, Rows, Tracker, Value

HISTORY_VERBS = {"+": "added", "~": "changed", "-": "deleted"}
EMPTY = "—"


def shown(obj, field):
    """How a person reads `field` of `obj`: a choice's label, the related object, yes or no."""
    if field.many_to_many:
        return ", ".join(str(item) for item in getattr(obj, field.name).all()) or EMPTY
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")()) or EMPTY
    if field.is_relation:
        related = getattr(obj, field.name)
        return str(related) if related is not None else EMPTY
    value = field.value_from_object(obj)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return EMPTY if value in (None, "") else str(value)


def raw(obj, field):
    """What the field's form posts for it: a pk, a choice's key, the text."""
    if field.many_to_many:
        return sorted(item.pk for item in getattr(obj, field.name).all())
    value = field.value_from_object(obj)
    if hasattr(value, "name") and isinstance(field, models.FileField):
        return value.name
    return value


def editable_fields(model, names):
    """The model's concrete or many-to-many fields among `names` (form-only and read-only names dropped)."""
    fields = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field, a method: not a column
            continue
        if field.concrete or field.many_to_many:
            fields.append(field)
    return fields


class AdminTracker(Tracker):
    """The record as `model_admin`'s change form shows it to `request.user`."""

    def __init__(self, model_admin, request):
        self.model_admin, self.request = model_admin, request

    def _field_names(self, obj):
        admin = self.model_admin
        readonly = set(admin.get_readonly_fields(self.request, obj))
        names = flatten_fieldsets(admin.get_fieldsets(self.request, obj))
        return [name for name in names if name not in readonly and name != FIELD]

    def _inlines(self, obj):
        """(inline, formset class) for each ForeignKey inline shown on the form."""
        for inline in self.model_admin.get_inline_instances(self.request, obj):
            formset = inline.get_formset(self.request, obj)
            if getattr(formset, "fk", None) is not None:
                yield inline, formset

    def parts(self, obj):
        parts = [
            Value(field.name, str(field.verbose_name).capitalize(), raw(obj, field), shown(obj, field))
            for field in editable_fields(type(obj), self._field_names(obj))
        ]
        for inline, formset in self._inlines(obj):
            names = [name for name in formset.form.base_fields if name != formset.fk.name]
            fields = editable_fields(inline.model, names)
            rows = inline.get_queryset(self.request).filter(**{formset.fk.name: obj}).order_by("pk")
            parts.append(
                Rows(
                    f"inline:{inline.model._meta.label_lower}",
                    str(inline.model._meta.verbose_name_plural).capitalize(),
                    [
                        Row(
                            str(row.pk),
                            f"{inline.model._meta.verbose_name} “{row}”",
                            {str(field.verbose_name): shown(row, field) for field in fields},
                        )
                        for row in rows
                    ],
                )
            )
        return parts

    def events_since(self, obj, when):
        model = type(obj)
        if not hasattr(model, "history"):
            return self._log_entries(obj, when)
        records = [(model, model.history.filter(**{model._meta.pk.attname: obj.pk}, history_date__gt=when))]
        for inline, formset in self._inlines(obj):
            if hasattr(inline.model, "history"):
                records.append((inline.model, inline.model.history.filter(**{formset.fk.attname: obj.pk})))
        events = [
            Event(
                record.history_date,
                display_name(record.history_user) if record.history_user else "someone",
                f"{HISTORY_VERBS.get(record.history_type, 'changed')} {kind._meta.verbose_name} “{record.instance}”",
            )
            for kind, history in records
            for record in history.filter(history_date__gt=when).select_related("history_user")
        ]
        return sorted(events, key=lambda event: event.when)

    def _log_entries(self, obj, when):
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
            action_time__gt=when,
        ).select_related("user")
        return [
            Event(entry.action_time, display_name(entry.user), entry.get_change_message() or "changed it")
            for entry in entries.order_by("action_time")
        ]
