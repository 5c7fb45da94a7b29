from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Commitment, Interaction, Membership, Municipality, Preconditions


def _superusers_only(request):
    """The admin site is for superusers only; everyone else works in the application."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "population")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "municipality", "role", "organisation")
    list_filter = ("municipality", "role")
    raw_id_fields = ("user", "organisation")


@admin.register(Preconditions)
class PreconditionsAdmin(SimpleHistoryAdmin):
    list_display = ("municipality",)


@admin.register(Interaction)
class InteractionAdmin(SimpleHistoryAdmin):
    list_display = ("occurred_on", "kind", "community", "municipality")
    list_filter = ("municipality", "kind")
    raw_id_fields = ("community", "people", "organisations", "logged_by")


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ("description", "due_on", "status", "municipality")
    list_filter = ("municipality", "status")
    raw_id_fields = ("community", "interaction", "owner")
