from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VettingConfig(AppConfig):
    name = "vetting"
    verbose_name = _("Assessing partners")

    def ready(self):
        # networks (a layer below) must not import vetting: vetting plugs its clearance check
        # into the organisation's save by registering it (networks.gates fails closed without).
        from networks.gates import register_engagement_gate

        from .services import check_engagement_gate

        register_engagement_gate(check_engagement_gate)
