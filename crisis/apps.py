from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisisConfig(AppConfig):
    name = "crisis"
    verbose_name = _("Crisis response")

    def ready(self):
        # A higher layer plugs into a lower one by registering: the dashboard (coordinator)
        # shows the incidents and the reviews due without importing this app.
        from . import dashboard, resources

        dashboard.register()
        # Spreadsheets: the list pages (coordinator) export through these.
        resources.register()
