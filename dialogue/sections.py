"""What the meetings add to a commitment's page (registered in ``DialogueConfig.ready()``
through ``coordinator.sections``): the meeting a follow-up commitment was made at, so the
promise links back to where it was made (002 step 4 "never overpromise": a promise is followed
from the table it was made at to its delivery)."""

from coordinator.access import actor_of, visible
from coordinator.sections import register_section

from .models import Meeting

PAGE = "engagement.commitment"


def made_at_meeting_section(request, commitment) -> dict | None:
    """``{"meeting": Meeting}`` when ``commitment`` is the follow-up of a meeting the actor may
    see, else None (the section is left out); one query."""
    meeting = (visible(actor_of(request), Meeting.objects.filter(follow_ups__commitment=commitment))
               .only("id", "title", "held_on").first())
    return {"meeting": meeting} if meeting is not None else None


def register() -> None:
    register_section(PAGE, "made_at_meeting", "dialogue/sections/made_at_meeting.html",
                     made_at_meeting_section, order=10, model="dialogue.meeting")
