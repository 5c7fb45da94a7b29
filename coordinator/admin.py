from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Municipality


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
