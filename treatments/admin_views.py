"""Staff-only views beside the admin: the checked Markdown preview and the claims checker's rules."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from markdownx.views import MarkdownifyView

from . import claims
from .markdown import render_markdown
from .readability import TARGET_READING_AGE, reading_age


def preview_checks(markdown_text):
    """The box shown under the live preview: claims findings and the text's reading age."""
    return render_to_string(
        "admin/treatments/_preview_checks.html",
        {
            "findings": claims.check_text(markdown_text),
            "reading_age": reading_age(markdown_text),
            "target": TARGET_READING_AGE,
        },
    )


class CheckedMarkdownifyView(MarkdownifyView):
    """django-markdownx's live preview, with the claims checker and reading age under it."""

    def post(self, request, *args, **kwargs):
        markdown_text = request.POST.get("content", "")
        return HttpResponse(render_markdown(markdown_text) + preview_checks(markdown_text))
