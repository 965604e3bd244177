"""The editorial desk on the admin home (signoff/desk.py): what waits for the person signed in."""

from django import template

from signoff import desk

register = template.Library()


@register.simple_tag(takes_context=True)
def signoff_desk(context):
    return desk.desk(context["request"].user)
