from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SociogramConfig(AppConfig):
    name = "sociogram"
    verbose_name = _("Sociogram")

    def ready(self):
        # The organisation page (networks) lists the organisation's relationships without
        # importing this app: a section registered here (coordinator.sections).
        from . import sections

        sections.register()
