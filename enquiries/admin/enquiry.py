"""The enquiry handlers' list and the enquiry's own form: columns, filters, search (any phone number
form, words from the message and notes, the reference), the workflow actions and the CSV export.

Two handlers on one enquiry: the page is guarded by collisions (enquiries/versions.py says what an
enquiry's version covers), the page's own forms by the services they post to (enquiries/admin/page.py).
"""

import logging

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from collisions.admin import CollisionGuardMixin
from collisions.presence import note_change
from outbox.models import OutgoingEmail
from roles.definitions import HANDLERS

from .. import services
from ..models import Enquiry, EnquiryAccess, EnquiryNote, EnquiryReply
from ..search import phone_term, reference_term
from ..versions import ENQUIRY_VERSION
from .data_rights import DataRightsMixin, enquiries_count
from .export import csv_lines
from .filters import AreaFilter, AssignedFilter, DeliveryFilter, ResponseTimeFilter
from .page import EnquiryPageMixin

logger = logging.getLogger(__name__)


@admin.register(Enquiry)
class EnquiryAdmin(CollisionGuardMixin, EnquiryPageMixin, DataRightsMixin, admin.ModelAdmin):
    collision_tracker = ENQUIRY_VERSION
    collision_typing_label = "has started a reply"
    collision_typing_scope = "#answer"
    list_display = ["name", "status_shown", "response", "message_start", "area", "received_at", "assigned_to"]
    list_filter = [
        ResponseTimeFilter,
        DeliveryFilter,
        AssignedFilter,
        "status",
        AreaFilter,
        ("received_at", admin.DateFieldListFilter),
    ]
    # Phone numbers (any form) and references ("ENQ-12") are found by get_search_results.
    search_fields = ["name", "email", "message", "notes__text"]
    search_help_text = "Name, email, phone number (any form), reference (ENQ-12), or words from the message or notes."
    list_select_related = ["treatment", "assigned_to"]
    date_hierarchy = "received_at"
    list_per_page = 50
    actions = ["assign_to_me", "mark_in_progress", "mark_answered", "close", "mark_spam", "export_csv"]
    change_form_template = "enquiries/admin/change_form.html"
    # What the patient wrote, and what the workflow records, cannot be changed here.
    readonly_fields = [
        "name",
        "email",
        "phone",
        "preferred_contact",
        "area_asked_about",
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
        (
            "From the patient",
            {"fields": ["name", "email", "phone", "preferred_contact", "area_asked_about", "message"]},
        ),
        ("Consent", {"fields": ["received_at", "consent_given_at", "privacy_version"]}),
        (
            "Handling",
            {
                "fields": ["status", "assigned_to", "answered_at", "answered_by", "status_changed_at"],
                "description": "Changing the status here records the same as the actions on the list.",
            },
        ),
    ]

    class Media:
        css = {"all": ["css/admin-enquiries.css"]}
        js = ["js/enquiry-page.js"]

    # --- The list -----------------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).with_reply_failed()

    def get_search_results(self, request, queryset, search_term):
        """The admin's word search, and a phone number in any form or a reference as a whole."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if phone_term(term) is None and reference_term(term) is None:
            return found, duplicates
        numbers = queryset.matching_number(term)
        return queryset.filter(Q(pk__in=found.values("pk")) | Q(pk__in=numbers.values("pk"))), duplicates

    @admin.display(description="status", ordering="status")
    def status_shown(self, enquiry):
        if getattr(enquiry, "reply_failed", False):
            return format_html('{} <strong class="reply-failed">· reply failed</strong>', enquiry.get_status_display())
        return enquiry.get_status_display()

    @admin.display(description="area", ordering="treatment__name")
    def area(self, enquiry):
        return enquiry.area_name()

    @admin.display(description="response", ordering="received_at")
    def response(self, enquiry):
        label = enquiry.response_label()
        if not label:
            return "—"
        if enquiry.is_overdue():
            return format_html('<strong class="response-overdue">{}</strong>', label.capitalize())
        return format_html('<span class="response-due">{}</span>', label)

    @admin.display(description="message")
    def message_start(self, enquiry):
        return Truncator(" ".join(enquiry.message.split())).chars(50)

    @admin.display(description="treatment asked about")
    def area_asked_about(self, enquiry):
        # The public page: handlers may not open the area's admin page.
        if enquiry.treatment is None:
            return "Not sure (the patient did not choose an area)"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            enquiry.treatment.get_absolute_url(),
            enquiry.treatment.name,
        )

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

    def save_model(self, request, obj, form, change):
        """The status and assignee chosen on the form go through the model's named changes, as the list's
        actions do. The form has already checked the version the page showed (CollisionGuardMixin)."""
        services.handling_update(obj, by=request.user, status=obj.status, assignee=obj.assigned_to)

    # --- Deleting: the enquiry's own records go with it -----------------------------------------

    OWN_RECORDS = {model._meta.verbose_name for model in (EnquiryAccess, EnquiryReply, EnquiryNote, OutgoingEmail)}

    def get_deleted_objects(self, objs, request):
        """The access log, replies, notes and mail of an enquiry are deleted with it; nobody deletes
        them on their own, so their own delete permission is not asked for."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, {name for name in perms_needed if name not in self.OWN_RECORDS}, protected

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        logger.info("event=enquiry_deleted enquiry_id=%s user_id=%s", pk, request.user.pk)

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        for pk in pks:
            logger.info("event=enquiry_deleted enquiry_id=%s user_id=%s", pk, request.user.pk)

    # --- Actions on the list --------------------------------------------------------------------

    def _apply(self, request, queryset, change, done):
        """`change(enquiry)` on each selected enquiry, then one message saying how many."""
        enquiries = list(queryset)
        for enquiry in enquiries:
            change(enquiry)
            note_change(enquiry, request.user)  # pages open on it say so
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
        """Streamed: the first rows leave at once, and memory stays flat however many are selected."""
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(csv_lines(queryset, request.user), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="enquiries-{stamp}.csv"'
        response["Cache-Control"] = "no-store, private"
        return response
