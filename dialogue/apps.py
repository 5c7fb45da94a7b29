from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = _("Dialogue and collaboration")

    def ready(self):
        # A higher layer plugs into a lower one by registering: the dashboard (coordinator)
        # shows the next meetings without importing this app.
        from networks.steps import register_step_evidence

        from . import dashboard, sections
        from .steps import meeting_evidence

        dashboard.register()
        sections.register()  # the commitment page links back to its meeting
        # A meeting with a community is evidence of dialogue (networks proposes the step).
        register_step_evidence(meeting_evidence)
        # Spreadsheets: the list pages (coordinator) export through these.
        from . import resources

        resources.register()
