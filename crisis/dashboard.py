"""The crisis response's panels on the dashboard (registered in ``CrisisConfig.ready()``): the
incidents being responded to, and the protocols and team lists whose review is due (002 "Step
5": "standardised procedures and pre-organised teams who are available should a crisis
occur": contact details and procedures go out of date)."""

from coordinator.access import actor_of, visible
from coordinator.dashboard import count_later, register_panel

from .models import CrisisProtocol, CrisisTeam, Incident


def active_incidents_panel(request) -> dict:
    """``{"count": int}``: incidents not closed, counted with the other panels' counts in their
    one query (``coordinator.counting``): the panel adds no query of its own."""
    return {"count": count_later(visible(actor_of(request), Incident.objects.active()))}


def review_due_panel(request) -> dict:
    """How many protocols and how many team lists were never reviewed or were reviewed longer
    ago than their interval: two counts run with the dashboard's others, no query of their own
    (the lists, with their review dates, are a click away)."""
    actor = actor_of(request)
    return {
        "protocol_count": count_later(visible(actor, CrisisProtocol.objects.all()).review_due()),
        "team_count": count_later(visible(actor, CrisisTeam.objects.all()).review_due()),
    }


def register() -> None:
    register_panel("active_incidents", "crisis/panels/active_incidents.html",
                   active_incidents_panel, order=5, row=1, model="crisis.incident")
    register_panel("crisis_review_due", "crisis/panels/review_due.html", review_due_panel,
                   order=60, row=2, model="crisis.crisisprotocol")
