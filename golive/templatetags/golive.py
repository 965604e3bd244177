"""The admin home's "Before you go live" list."""

from django import template

from golive.examples import live_items

register = template.Library()


@register.simple_tag
def example_items():
    """Every example item patients can see now (golive.examples)."""
    return live_items()
