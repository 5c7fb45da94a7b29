"""Meetings as evidence of a community's engagement step (registered with
``networks.steps`` in ``DialogueConfig.ready()``): a meeting the community took part in means
dialogue (002 step 4 "Dialogue and collaboration"; issue 9 "The network, step by step")."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from networks.models import EngagementStep
from networks.steps import StepEvidence

from .models import Meeting


def _meetings_attended():
    """Invitations of the community to a meeting held on or before today, unless that meeting
    records the community as not at the table; through the foreign keys only."""
    missed = Meeting.absent_communities.through._base_manager.filter(
        meeting_id=OuterRef("meeting_id"), community_id=OuterRef("community_id"))
    return (Meeting.invited_communities.through._base_manager
            .filter(community_id=OuterRef("pk"), meeting__held_on__lte=timezone.localdate())
            .exclude(Exists(missed)))


#: Step 4 (dialogue and collaboration) for each community a meeting held on or before today
#: invited, unless that meeting records it as not at the table.
meeting_evidence = StepEvidence(step=EngagementStep.DIALOGUE_AND_COLLABORATION,
                                rows=_meetings_attended)
