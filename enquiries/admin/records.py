"""The enquiry app's other admin pages: saved reply templates, erasure records and the access log."""

from django.contrib import admin

from collisions.admin import CollisionGuardMixin
from roles.admin import ReadOnlyRecordAdmin

from ..models import EnquiryAccess, ErasureRecord, ReplyTemplate
from .data_rights import DATA_RIGHTS_PERMISSION


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(CollisionGuardMixin, admin.ModelAdmin):
    """Two handlers editing one saved reply: the second save is refused with what changed (collisions)."""

    list_display = ["title", "updated_at"]
    search_fields = ["title", "body"]


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyRecordAdmin):
    """What erasures left behind: read-only, for superusers and the Data protection group."""

    reader_permission = DATA_RIGHTS_PERMISSION
    list_display = ["erased_at", "erased_by", "enquiries", "replies", "notes", "accesses", "emails"]
    readonly_fields = ["erased_at", "erased_by", "reason", "enquiries", "replies", "notes", "accesses", "emails"]


@admin.register(EnquiryAccess)
class EnquiryAccessAdmin(ReadOnlyRecordAdmin):
    """Read-only, for superusers: nobody can add, change or delete an entry, whatever their permissions."""

    list_display = ["accessed_at", "username", "action", "detail", "enquiry_id"]
    list_filter = ["action", ("accessed_at", admin.DateFieldListFilter)]
    search_fields = ["username"]
    date_hierarchy = "accessed_at"
    readonly_fields = ["enquiry", "user", "username", "action", "detail", "accessed_at"]
