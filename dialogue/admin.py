from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaItem,
    CalendarFeed,
    Meeting,
    MeetingFollowUp,
    MeetingOrganisation,
    MeetingPerson,
    SafeSpace,
)


@admin.register(SafeSpace)
class SafeSpaceAdmin(SimpleHistoryAdmin):
    list_display = ("name", "ground", "notes_taken", "municipality")
    list_filter = ("municipality", "ground", "notes_taken")
    search_fields = ("name", "place")


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    raw_id_fields = ("concern",)
    extra = 0


class MeetingOrganisationInline(admin.TabularInline):
    model = MeetingOrganisation
    raw_id_fields = ("organisation",)
    extra = 0


class MeetingPersonInline(admin.TabularInline):
    model = MeetingPerson
    raw_id_fields = ("person",)
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "held_on", "municipality")
    list_filter = ("municipality", "kind")
    search_fields = ("title",)
    raw_id_fields = ("safe_space", "organiser", "invited_communities", "absent_communities")
    inlines = (AgendaItemInline, MeetingOrganisationInline, MeetingPersonInline)


@admin.register(MeetingFollowUp)
class MeetingFollowUpAdmin(SimpleHistoryAdmin):
    list_display = ("commitment", "meeting")
    raw_id_fields = ("meeting", "commitment")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user", "municipality", "created_at", "revoked_at", "last_used_at")
    list_filter = ("municipality",)
    readonly_fields = ("token_hash", "created_at", "revoked_at", "last_used_at")
