"""Checks on the values a content file gives: each returns the value as the model takes it, or raises
ContentError naming the file and the field. Lengths come from the models' own fields (`length`)."""

import datetime

from editorial.markdown import render_markdown


class ContentError(Exception):
    """A content file that cannot be loaded; the message names the file and the field."""


def text(value, where, *, required=True, markdown=False, max_length=None):
    if value is None or value == "":
        if required:
            raise ContentError(f"{where}: is required")
        return ""
    if isinstance(value, list) and not markdown:
        value = "\n".join(str(line) for line in value)
    if not isinstance(value, str | int | float):
        raise ContentError(f"{where}: must be text")
    value = str(value).strip()
    if max_length and len(value) > max_length:
        raise ContentError(f"{where}: is longer than {max_length} characters")
    if markdown:
        render_markdown(value)  # the one rendering path; raises on nothing but proves it renders
    return value


def choice(value, where, choices, default):
    if value in (None, ""):
        return default
    if value not in choices:
        raise ContentError(f"{where}: must be one of {', '.join(choices)}, not {value!r}")
    return value


def date(value, where):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ContentError(f"{where}: must be a date like 2026-11-01, not {value!r}") from None


def whole_number(value, where, default=0):
    if value in (None, ""):
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ContentError(f"{where}: must be a whole number, not {value!r}")
    return value


def item_list(value, where):
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ContentError(f"{where}: must be a list of items")
    return value


def source_keys(value, where):
    """A list of source keys (sources.md) that an item cites."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(key, str) and key.strip() for key in value):
        raise ContentError(f"{where}: must be a list of source keys from sources.md, like [mammucari-2020]")
    return [key.strip() for key in value]


def items(meta, name, where, check):
    return [check(item, f"{where}{name}[{i}]") for i, item in enumerate(item_list(meta.get(name), f"{where}{name}"))]


def length(model, name):
    """The longest value `model.name` holds: the file is checked against the model, not a copy of it."""
    return model._meta.get_field(name).max_length
