"""Template filters for editor-written content."""

from django import template
from django.utils.safestring import mark_safe

from editorial.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Editor-written Markdown as sanitised HTML."""
    return mark_safe(render_markdown(text))  # noqa: S308 - render_markdown sanitises
