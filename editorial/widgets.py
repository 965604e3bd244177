"""The admin's text boxes for patient-facing wording, with the claims checker's findings right under each box.

The Markdown editor's live preview replaces the findings as the editor types (static/js/admin-checks.js);
what the page shows when it loads, after a save or a refused save, comes from here.
"""

from django.conf import settings
from django.contrib.admin.widgets import AdminTextareaWidget, AdminTextInputWidget
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from markdownx.widgets import AdminMarkdownxWidget

from . import claims
from .images import SVG_REFUSED, UPLOAD_REFUSED
from .readability import TARGET_READING_AGE, reading_age


def markdown_checks(markdown_text):
    """The checks on one Markdown text: claims findings and its reading age (also the live preview's)."""
    return render_to_string(
        "admin/editorial/_preview_checks.html",
        {
            "findings": claims.check_text(markdown_text),
            "reading_age": reading_age(markdown_text),
            "target": TARGET_READING_AGE,
        },
    )


def plain_checks(text, checks_id):
    """The claims findings on a one-line or plain text field; nothing when there are none."""
    findings = claims.check_plain_text(text or "")
    if not findings:
        return ""
    return render_to_string("admin/editorial/_field_checks.html", {"findings": findings, "id": checks_id})


def describe_with(attrs, element_id):
    """Point the box's aria-describedby at the checks too, keeping the help text Django points it at."""
    described = attrs.get("aria-describedby", "")
    attrs["aria-describedby"] = f"{described} {element_id}".strip()


class ChecksMixin:
    """For a text box: its context gains `checks`, the claims findings on its current value."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        checks_id = f"{widget['attrs'].get('id') or name}_checks"
        checks = self.checks(widget["value"] or "", checks_id)
        if checks or self.always_checks:
            describe_with(widget["attrs"], checks_id)
        context.update(checks=mark_safe(checks), checks_id=checks_id)  # noqa: S308 - rendered from our templates
        return context


class CheckedMarkdownxWidget(ChecksMixin, AdminMarkdownxWidget):
    """django-markdownx's editor with the checks between the text box and the rendered preview."""

    template_name = "editorial/widgets/markdownx.html"
    always_checks = True  # the live preview fills it as the editor types

    def checks(self, value, checks_id):
        return markdown_checks(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # What the editor's image upload accepts, so a refused file is explained before it is sent.
        context["widget"]["attrs"].update(
            {
                "data-upload-accept": ",".join(settings.MARKDOWNX_UPLOAD_CONTENT_TYPES),
                "data-upload-refused": UPLOAD_REFUSED,
                "data-upload-refused-svg": SVG_REFUSED,
            }
        )
        return context

    class Media:
        js = ["js/admin-checks.js"]


class CheckedTextInput(ChecksMixin, AdminTextInputWidget):
    template_name = "editorial/widgets/checked_input.html"
    always_checks = False

    def checks(self, value, checks_id):
        return plain_checks(value, checks_id)


class CheckedTextarea(ChecksMixin, AdminTextareaWidget):
    template_name = "editorial/widgets/checked_textarea.html"
    always_checks = False

    def checks(self, value, checks_id):
        return plain_checks(value, checks_id)
