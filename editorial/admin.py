"""What every content admin shares: the Markdown editor with live preview, the claims checker's
warnings under each text box and on save, each field's reading age, save buttons at the top of
long forms, and a warning before leaving unsaved changes.

No models are registered here: the content apps' admins build on these classes.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.db import models
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from simple_history.admin import SimpleHistoryAdmin

from . import claims
from .forms import ImageField, MarkdownField, TextField
from .readability import TARGET_READING_AGE, markdown_fields, readability_rows
from .widgets import CheckedMarkdownxWidget, CheckedTextarea, CheckedTextInput

# Markdown with django-markdownx's live preview; every multi-line field with Unix line endings;
# image uploads that say which formats they accept.
EDITOR_FIELDS = {
    MarkdownxField: {"widget": AdminMarkdownxWidget, "form_class": MarkdownField},
    models.TextField: {"form_class": TextField},
    models.ImageField: {"form_class": ImageField},
}
CHECKS_NOTE = (
    'Right under each text box, as you type, the checks flag wording that overclaims (see the <a href="{}">'
    "claims checker rules</a>) and show its reading age."
)
STAYED_TO_CHECK = (
    "Your changes are saved. You are still on this page because some wording needs checking: each phrase is "
    "marked under its text box below."
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


def checked_widget(db_field):
    """The text box for a field whose words patients read: the claims checker's findings show under it."""
    if isinstance(db_field, MarkdownxField):
        return CheckedMarkdownxWidget
    if isinstance(db_field, models.TextField):
        return CheckedTextarea
    return CheckedTextInput


class CheckedWordingMixin:
    """For the admin of content, and its inlines: every box that holds patients' words shows its findings."""

    formfield_overrides = EDITOR_FIELDS

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in {field.name for field in claims.checked_fields(self.model)}:
            kwargs["widget"] = checked_widget(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ContentAdmin(CheckedWordingMixin, SimpleHistoryAdmin):
    """Markdown fields get django-markdownx's editor with live preview; every change is kept.

    Saving checks the wording (claims checker) and warns without refusing: the editor decides.
    A save with wording to check comes back to the change form, where each warning sits under
    its text box. The change form shows each Markdown field's reading age, and its save
    buttons at the top as well as the bottom: some forms are many screens long.
    """

    save_on_top = True

    class Media:
        js = ["js/admin-unsaved.js", "js/admin-checks.js"]
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
            request.wording_to_check = getattr(request, "wording_to_check", False) or any(
                claims.check_values(saved._meta.model, saved.cleaned_data)
            )

    def response_add(self, request, obj, post_url_continue=None):
        return self.stay_to_check(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self.stay_to_check(request, obj, super().response_change(request, obj))

    def stay_to_check(self, request, obj, response):
        """After a save with wording to check, the change form instead of the list, so the editor sees
        each warning under the text box it is about."""
        opts = self.opts
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        if (
            not getattr(request, "wording_to_check", False)
            or IS_POPUP_VAR in request.POST
            or not isinstance(response, HttpResponseRedirect)
            or response.url.split("?")[0] == change_url
            or not self.has_change_permission(request, obj)
        ):
            return response
        messages.info(request, STAYED_TO_CHECK)
        preserved = {"preserved_filters": self.get_preserved_filters(request), "opts": opts}
        return HttpResponseRedirect(add_preserved_filters(preserved, change_url))


class ContentInline(CheckedWordingMixin, admin.StackedInline):
    extra = 0
    # A row's "View on site" would open its parent's page, which the form links itself (and only when
    # patients can open it).
    view_on_site = False
