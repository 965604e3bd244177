"""What each public page shows, declared once: the framework every page stands on.

A page is made of parts: the rows of one model that a filter picks (an area itself, its
benefits, the safety page's text blocks, the risks common to all areas...). One declaration
per kind of page, in the app that owns the content (its `page_kinds.py`), is read by everything that needs to know
what a page shows: its public view and the staff preview, clinical sign-off (which freezes the
parts as JSON and compares them), and the reading-age meter and claims checker.

Collected from the database the parts are the working copy. As rows (`Content.rows()`), they
are plain JSON-ready dicts keyed by column; `Content(kind, object_id, rows)` turns such rows, live or
frozen in an approval, back into unsaved model instances, so that a template renders an
approved version and a preview exactly as it renders the working copy.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile


@dataclass(frozen=True)
class Part:
    """The rows of one model that belong to a page.

    On a page about one object (an area), `owner` names the field that holds that object's id
    ("id" for the object itself, "area" for its children). On a fixed page (the safety page),
    `where` picks the rows. Both work on the model's history too, which has the same fields.
    """

    name: str  # how templates and the diff name it: "benefits"
    model_label: str  # "treatments.Benefit", resolved when first used
    label: str  # one row, in words: "Benefit"
    owner: str = ""
    where: object = None  # a Q, or a callable: the page's object id -> Q
    # Many-to-many fields kept with each row, as lists of ids (the sources a benefit cites).
    m2m: tuple = ()
    # Rows other pages share (sources): a restore brings back a deleted one, never overwrites one.
    shared: bool = False
    title_field: str = "title"  # names a row in the diff and in messages
    # What patients read of a row, in the order the page shows it: what the diff compares and
    # the reading-age meter and claims checker read.
    text_fields: tuple = ("title", "body")
    # Compared like the text, not read for reading age: a frequency, an evidence level, an order.
    setting_fields: tuple = ()
    # Where on its page patients read a row, for search results: (anchor, heading), each a format
    # string filled from the row's columns ("clinician-{id}"); or, for a row spread over several
    # sections (an area's own text), ((text fields, anchor, heading), ...). Rows of a part with
    # neither are not searched.
    section: tuple = ()
    field_sections: tuple = ()
    search_boost: float = 1.0  # how much a match in these rows counts against the same words elsewhere

    @cached_property
    def model(self):
        return apps.get_model(self.model_label)

    def condition(self, object_id):
        if self.owner:
            return models.Q(**{self.owner: object_id})
        return self.where(object_id) if callable(self.where) else self.where

    def queryset(self, object_id):
        """This part's rows of the page about `object_id`, each once, with their many-to-many ids."""
        rows = self.model._default_manager.filter(self.condition(object_id)).prefetch_related(*self.m2m)
        return rows.distinct() if callable(self.where) else rows

    def owner_of(self, obj):
        """The id of the page `obj` belongs to through this part: None when it is on no such page."""
        return getattr(obj, "pk" if self.owner == "id" else f"{self.owner}_id")

    def compared_fields(self):
        return self.text_fields + self.setting_fields

    def sections_of(self, obj):
        """(anchor, heading, text fields) for each place on the page that shows part of `obj`."""
        values = {f.attname: getattr(obj, f.attname) for f in self.model._meta.concrete_fields}
        if self.field_sections:
            return [
                (anchor.format(**values), heading.format(**values), fields)
                for fields, anchor, heading in self.field_sections
            ]
        if self.section:
            anchor, heading = self.section
            return [(anchor.format(**values), heading.format(**values), self.text_fields)]
        return []


@dataclass(frozen=True)
class PageKind:
    """One kind of page: a fixed page (the safety page) or one per object (an area's page)."""

    kind: str  # "area", "safety"
    name: str  # "Treatment area page", for staff
    parts: tuple
    url_name: str = ""  # the public route of a fixed page
    root_model_label: str = ""  # per-object kinds: the model with one page per row
    clinical: bool = False  # changes reach patients only once a clinician approves them
    problems: callable = None  # Content -> [what must be fixed before this page can go to patients]
    # The public view, as a dotted path: a class-based view that renders a `Content` it is given
    # (initkwargs `content`, `approval`, `preview`), so the staff preview renders exactly as patients see.
    view: str = ""
    # For search results: what patients call the page (a per-object page is called by its object),
    # and how much a match on it counts against the same words on another page.
    title: str = ""
    search_boost: float = 1.0

    @cached_property
    def root_model(self):
        return apps.get_model(self.root_model_label) if self.root_model_label else None

    def key(self, object_id=None):
        return f"{self.kind}:{object_id}" if self.root_model_label else self.kind

    def collect(self, object_id=None):
        """The page's working copy: its parts as they are in the database now.

        Read as rows and turned back into instances, exactly as an approved version is: a preview
        renders through the same path as the page patients see.
        """
        rows = {part.name: [row(obj, part.m2m) for obj in part.queryset(object_id)] for part in self.parts}
        return Content(self, object_id, rows)


