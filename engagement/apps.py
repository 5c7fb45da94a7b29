from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Engagement process")

    def ready(self):
        # A higher layer plugs into a lower one by registering: the dashboard (coordinator)
        # shows the engagement panels without importing this app.
        from . import dashboard, signals  # noqa: F401  (signals: connected on import)

        dashboard.register()
