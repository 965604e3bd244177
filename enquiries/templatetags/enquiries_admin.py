"""Admin index tags: the counts of new and overdue enquiries, and of replies that failed, for the people
who handle them."""

from django import template

from enquiries.models import Enquiry

register = template.Library()


@register.simple_tag
def new_enquiry_count():
    return Enquiry.objects.new().count()


@register.simple_tag
def overdue_enquiry_count():
    return Enquiry.objects.overdue().count()


@register.simple_tag
def failed_reply_count():
    return Enquiry.objects.reply_failed().count()