_KINDS = {}


def register(kind):
    """Declare a kind of page. Content apps call this from AppConfig.ready()."""
    _KINDS[kind.kind] = kind
    return kind


def kind(name):
    return _KINDS[name]


def kinds():
    return list(_KINDS.values())


def pages_showing(obj):
    """(kind, object id) of every page `obj` appears on, as the declarations say."""
    found = []
    for page_kind in kinds():
        for part in page_kind.parts:
            if part.model is not type(obj):
                continue
            if part.owner:
                object_id = part.owner_of(obj)
                if object_id is not None:
                    found.append((page_kind, object_id))
            elif page_kind.root_model is None:
                if part.queryset(None).filter(pk=obj.pk).exists():
                    found.append((page_kind, None))
            else:  # rows several pages share, a source on each area page that cites it
                ids = page_kind.root_model._default_manager.values_list("pk", flat=True)
                found += [(page_kind, oid) for oid in ids if part.queryset(oid).filter(pk=obj.pk).exists()]
    return found


def _json_value(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _kept(model_field):
    # When a row was last saved is bookkeeping, not content: a save that changes nothing changes no row.
    return not (getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False))


def row(obj, m2m=()):
    """One model instance as a JSON-ready dict of its columns, and the ids of its `m2m` fields."""
    values = {f.attname: _json_value(f.value_from_object(obj)) for f in obj._meta.concrete_fields if _kept(f)}
    values.update({name: sorted(related.pk for related in getattr(obj, name).all()) for name in m2m})
    return values


def instance(model, values, m2m=()):
    """An unsaved instance from `row()`'s dict: each value goes back through its field (dates are dates again).

    The `m2m` ids go in `m2m_ids`: an unsaved instance cannot hold relations.
    """
    fields = {f.attname: f for f in model._meta.concrete_fields}
    obj = model(**{name: fields[name].to_python(value) for name, value in values.items() if name in fields})
    obj.m2m_ids = {name: values.get(name, []) for name in m2m}
    return obj


def _ordering(model):
    """(attribute, descending) for each term of the model's Meta.ordering, names or F() expressions."""
    terms = []
    for term in model._meta.ordering or ["pk"]:
        if isinstance(term, str):
            name, descending = term.lstrip("-"), term.startswith("-")
        else:  # F("year").asc(nulls_last=True) and the like
            name, descending = term.expression.name, term.descending
        terms.append((model._meta.pk.attname if name == "pk" else name, descending))
    return terms


def sort_key(model):
    """The model's Meta.ordering as a sort key on instances: descending terms too, empty values last."""
    ordering = _ordering(model)

    def key(obj):
        parts = []
        for name, descending in ordering:
            value = getattr(obj, name)
            rank = (value is None, value if value is not None else 0)
            parts.append(_Reversed(rank) if descending else rank)
        return tuple(parts)

    return key


@dataclass(frozen=True)
class _Reversed:
    value: tuple

    def __lt__(self, other):
        return other.value < self.value


class Content:
    """A page's parts as rows (JSON-ready, as approvals keep them) and as model instances in each
    model's own order, for templates."""

    def __init__(self, kind, object_id, rows):
        self.kind, self.object_id, self._rows = kind, object_id, rows
        self.parts = {
            part.name: sorted(
                (instance(part.model, values, part.m2m) for values in rows.get(part.name, [])),
                key=sort_key(part.model),
            )
            for part in kind.parts
        }

    def rows(self):
        return self._rows

    def __getitem__(self, name):
        return self.parts[name]

    @property
    def root(self):
        """The object a per-object page is about (the area), or None."""
        objects = self.parts.get(self.kind.parts[0].name) if self.kind.root_model else None
        return objects[0] if objects else None

    def problems(self):
        return list(self.kind.problems(self)) if self.kind.problems else []

    def texts(self):
        """Every text field of every row, in page order: what the reading-age meter and claims checker read."""
        return [
            getattr(obj, name) or ""
            for part in self.kind.parts
            for obj in self.parts[part.name]
            for name in part.text_fields
        ]
