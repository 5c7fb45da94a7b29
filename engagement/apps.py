from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Engagement process")

    def ready(self):
        # A higher layer plugs into a lower one by registering: the dashboard (coordinator)
        # shows the engagement panels without importing this app.
        from networks.steps import register_step_evidence

        from . import dashboard, resources, sections, signals  # noqa: F401  (signals: on import)
        from .steps import interaction_evidence

        dashboard.register()
        # The community page (networks) shows the open concerns and reciprocity the same way.
        sections.register()
        # A logged interaction is evidence of the step a community has reached (networks
        # proposes the step without importing this app).
        register_step_evidence(interaction_evidence)
        # Spreadsheets: the list pages (coordinator) export and import through these.
        resources.register()
