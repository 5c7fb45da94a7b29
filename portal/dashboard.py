"""The portal's panel on the coordinator's dashboard (registered in ``PortalConfig.ready()``):
corrections proposed by community representatives that wait for a decision."""

from coordinator.access import actor_of, visible
from coordinator.dashboard import count_later, register_panel

from .models import CorrectionStatus, ProfileCorrection

#: How many corrections the panel lists.
LIST_LENGTH = 5


def corrections_waiting_panel(request) -> dict:
    """``{"corrections": [ProfileCorrection, ...], "count": RowCount}``: the oldest waiting
    first; one query for the list, the count gathered with the other panels'."""
    waiting = visible(actor_of(request), ProfileCorrection.objects.filter(
        status=CorrectionStatus.PENDING))
    shown = list(waiting.select_related("organisation").order_by("proposed_at", "pk")
                 [:LIST_LENGTH])
    return {"corrections": shown, "count": count_later(waiting)}


def register() -> None:
    register_panel("corrections_waiting", "portal/panels/corrections_waiting.html",
                   corrections_waiting_panel, order=14, row=2,
                   model="portal.profilecorrection")
