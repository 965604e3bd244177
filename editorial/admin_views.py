"""Staff-only views beside the admin: the checked Markdown preview and the claims checker's rules."""

from functools import wraps
from itertools import groupby

from django.contrib import admin
from django.http import HttpResponse, HttpResponseForbidden
from django.template.response import TemplateResponse
from markdownx.views import MarkdownifyView

from . import claims
from .markdown import render_markdown
from .widgets import markdown_checks


def staff_only(view):
    """403 for anyone who is not an active member of staff (an AJAX endpoint: no login redirect)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            return HttpResponseForbidden("Staff only.")
        return view(request, *args, **kwargs)

    return wrapper


class CheckedMarkdownifyView(MarkdownifyView):
    """django-markdownx's live preview, with the claims checker and reading age first.

    First, so that the warnings sit right under the text box, not a long rendered text below it;
    static/js/admin-checks.js then moves them into the box's own place for checks.
    """

    def post(self, request, *args, **kwargs):
        markdown_text = request.POST.get("content", "")
        return HttpResponse(markdown_checks(markdown_text) + render_markdown(markdown_text))


def claims_rules(request):
    """Every rule of the claims checker, for editors, grouped by category."""
    categories = [(label, list(rules)) for label, rules in groupby(claims.rules(), key=lambda r: r.category_label)]
    context = {**admin.site.each_context(request), "title": "Claims checker rules", "categories": categories}
    return TemplateResponse(request, "admin/editorial/claims_rules.html", context)
