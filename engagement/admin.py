from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Commitment, GoalReview, Interaction, PreconditionGoal, Preconditions


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


@admin.register(PreconditionGoal)
class PreconditionGoalAdmin(SimpleHistoryAdmin):
    list_display = ("goal", "term", "status", "next_review_on", "municipality")
    list_filter = ("municipality", "term", "status")
    raw_id_fields = ("preconditions",)


@admin.register(GoalReview)
class GoalReviewAdmin(SimpleHistoryAdmin):
    list_display = ("goal", "reviewed_on", "percent_done", "municipality")
    list_filter = ("municipality",)
    raw_id_fields = ("goal", "reviewed_by")
