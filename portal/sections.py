"""What the portal adds to staff record pages (registered in ``PortalConfig.ready()``
through ``coordinator.sections``): on an organisation's page its representatives and the
corrections they proposed; on a commitment's page what the organisation said of it."""

from coordinator.access import Action, actor_of, visible
from coordinator.models import Membership, Role
from coordinator.sections import register_section

from .models import CommitmentResponse, CorrectionStatus, ProfileCorrection


def representatives_section(request, organisation) -> dict:
    """``{"representatives": [Membership], "waiting": [ProfileCorrection]}``; two queries."""
    actor = actor_of(request)
    members = visible(actor, Membership.objects.filter(
        role=Role.COMMUNITY_REPRESENTATIVE, organisation=organisation),
        Action.REPRESENTATIVES).select_related("user")
    waiting = visible(actor, ProfileCorrection.objects.filter(
        organisation=organisation, status=CorrectionStatus.PENDING))
    return {"organisation": organisation, "representatives": list(members),
            "waiting": list(waiting)}


def responses_section(request, commitment) -> dict | None:
    """``{"responses": [CommitmentResponse]}`` when the organisation answered; one query."""
    responses = list(visible(actor_of(request), CommitmentResponse.objects.filter(
        commitment=commitment)).select_related("organisation"))
    return {"responses": responses} if responses else None


def register() -> None:
    register_section("networks.organisation", "portal_representatives",
                     "portal/sections/representatives.html", representatives_section,
                     order=20, model="coordinator.membership", action=Action.REPRESENTATIVES)
    register_section("engagement.commitment", "portal_responses",
                     "portal/sections/responses.html", responses_section, order=20,
                     model="portal.commitmentresponse")
