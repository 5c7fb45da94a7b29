"""Changes to the network that are more than saving a form: accepting the engagement step a
community's records show (:mod:`networks.steps`)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coordinator.access import Action, require

from .models import Community, EngagementStep
from .steps import proposed_step

#: The reason kept in the history when a proposed step is accepted.
ACCEPTED_REASON = gettext_noop("Accepted the step the records show")  # translated when shown


def accept_proposed_step(actor, community: Community, expected: int | None = None) -> int:
    """Set ``community``'s engagement step to the one its records show (002 "Five steps"), as
    ``actor`` (who needs the "change" right: ``Http404``/``PermissionDenied`` otherwise).

    ``expected``: the step the page proposed; if the records now show another one (a record
    was added or changed since the page was shown), nothing changes. Returns the new step.
    Raises ``ValidationError`` when the proposal is not ahead of the recorded step, or is not
    ``expected``. The history keeps who accepted it, with :data:`ACCEPTED_REASON`."""
    require(actor, community, Action.CHANGE)
    proposal = proposed_step(community)
    if expected is not None and int(expected) != proposal:
        raise ValidationError(_(
            "The records now show another step (%(step)s): look at the page again.")
            % {"step": EngagementStep(proposal).label})
    if proposal <= community.engagement_step:
        raise ValidationError(_("The recorded step is already at or beyond what the records "
                                "show: there is nothing to accept."))
    community.engagement_step = proposal
    community._change_reason = ACCEPTED_REASON
    community.save(update_fields=["engagement_step"])
    return proposal
