"""The Django admin (platform operators) sees assessments as metadata only: no findings,
sources, reasons, conditions or evidence, and no changes (every change of an assessment goes
through ``vetting.services``). Municipalities adapt their criteria in Linchpin itself; the
admin can correct them too."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assessment, AssessmentCriterion, ComplianceAlert, Memorandum


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AssessmentCriterion)
class AssessmentCriterionAdmin(SimpleHistoryAdmin):
    list_display = ("wording", "municipality", "key", "order", "retired")
    list_filter = ("municipality", "retired")
    search_fields = ("wording", "key")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    """Metadata only (confidentiality: content is for the municipality's assessors)."""

    list_display = ("organisation", "municipality", "status", "outcome", "review_on",
                    "opened_at", "decided_at")
    list_filter = ("municipality", "status", "outcome")
    fields = ("organisation", "municipality", "status", "outcome", "review_on", "opened_at",
              "submitted_at", "decided_at", "withdrawn_at", "expired_at")
    readonly_fields = fields


@admin.register(Memorandum)
class MemorandumAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "municipality", "starts_on", "review_on", "signed_on")
    list_filter = ("municipality",)
    fields = ("organisation", "municipality", "starts_on", "review_on", "signed_on")
    readonly_fields = fields


@admin.register(ComplianceAlert)
class ComplianceAlertAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "municipality", "raised_at", "notified_at", "resolved_at")
    list_filter = ("municipality",)
