from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Community, Organisation, Person


@admin.register(Community)
class CommunityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "engagement_step", "municipality")
    list_filter = ("municipality", "kind", "engagement_step")
    search_fields = ("name",)  # never ethnicity or faith
    raw_id_fields = ("parents", "overlapping", "point_of_contact", "contact_outsourced_to")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "engagement_level", "municipality")
    list_filter = ("municipality", "kind", "engagement_level")
    search_fields = ("name",)
    raw_id_fields = ("communities",)


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "role", "organisation", "municipality")
    list_filter = ("municipality", "is_key_figure")
    search_fields = ("name", "role")
    raw_id_fields = ("organisation", "communities")
