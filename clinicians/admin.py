"""The team register in the admin: editors keep it up to date; administrators link staff logins."""

from django.contrib import admin
from django.contrib.auth import get_user_model

from editorial.admin import ContentAdmin

from .models import Clinician


@admin.register(Clinician)
class ClinicianAdmin(ContentAdmin):
    list_display = ["name", "role", "profession", "regulator", "registration_number", "active", "user"]
    list_filter = ["active", "regulator"]
    search_fields = ["name", "registration_number"]
    list_editable = ["active"]
    fieldsets = [
        (None, {"fields": ["name", "role", "profession", "regulator", "registration_number", "is_example", "bio"]}),
        ("Photo", {"fields": ["image", "image_alt"]}),
        ("On the site", {"fields": ["active", "order", "user"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # The link decides whose approvals carry this name and registration: an administrator's call.
        if not request.user.is_superuser:
            fields.append("user")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
