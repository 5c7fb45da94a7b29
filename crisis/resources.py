"""Spreadsheet resources of the crisis response (issue 13): protocols, teams and incidents,
exported from their lists (``coordinator.spreadsheets``)."""

from coordinator.spreadsheets.registry import register_resource
from coordinator.spreadsheets.resources import ScopedResource

from .models import CrisisProtocol, CrisisTeam, Incident


class CrisisProtocolResource(ScopedResource):
    class Meta(ScopedResource.Meta):
        model = CrisisProtocol
        fields = ("id", "title", "incident_kind", "call_order", "checks", "press_contact",
                  "last_reviewed_on", "review_due_on")
        export_order = fields


class CrisisTeamResource(ScopedResource):
    class Meta(ScopedResource.Meta):
        model = CrisisTeam
        fields = ("id", "name", "kind", "organisation", "purpose", "last_reviewed_on",
                  "review_due_on")
        export_order = fields


class IncidentResource(ScopedResource):
    class Meta(ScopedResource.Meta):
        model = Incident
        fields = ("id", "title", "kind", "scale", "status", "occurred_at", "place",
                  "communities", "protocol", "opened_by", "opened_at", "closed_at")
        export_order = fields


def register() -> None:
    register_resource("crisis.crisisprotocol", CrisisProtocolResource)
    register_resource("crisis.crisisteam", CrisisTeamResource)
    register_resource("crisis.incident", IncidentResource)
