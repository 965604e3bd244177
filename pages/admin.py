"""The editors' admin for the page frame: each page's text blocks and the clinic's details."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from editorial.admin import ContentAdmin, checks_note
from signoff.admin import ClinicalContentMixin

from .models import HOURS_HELP, BankHoliday, ClinicDetails, PageText


@admin.register(PageText)
class PageTextAdmin(ClinicalContentMixin, ContentAdmin):
    """Blocks of the clinical pages (safety, history, treatments) go through sign-off; the rest publish on save."""

    list_display = ["page", "key", "title", "order", "updated_at"]
    list_filter = ["page"]
    search_fields = ["title", "body"]
    readonly_fields = ["page", "key"]

    def get_readonly_fields(self, request, obj=None):
        # The page and key say where a template shows the block: fixed once it exists.
        return super().get_readonly_fields(request, obj) if obj else []

    fieldsets = [(None, {"fields": ["page", "key", "title", "body", "order"]})]

    def get_fieldsets(self, request, obj=None):
        # super() adds the hidden version token's fieldset (CollisionGuardMixin): kept, after ours.
        first, *rest = super().get_fieldsets(request, obj)
        first = (first[0], {**first[1], "description": checks_note()})
        return [first, *rest] + ([("Reading age", {"fields": ["readability"]})] if obj else [])


@admin.register(ClinicDetails)
class ClinicDetailsAdmin(ContentAdmin):
    list_display = ["name", "phone", "email"]
    fieldsets = [
        (None, {"fields": ["name", "address", "phone", "email", "is_example"]}),
        (
            "Opening hours",
            {
                "fields": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
                "description": HOURS_HELP,
            },
        ),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ClinicDetails.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BankHoliday)
class BankHolidayAdmin(SimpleHistoryAdmin):
    """Days the clinic is closed: patients are told, and enquiry response times skip them."""

    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]
