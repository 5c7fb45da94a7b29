from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Community portal")

    def ready(self):
        # The coordinator's side of the portal plugs into lower apps by registering: a dashboard
        # panel of proposed corrections, and sections on the organisation and commitment pages.
        from . import dashboard, sections

        dashboard.register()
        sections.register()
