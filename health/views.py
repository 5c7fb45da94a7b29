"""The network health page: plain explanations and links to act (issue 12)."""

from coordinator.access import READERS
from coordinator.generic import StaffPage
from engagement.asks import OVERUSE_ASKS_30_DAYS

from . import services


class NetworkHealth(StaffPage):
    """Over-use of key figures, relationships hanging on one person, coverage of communities
    and sectors, and the network-building stage reached. For the municipality's own staff
    (coordinators, admins, assessors), who read the whole network."""

    template_name = "health/network_health.html"
    #: Checked by ``StaffMixin`` before any method: only roles that read the whole network.
    model = "engagement.interaction"

    def has_model_access(self) -> bool:
        return self.actor.role in READERS

    def get_context_data(self, **kwargs):
        actor = self.actor
        concentration = services.concentration(actor)
        return super().get_context_data(
            most_asked=services.most_asked(actor), threshold=OVERUSE_ASKS_30_DAYS,
            concentration=concentration,
            fragile=[c for c in concentration if c.fragile],
            coverage=services.coverage(actor), **kwargs)
