from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Information-sharing agreements")

    def ready(self):
        from coordinator.access import (
            register_access_recorder,
            register_grant_provider,
            register_object_grant_provider,
        )

        from . import grants, log

        register_grant_provider(grants.agreement_grants)
        register_object_grant_provider(grants.record_grant)
        # Every response that shows shared records to a partner writes one access event.
        register_access_recorder(log.write_events)
        # Spreadsheets: the register's list (coordinator) exports through this.
        from . import resources

        resources.register()
