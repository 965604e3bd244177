"""Outgoing email for superusers: every mail's state across the site, read-only, with "Send again"."""

from django.contrib import admin, messages

from roles.admin import ReadOnlyRecordAdmin

from .models import OutgoingEmail
from .services import send_again


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyRecordAdmin):
    """Mail holds addresses and replies to patients: superusers only. Staff see the mail about a
    record on that record's own page (the enquiry's, for example)."""

    list_display = ["pk", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields if field.name not in {"id"}]
    actions = ["send_again_action"]

    @admin.action(description="Send the selected failed emails again", permissions=["view"])
    def send_again_action(self, request, queryset):
        count = sum(send_again(mail) for mail in queryset.failed())
        self.message_user(request, f"{count} failed email(s) queued again.", messages.SUCCESS)
