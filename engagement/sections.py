"""What the engagement process adds to a community's page (registered in
``EngagementConfig.ready()`` through ``coordinator.sections``): the concerns still waiting for
an answer (002 step 4 "Setting the agenda"), and reciprocity, what we asked of the community
against what we gave back (002 step 4 "never overpromise"; 001 "Reciprocity and
sustainability"). Each function takes the request and the community and returns its
template's ``section``."""

from coordinator.access import Action, actor_of, can, record_access, visible
from coordinator.sections import register_section

from .models import Concern
from .reciprocity import reciprocity_for

#: How many open concerns the community page lists before "See all".
LIST_LENGTH = 10
PAGE = "networks.community"


def community_concerns_section(request, community) -> dict:
    """``{"concerns": [Concern], "count": int, "community": Community, "can_add": bool}``: the
    community's concerns open or passed on, oldest first (the longest waiting), at most
    ``LIST_LENGTH``, and how many there are; two queries."""
    actor = actor_of(request)
    waiting = (visible(actor, Concern.objects.filter(community=community)).unresolved()
               .select_related("routed_to_organisation").order_by("raised_on", "pk"))
    shown = list(waiting[:LIST_LENGTH])
    record_access(request, Concern, [c.pk for c in shown])  # logged for partners only
    return {"concerns": shown, "count": waiting.count(), "community": community,
            "can_add": can(actor, Action.ADD, Concern)}


def reciprocity_section(request, community) -> dict | None:
    """``{"reciprocity": Reciprocity}`` (``engagement.reciprocity``), for those who may see the
    asks, the promises and the concerns alike (a partner who sees one of them only would read
    a lopsided balance); three queries."""
    actor = actor_of(request)
    if not all(can(actor, Action.VIEW, label) for label in
               ("engagement.interaction", "engagement.commitment", "engagement.concern")):
        return None
    return {"reciprocity": reciprocity_for(actor, community)}


def register() -> None:
    register_section(PAGE, "reciprocity", "engagement/sections/reciprocity.html",
                     reciprocity_section, order=10, model="engagement.interaction")
    register_section(PAGE, "community_concerns", "engagement/sections/community_concerns.html",
                     community_concerns_section, order=20, model="engagement.concern")
