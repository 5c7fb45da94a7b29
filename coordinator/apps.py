from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinatorConfig(AppConfig):
    name = "coordinator"
    verbose_name = _("Coordinator")

    def ready(self):
        from . import changes, signals  # noqa: F401 - signals connects the sign-in receivers

        changes.connect()
