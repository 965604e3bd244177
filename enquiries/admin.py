"""The enquiry handlers' admin: the list to work through, the workflow actions, CSV export, the access log."""

import csv

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.timesince import timesince

from roles.definitions import HANDLERS

from .models import Enquiry, EnquiryAccess

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def local_time(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def username(user):
    return user.get_username() if user else ""


CSV_COLUMNS = [
    ("id", lambda e: e.pk),
    ("received_at", lambda e: local_time(e.received_at)),
    ("status", lambda e: e.get_status_display()),
    ("name", lambda e: e.name),
    ("email", lambda e: e.email),
    ("phone", lambda e: e.phone),
    ("preferred_contact", lambda e: e.get_preferred_contact_display()),
    ("treatment", lambda e: e.area_name()),
    ("message", lambda e: e.message),
    ("assigned_to", lambda e: username(e.assigned_to)),
    ("answered_at", lambda e: local_time(e.answered_at)),
    ("answered_by", lambda e: username(e.answered_by)),
    ("staff_notes", lambda e: e.staff_notes),
    ("consent_given_at", lambda e: local_time(e.consent_given_at)),
    ("privacy_version", lambda e: e.privacy_version),
]


def csv_safe(value):
    """A cell a spreadsheet shows as text: a leading formula character gets a ' in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def enquiries_count(count):
    return f"{count} {'enquiry' if count == 1 else 'enquiries'}"


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "area", "received_at", "assigned_to", "age"]
    list_filter = [
        "status",
        ("treatment", admin.RelatedOnlyFieldListFilter),
        ("received_at", admin.DateFieldListFilter),
    ]
    search_fields = ["name", "email"]
    list_select_related = ["treatment", "assigned_to"]
    date_hierarchy = "received_at"
    list_per_page = 50
    actions = ["assign_to_me", "mark_in_progress", "mark_answered", "close", "mark_spam", "export_csv"]
    # What the patient wrote, and what the workflow records, cannot be changed here.
    readonly_fields = [
        "name",
        "email",
        "phone",
        "preferred_contact",
        "treatment",
        "message",
        "received_at",
        "consent_given_at",
        "privacy_version",
        "answered_at",
        "answered_by",
        "status_changed_at",
        "closed_at",
    ]
    fieldsets = [
        ("From the patient", {"fields": ["name", "email", "phone", "preferred_contact", "treatment", "message"]}),
        ("Consent", {"fields": ["received_at", "consent_given_at", "privacy_version"]}),
        (
            "Handling",
            {
                "fields": ["status", "assigned_to", "staff_notes", "answered_at", "answered_by", "status_changed_at"],
                "description": "Changing the status here records the same as the actions on the list.",
            },
        ),
    ]

    @admin.display(description="area", ordering="treatment__name")
    def area(self, enquiry):
        return enquiry.area_name()

    @admin.display(description="age", ordering="-received_at")
    def age(self, enquiry):
        return timesince(enquiry.received_at, depth=1)

    def has_add_permission(self, request):
        return False  # enquiries come from patients only

    def has_export_permission(self, request):
        return request.user.has_perm("enquiries.export_enquiry")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            # Only people who can work on enquiries can be given one.
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True, is_staff=True)
                .filter(Q(is_superuser=True) | Q(groups__name=HANDLERS))
                .distinct()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # Recorded only when the page was shown: a 302 after saving or a 404 shows nothing.
        if request.method == "GET" and response.status_code == 200:
            enquiry = self.get_object(request, object_id)
            if enquiry is not None:
                EnquiryAccess.record([enquiry], request.user)
        return response

    def save_model(self, request, obj, form, change):
        """A status chosen on the form goes through the model's method, as the actions do."""
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data:
            obj.set_status(obj.status, by=request.user)

    def _apply(self, request, queryset, change, done):
        """`change(enquiry)` on each selected enquiry, then one message saying how many."""
        enquiries = list(queryset)
        for enquiry in enquiries:
            change(enquiry)
        self.message_user(request, f"{enquiries_count(len(enquiries))} {done}.", messages.SUCCESS)

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        self._apply(request, queryset, lambda enquiry: enquiry.assign_to(request.user), "assigned to you")

    @admin.action(description="Mark as in progress", permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._apply(
            request, queryset, lambda enquiry: enquiry.mark_in_progress(by=request.user), "marked as in progress"
        )

    @admin.action(description="Mark as answered", permissions=["change"])
    def mark_answered(self, request, queryset):
        self._apply(request, queryset, lambda enquiry: enquiry.mark_answered(by=request.user), "marked as answered")

    @admin.action(description="Close", permissions=["change"])
    def close(self, request, queryset):
        self._apply(request, queryset, lambda enquiry: enquiry.close(by=request.user), "closed")

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._apply(request, queryset, lambda enquiry: enquiry.mark_spam(by=request.user), "marked as spam")

    @admin.action(description="Export selected as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        enquiries = list(queryset.select_related("treatment", "assigned_to", "answered_by").order_by("received_at"))
        EnquiryAccess.record(enquiries, request.user, EnquiryAccess.Action.EXPORTED)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="enquiries-{stamp}.csv"'
        response["Cache-Control"] = "no-store, private"
        response.write("\ufeff")  # so that Excel reads the file as UTF-8
        writer = csv.writer(response)
        writer.writerow([name for name, _ in CSV_COLUMNS])
        for enquiry in enquiries:
            writer.writerow([csv_safe(value(enquiry)) for _, value in CSV_COLUMNS])
        return response


@admin.register(EnquiryAccess)
class EnquiryAccessAdmin(admin.ModelAdmin):
    """Read-only, for superusers: nobody can add, change or delete an entry, whatever their permissions."""

    list_display = ["accessed_at", "username", "action", "enquiry_id"]
    list_filter = ["action", ("accessed_at", admin.DateFieldListFilter)]
    search_fields = ["username"]
    date_hierarchy = "accessed_at"
    readonly_fields = ["enquiry", "user", "username", "action", "accessed_at"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
