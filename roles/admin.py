"""An admin for records nobody edits: logs and audit trails, readable only by the people they are for."""

from django.contrib import admin


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """Nobody adds, changes or deletes a record here, whatever their permissions.

    Superusers read them; so do holders of `reader_permission` when it is set.
    """

    reader_permission = None

    def can_read(self, request):
        user = request.user
        allowed = user.is_superuser or (self.reader_permission and user.has_perm(self.reader_permission))
        return user.is_active and bool(allowed)

    def has_module_permission(self, request):
        return self.can_read(request)

    def has_view_permission(self, request, obj=None):
        return self.can_read(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
