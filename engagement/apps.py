from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Engagement process")

    def ready(self):
        # A higher layer plugs into a lower one by registering: the dashboard (coordinator)
        # shows the engagement panels without importing this app.
        from networks.steps import register_step_evidence

        from . import dashboard, signals  # noqa: F401  (signals: connected on import)
        from .steps import interaction_evidence

        dashboard.register()
        # A logged interaction is evidence of the step a community has reached (networks
        # proposes the step without importing this app).
        register_step_evidence(interaction_evidence)
