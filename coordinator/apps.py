from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinatorConfig(AppConfig):
    name = "coordinator"
    verbose_name = _("Coordinator")

    def ready(self):
        from . import signals  # noqa: F401 - connects the sign-in receivers
