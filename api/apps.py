from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        # drf-spectacular finds the token's security scheme through this import.
        from . import schema  # noqa: F401
