"""The engagement process's evidence for the step a community has reached
(:mod:`networks.steps`, registered in ``EngagementConfig.ready()``)."""

from django.db.models import OuterRef

from networks.models import EngagementStep
from networks.steps import StepEvidence

from .models import Interaction


def _logged_interactions():
    return Interaction._base_manager.filter(community_id=OuterRef("pk"))


#: Step 2 (establishing contact) for each community with a logged interaction: the first
#: contact is made (002 step 2 "Establishing contact").
interaction_evidence = StepEvidence(step=EngagementStep.ESTABLISHING_CONTACT,
                                    rows=_logged_interactions)
