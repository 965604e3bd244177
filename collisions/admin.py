"""The admin's side of "two staff on one record": a ModelAdmin opts in with one mixin.

    @admin.register(Risk)
    class RiskAdmin(CollisionGuardMixin, ContentAdmin):   # first, before the other bases
        collision_typing_label = "is making changes"      # optional

What it does to the change form:
- the form carries the version of the record it showed (hidden field `collision_version`, in a
  hidden fieldset), from `get_collision_tracker()`: by default `AdminTracker` (the fields the form
  edits and every row of its ForeignKey inlines); set `collision_tracker` to a `Tracker` of your
  own for anything else (children that are not inlines, health text to keep out of messages);
- saving locks the record's row inside the admin's own transaction and compares; a stale save is
  refused as a form error, nothing is written, and the form comes back with everything typed (its
  inlines too), the fields the person had not touched showing the new values, and the new token,
  so a second save, made knowing what changed, goes through. The message at the top says who
  changed what, when (`collisions/_conflict.html`);
- a save that goes through is announced to the pages open on the record ("Changed by … at …");
- the page shows who else has the record open or is making changes, live: the project's
  `admin/change_form.html` includes `collisions/_presence.html` in `{% block form_top %}` whenever
  the context has `collision_presence`, so every change form template that extends Django's (and
  keeps `{{ block.super }}` in `form_top`) shows it with no change.

Attributes an admin may set: `collision_tracker` (a Tracker; default AdminTracker), `collision_typing_label`
("is making changes"), `collision_typing_scope` (CSS selector of the form whose changes count as typing;
default the change form), `collision_what` (the record in words; default the model's verbose name).

The context also has `collision_token` (the version the page shows), for other forms on the page
that write to the same record: `{% include "collisions/_version_input.html" with token=collision_token only %}`,
and their views check it with `self.get_collision_tracker(request, obj).guard(obj, token, by=request.user)`.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.db import transaction

from .context import FIELD, conflict_html, presence_box
from .presence import note_change
from .trackers import AdminTracker
from .versions import StaleVersion

STALE = (
    "Not saved: someone changed this record after you opened it. What changed is listed at the top of the "
    "page; what you typed is still below. Check it, then save again."
)


def _untouched(posted, seen):
    """Whether the person left a field as the page showed it (their form posted exactly that)."""
    if "v" not in seen or isinstance(seen["v"], list | dict):
        return False
    return posted == ("" if seen["v"] is None else str(seen["v"]))


def versioned_form(base, tracker):
    """`base` (a ModelForm class) carrying and checking the record's version."""

    class VersionedForm(base):
        collision_version = forms.CharField(widget=forms.HiddenInput, required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.collision_conflict = None
            if not self.is_bound and self.instance.pk is not None:
                self.initial[FIELD] = tracker.issue(self._as_stored())

        def _as_stored(self):
            """The record as the database holds it: a form reverting to a past version (history) shows
            that version, but the save it makes is checked against what is there now."""
            model = type(self.instance)
            return model._base_manager.filter(pk=self.instance.pk).first() or self.instance

        def clean(self):
            cleaned = super().clean()
            try:
                tracker.verify(self.instance, self.data.get(self.add_prefix(FIELD), ""))  # none sent: stale
            except StaleVersion as stale:
                self._show_again(stale.conflict)
                raise forms.ValidationError(STALE, code="stale") from None
            return cleaned

        def _show_again(self, conflict):
            """What was typed stays; untouched fields take the new values; the new version goes in."""
            self.collision_conflict = conflict
            data = self.data.copy()
            for name in self.fields:
                key, seen, now = self.add_prefix(name), conflict.seen.get(name), conflict.now.get(name)
                if seen and now and "v" in now and _untouched(data.get(key), seen):
                    data[key] = "" if now["v"] is None else str(now["v"])
            data[self.add_prefix(FIELD)] = conflict.token
            self.data = data

    VersionedForm.__name__ = base.__name__
    return VersionedForm


class CollisionGuardMixin:
    """Stale saves refused, and who else is on the record shown, on a ModelAdmin's change form."""

    collision_tracker = None  # a versions.Tracker; None: AdminTracker (the form's fields and inlines)
    collision_typing_label = "is making changes"
    collision_typing_scope = None  # a CSS selector: whose changes count as typing; None: the change form
    collision_what = None  # the record in words; None: the model's verbose name

    def get_collision_tracker(self, request, obj):
        return self.collision_tracker or AdminTracker(self, request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = versioned_form(kwargs.get("form", self.form), self.get_collision_tracker(request, obj))
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        return [*fieldsets, (None, {"fields": [FIELD], "classes": ["hidden", "collision-version"]})]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:  # pages open on it say so, without a reload
            transaction.on_commit(lambda: note_change(form.instance, request.user))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add:
            context.update(self.collision_context(request, obj, context))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def collision_context(self, request, obj, context):
        """The version token and presence box for the page, and a refused save's message."""
        adminform = context.get("adminform")
        form = adminform.form if adminform is not None else None
        conflict = context.get("collision_conflict") or getattr(form, "collision_conflict", None)
        if conflict is not None:
            messages.error(request, conflict_html(conflict, obj, self.collision_what))
        token = conflict.token if conflict is not None else None
        if token is None and form is not None and FIELD in form.fields:
            token = form[FIELD].value()
        return {
            "collision_token": token or self.get_collision_tracker(request, obj).issue(obj),
            "collision_presence": presence_box(
                request,
                obj,
                typing_label=self.collision_typing_label,
                typing_scope=self.collision_typing_scope or f"#{obj._meta.model_name}_form",
                what=self.collision_what,
            ),
        }
