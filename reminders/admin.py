from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Digest, Reminder


@admin.register(Reminder)
class ReminderAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "recipient", "due_on", "state", "municipality"]
    list_filter = ["kind", "state", "municipality"]
    raw_id_fields = ["recipient", "digest"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["key", "recipient", "day", "state", "attempts", "sent_at"]
    list_filter = ["state", "municipality"]
    readonly_fields = ["key", "sent_at", "attempts"]
