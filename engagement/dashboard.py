"""The engagement process's panels on the dashboard (registered in ``EngagementConfig.ready()``):
the preconditions notice (002 step 1), contact this month and the latest contact (step 2), the
promises coming due (step 4, "never overpromise"), the concerns waiting for an answer (step 4,
"Setting the agenda") and the goals whose review is due (step 4, "update objectives"). Each
function takes the request and returns its template's ``panel``."""

from django.conf import settings

from coordinator.access import Action, actor_of, record_access, visible
from coordinator.dashboard import (
    NOTICES,
    count_later,
    list_later,
    register_panel,
    visible_records,
)

from .models import Commitment, Concern, Interaction, PreconditionGoal, Preconditions

#: How many records a dashboard list shows before "See all". The lists read only the columns
#: their templates show (``only()``): the notes are long and never shown here.
LIST_LENGTH = 8


def preconditions_panel(request) -> dict:
    """``{"complete": int}``: 1 when the municipality's preconditions are complete, 0 while
    they are not (or not written yet), when the notice shows; a count run with the dashboard's
    others, no query of its own."""
    preconditions = visible(actor_of(request), Preconditions.objects.all())
    return {"complete": count_later(preconditions.complete())}


def goals_review_due_panel(request) -> dict:
    """Goals of the preconditions in progress whose review is overdue (002 step 4 "update
    objectives"), the longest overdue first, and their count: a count run with the dashboard's
    others, and one query when it is not 0."""
    overdue = visible(actor_of(request), PreconditionGoal.objects.all()).review_overdue()
    count = count_later(overdue)
    return {"overdue_goals": list_later(overdue.order_by("next_review_on", "pk")[:LIST_LENGTH],
                                        count),
            "overdue_count": count}


def interactions_this_month_panel(request) -> dict:
    """``{"interactions_this_month": int}``; a count run with the dashboard's others."""
    this_month = visible_records(request, Interaction).this_month()
    return {"interactions_this_month": count_later(this_month)}


def recent_interactions_panel(request) -> dict:
    """The latest interactions, newest first; one query."""
    shown = list(visible_records(request, Interaction).select_related("community")
                 .only("id", "kind", "occurred_on", "community__name")[:LIST_LENGTH])
    record_access(request, Interaction, [i.pk for i in shown])  # logged for partners only
    return {"recent_interactions": shown}


def commitments_due_panel(request) -> dict:
    """Open commitments due within ``LINCHPIN_COMMITMENT_DUE_SOON_DAYS`` (overdue included),
    soonest first, and their count: a count run with the dashboard's others, and one query when
    it is not 0."""
    due = (
        visible(actor_of(request), Commitment.objects.all())
        .due_within(settings.LINCHPIN_COMMITMENT_DUE_SOON_DAYS)
    )
    count = count_later(due)
    shown = due.only("id", "description", "made_to", "due_on", "status")[:LIST_LENGTH]
    return {"due_commitments": list_later(shown, count), "due_count": count}


def concerns_waiting_panel(request) -> dict:
    """Concerns open or passed on, the longest waiting first, and their count: a count run with
    the dashboard's others, and one query when it is not 0."""
    waiting = visible(actor_of(request), Concern.objects.all()).unresolved()
    count = count_later(waiting)
    shown = (waiting.select_related("community")
             .only("id", "topic", "raised_on", "state", "community__name")
             .order_by("raised_on", "pk")[:LIST_LENGTH])
    return {"waiting_concerns": list_later(shown, count), "waiting_count": count}


def register() -> None:
    register_panel("preconditions", "engagement/panels/preconditions.html", preconditions_panel,
                   order=10, row=NOTICES, model="engagement.preconditions", action=Action.CHANGE)
    register_panel("interactions_this_month", "engagement/panels/interactions_this_month.html",
                   interactions_this_month_panel, order=20, row=1, model="engagement.interaction")
    register_panel("recent_interactions", "engagement/panels/recent_interactions.html",
                   recent_interactions_panel, order=30, row=1, model="engagement.interaction")
    register_panel("commitments_due", "engagement/panels/commitments_due.html",
                   commitments_due_panel, order=10, row=2, model="engagement.commitment")
    register_panel("goals_review_due", "engagement/panels/goals_review_due.html",
                   goals_review_due_panel, order=15, row=2, model="engagement.preconditiongoal")
    register_panel("concerns_waiting", "engagement/panels/concerns_waiting.html",
                   concerns_waiting_panel, order=12, row=2, model="engagement.concern")
