from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ErasureRequest, ErasureRun, PrivacyExport, RetentionSetting


@admin.register(RetentionSetting)
class RetentionSettingAdmin(SimpleHistoryAdmin):
    list_display = ("municipality", "retention_class", "days", "updated_at")
    list_filter = ("municipality", "retention_class")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of erasure and exports are written by the application only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ErasureRun)
class ErasureRunAdmin(ReadOnlyAdmin):
    list_display = ("municipality", "started_at", "status")
    list_filter = ("municipality", "status")


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyAdmin):
    list_display = ("municipality", "subject_kind", "subject_id", "performed_at")
    list_filter = ("municipality", "subject_kind")


@admin.register(PrivacyExport)
class PrivacyExportAdmin(ReadOnlyAdmin):
    list_display = ("municipality", "kind", "status", "created_at")
    list_filter = ("municipality", "kind", "status")
