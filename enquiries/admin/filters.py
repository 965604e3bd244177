"""The enquiry list's filters: response time, assignee, the area asked about, and reply delivery."""

from django.contrib import admin

# "Due soon" in the response-time filter: open enquiries due within this many hours.
DUE_SOON_HOURS = 4


class ResponseTimeFilter(admin.SimpleListFilter):
    title = "response time"
    parameter_name = "response"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("due_soon", f"Due within {DUE_SOON_HOURS} hours"),
            ("open", "All waiting for an answer"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "due_soon":
            return queryset.due_within(DUE_SOON_HOURS)
        if self.value() == "open":
            return queryset.open()
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("mine", "Mine"), ("none", "Unassigned")]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "none":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class AreaFilter(admin.SimpleListFilter):
    """The areas enquiries asked about, and "Not sure" (no area) in words, not Django's "-"."""

    title = "area asked about"
    parameter_name = "area"
    NOT_SURE = "not-sure"

    def lookups(self, request, model_admin):
        areas = model_admin.model._meta.get_field("treatment").related_model.objects
        asked = areas.filter(enquiries__isnull=False).distinct().order_by("name")
        return [(str(area.pk), area.name) for area in asked] + [(self.NOT_SURE, "Not sure")]

    def queryset(self, request, queryset):
        if self.value() == self.NOT_SURE:
            return queryset.filter(treatment__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(treatment_id=int(self.value()))
        return queryset


class DeliveryFilter(admin.SimpleListFilter):
    """Enquiries whose last reply is an email that failed for good: the patient has not heard from us."""

    title = "reply delivery"
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("failed", "Reply failed"), ("failed_mine", "Reply failed: mine")]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.reply_failed()
        if self.value() == "failed_mine":
            return queryset.reply_failed(by=request.user)
        return queryset
