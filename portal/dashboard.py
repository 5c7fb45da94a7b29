"""The portal's panel on the coordinator's dashboard (registered in ``PortalConfig.ready()``):
how many corrections proposed by community representatives wait for a decision."""

from coordinator.access import actor_of, visible
from coordinator.dashboard import count_later, register_panel

from .models import CorrectionStatus, ProfileCorrection


def corrections_waiting_panel(request) -> dict:
    """``{"count": RowCount}``: counted with the other panels' counts, in their one query
    (``coordinator.counting``), so the panel adds no query of its own."""
    waiting = visible(actor_of(request), ProfileCorrection.objects.filter(
        status=CorrectionStatus.PENDING))
    return {"count": count_later(waiting)}


def register() -> None:
    register_panel("corrections_waiting", "portal/panels/corrections_waiting.html",
                   corrections_waiting_panel, order=50, row=2,
                   model="portal.profilecorrection")
