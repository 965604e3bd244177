"""Staff-only views beside the admin: the checked Markdown preview and the claims checker's rules."""

from functools import wraps
from itertools import groupby

from django.contrib import admin
from django.http import HttpResponse, HttpResponseForbidden
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from markdownx.views import MarkdownifyView

from . import claims
from .markdown import render_markdown
from .readability import TARGET_READING_AGE, reading_age


def staff_only(view):
    """403 for anyone who is not an active member of staff (an AJAX endpoint: no login redirect)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            return HttpResponseForbidden("Staff only.")
        return view(request, *args, **kwargs)

    return wrapper


def preview_checks(markdown_text):
    """The box shown under the live preview: claims findings and the text's reading age."""
    return render_to_string(
        "admin/editorial/_preview_checks.html",
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


def claims_rules(request):
    """Every rule of the claims checker, for editors, grouped by category."""
    categories = [(label, list(rules)) for label, rules in groupby(claims.rules(), key=lambda r: r.category_label)]
    context = {**admin.site.each_context(request), "title": "Claims checker rules", "categories": categories}
    return TemplateResponse(request, "admin/editorial/claims_rules.html", context)
