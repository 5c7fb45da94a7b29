"""Spreadsheet resources of dialogue (issue 13): safe spaces and meetings, exported from their
lists (``coordinator.spreadsheets``)."""

from django.utils.translation import gettext as _
from import_export.fields import Field

from coordinator.spreadsheets.registry import register_resource
from coordinator.spreadsheets.resources import ScopedResource
from coordinator.spreadsheets.widgets import DateWidget, IntegerWidget
from networks.models import Organisation

from .models import Meeting, SafeSpace
from .stages import NetworkStage, annotate_stages


class SafeSpaceResource(ScopedResource):
    class Meta(ScopedResource.Meta):
        model = SafeSpace
        fields = ("id", "name", "place", "ground", "ground_explanation", "right_people",
                  "notes_taken", "press", "language", "accessibility")
        export_order = fields


class MeetingResource(ScopedResource):
    """A meeting's facts and whom it invited (each named only if the exporter may see it);
    never its notes."""

    class Meta(ScopedResource.Meta):
        model = Meeting
        fields = ("id", "held_on", "starts_at", "ends_at", "title", "kind", "safe_space",
                  "objectives", "invited_communities", "invited_organisations",
                  "invited_people", "moderator", "organiser", "takeaways", "takeaways_sent_on")
        export_order = fields




class NetworkStageResource(ScopedResource):
    """The network overview: each organisation and the stage of network building reached with
    it, from the meetings the exporter may see (``stages.annotate_stages``)."""

    network = Field(column_name="network")
    network_stage = Field(column_name="network_stage")
    meetings_attended = Field(attribute="meetings_attended", column_name="meetings_attended",
                              widget=IntegerWidget())
    last_attended_on = Field(attribute="last_attended_on", column_name="last_attended_on",
                             widget=DateWidget())

    class Meta(ScopedResource.Meta):
        model = Organisation
        fields = ("id", "name", "network", "kind", "network_stage", "meetings_attended",
                  "last_attended_on")
        export_order = fields

    def export_queryset(self, ids):
        return annotate_stages(self.actor, super().export_queryset(ids))

    def dehydrate_network(self, organisation):
        return str(organisation.get_network_display())

    def dehydrate_network_stage(self, organisation):
        stage = organisation.network_stage
        return str(NetworkStage(stage).label) if stage else _("No meeting yet")


def register() -> None:
    register_resource("dialogue.safespace", SafeSpaceResource)
    register_resource("dialogue.meeting", MeetingResource)
    register_resource("dialogue.network_overview", NetworkStageResource)
