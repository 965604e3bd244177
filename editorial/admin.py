"""What every content admin shares: the Markdown editor with live preview, the claims checker's
warnings on save, each field's reading age, and a warning before leaving unsaved changes.

No models are registered here: the content apps' admins build on these classes.
"""

from django.contrib import admin, messages
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from simple_history.admin import SimpleHistoryAdmin

from . import claims
from .forms import MarkdownField, TextField
from .readability import TARGET_READING_AGE, markdown_fields, readability_rows

# Markdown with django-markdownx's live preview; every multi-line field with Unix line endings.
MARKDOWN_EDITOR = {
    MarkdownxField: {"widget": AdminMarkdownxWidget, "form_class": MarkdownField},
    models.TextField: {"form_class": TextField},
}
CHECKS_NOTE = (
    'The preview under each text box flags wording that overclaims (see the <a href="{}">claims checker '
    "rules</a>) and shows its reading age."
)


def checks_note():
    return format_html(CHECKS_NOTE, reverse("claims_rules"))


def form_warnings(form):
    """What the editor should reconsider in one saved form: the claims it flags."""
    model, obj = form._meta.model, form.instance
    for field, finding in claims.check_values(model, form.cleaned_data):
        yield f'Check the wording in {model._meta.verbose_name} "{obj}", {field.verbose_name}: {finding}'


def saved_forms(formset):
    deleted = set(formset.deleted_forms) if formset.can_delete else set()
    return [
        form for form in formset.forms if form.instance.pk and form not in deleted and hasattr(form, "cleaned_data")
    ]


class ContentAdmin(SimpleHistoryAdmin):
    """Markdown fields get django-markdownx's editor with live preview; every change is kept.

    Saving checks the wording (claims checker) and warns without refusing: the editor
    decides. The change form shows each Markdown field's reading age.
    """

    formfield_overrides = MARKDOWN_EDITOR

    class Media:
        js = ["js/admin-unsaved.js"]
        css = {"all": ["css/admin-content.css"]}

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and markdown_fields(self.model):
            fields.append("readability")
        return fields

    @admin.display(description="reading age")
    def readability(self, obj):
        rows = readability_rows(obj)
        return render_to_string(
            "admin/editorial/_readability.html", {"rows": rows, "target": TARGET_READING_AGE, "whole_page": True}
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for saved in [form] + [inline for formset in formsets for inline in saved_forms(formset)]:
            for warning in form_warnings(saved):
                messages.warning(request, warning)


class ContentInline(admin.StackedInline):
    extra = 0
    formfield_overrides = MARKDOWN_EDITOR
