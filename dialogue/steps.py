"""Meetings as evidence of a community's engagement step (registered with
``networks.steps`` in ``DialogueConfig.ready()``): a meeting the community took part in means
dialogue (002 step 4 "Dialogue and collaboration"; issue 9 "The network, step by step")."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from networks.models import EngagementStep

from .models import Meeting


def meeting_evidence(community_ids) -> dict[int, int]:
    """``{community_id: 4}`` for each of ``community_ids`` (ints) that a meeting held on or
    before today invited, unless that meeting records the community as not at the table. One
    query, through the foreign keys only (no record leaves it, only a step number)."""
    invited = Meeting.invited_communities.through._base_manager
    missed = Meeting.absent_communities.through._base_manager.filter(
        meeting_id=OuterRef("meeting_id"), community_id=OuterRef("community_id"))
    rows = (invited.filter(community_id__in=list(community_ids),
                           meeting__held_on__lte=timezone.localdate())
            .exclude(Exists(missed))
            .values_list("community_id", flat=True).distinct().order_by())
    return {pk: EngagementStep.DIALOGUE_AND_COLLABORATION.value for pk in rows}
