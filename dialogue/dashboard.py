"""The dialogue panel on the dashboard (registered in ``DialogueConfig.ready()``): the next
meetings (002 step 4)."""

from coordinator.access import actor_of, record_access, visible
from coordinator.dashboard import register_panel

from .models import Meeting

#: How many meetings the panel lists.
LIST_LENGTH = 5


def next_meetings_panel(request) -> dict:
    """``{"next_meetings": [Meeting, ...]}``: the next meetings the actor may see, soonest
    first; one query, of the columns the panel shows only (a meeting's texts are long)."""
    shown = list(visible(actor_of(request), Meeting.objects.upcoming())
                 .select_related("safe_space")
                 .only("id", "title", "held_on", "starts_at", "safe_space__name")[:LIST_LENGTH])
    record_access(request, Meeting, [m.pk for m in shown])  # logged for partners only
    return {"next_meetings": shown}


def register() -> None:
    register_panel("next_meetings", "dialogue/panels/next_meetings.html", next_meetings_panel,
                   order=12, row=2, model="dialogue.meeting")
