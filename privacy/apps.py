from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Data protection")

    def ready(self):
        # Clearing or changing a special-category field also clears the superseded value from
        # that record's history (GDPR Art. 9; ``privacy.erasure.redact_superseded``).
        from . import signals

        signals.connect()
