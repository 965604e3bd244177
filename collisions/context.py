"""What a page about one record needs from this app: the version token its forms carry, the
presence box (`collisions/_presence.html`), and a refused save's explanation (`collisions/_conflict.html`)."""

import time

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from . import presence

FIELD = "collision_version"


def presence_box(request, obj, *, typing_label="is making changes", typing_scope="", what=None):
    """The context for `{% include "collisions/_presence.html" with presence=... only %}`.

    `typing_scope`: a CSS selector for the form whose typing counts ("#reply"); `typing_label`: how
    that is said ("has started a reply"); `what`: the record in words ("enquiry", by default its verbose name).
    """
    record = presence.record_key(obj)
    return {
        "url": reverse("collisions:presence"),
        "record": record,
        "viewer": presence.new_viewer(),
        "opened": f"{time.time():.3f}",
        "csrf": get_token(request),
        "beat_seconds": presence.BEAT_SECONDS,
        "typing_scope": typing_scope,
        "typing_label": typing_label,
        "open_label": f"also has this {what or obj._meta.verbose_name} open",
        "others": [presence.describe(entry) for entry in presence.others(record, request.user)],
    }


def conflict_html(conflict, obj=None, what=None):
    """A refused save explained: who changed what, when; and that what the person typed is kept."""
    what = what or (obj._meta.verbose_name if obj is not None else "record")
    return mark_safe(  # noqa: S308 - rendered from our template, every value escaped
        render_to_string("collisions/_conflict.html", {"conflict": conflict, "what": what}).strip()
    )
