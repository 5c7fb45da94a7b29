from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Networks")

    def ready(self):
        # A higher layer plugs into a lower one by registering: the dashboard (coordinator)
        # shows the networks' panels without importing this app.
        from . import dashboard, resources

        dashboard.register()
        # Spreadsheets: the list pages (coordinator) export and import through these.
        resources.register()
