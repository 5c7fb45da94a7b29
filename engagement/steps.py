"""The engagement process's evidence for the step a community has reached
(:mod:`networks.steps`, registered in ``EngagementConfig.ready()``)."""

from collections.abc import Collection

from django.db.models import OuterRef

from networks.models import EngagementStep
from networks.steps import communities_with

from .models import Interaction


def interaction_evidence(community_ids: Collection[int]) -> dict[int, int]:
    """Step 2 (establishing contact) for each community with a logged interaction: the first
    contact is made (002 step 2 "Establishing contact"). One query."""
    logged = Interaction._base_manager.filter(community_id=OuterRef("pk"))
    step = EngagementStep.ESTABLISHING_CONTACT.value
    return dict.fromkeys(communities_with(community_ids, logged), step)
