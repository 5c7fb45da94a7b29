"""Spreadsheet resources of the local network (issue 13): communities, organisations and people,
exported from their lists and imported with a preview (``coordinator.spreadsheets``). Related
records are named (an organisation's communities, a person's organisation), several in one
cell separated by semicolons."""

from coordinator.spreadsheets.registry import register_resource
from coordinator.spreadsheets.resources import ScopedResource

from .models import Community, GatheringPlace, Organisation, Person


class CommunityResource(ScopedResource):
    """Ethnicity and faith are exported only when asked for by someone who may read them, and
    read from a file only from such a person."""

    list_choices = {"gathering_places": GatheringPlace.choices}
    import_columns = ("name", "kind", "description", "local_history", "estimated_size",
                      "gathering_places", "gathering_notes", "found_through", "languages",
                      "engagement_step", "last_verified_on")
    required_columns = ("name", "kind")
    example = {"name": "Neighbourhood of Les Flanades", "kind": "Location-based",
               "description": "Residents of the estate around the shopping centre",
               "estimated_size": "4000", "gathering_places": "Community centres; Sports clubs",
               "languages": "French, Arabic", "engagement_step": "1",
               "last_verified_on": "2026-01-15"}

    class Meta(ScopedResource.Meta):
        model = Community
        fields = ("id", "name", "kind", "engagement_step", "estimated_size", "description",
                  "local_history", "gathering_places", "gathering_notes", "found_through",
                  "languages", "point_of_contact", "contact_outsourced_to", "last_verified_on",
                  "last_contacted_on", "ethnicity", "faith")
        export_order = fields


class OrganisationResource(ScopedResource):
    """Raising the engagement level or marking municipal funding passes the engagement-level
    gate (``networks.gates``) on every row, as in the form."""

    import_columns = ("name", "kind", "mandate", "website", "communities", "engagement_level",
                      "quiet_after_days", "receives_municipal_funding")
    required_columns = ("name", "kind")
    example = {"name": "Youth club De Schakel", "kind": "Youth work",
               "mandate": "Open youth work for 12 to 21 year olds",
               "website": "https://example.org", "communities": "Neighbourhood of Les Flanades",
               "engagement_level": "Dialogue", "receives_municipal_funding": "no"}

    class Meta(ScopedResource.Meta):
        model = Organisation
        fields = ("id", "name", "kind", "engagement_level", "mandate", "website", "communities",
                  "quiet_after_days", "receives_municipal_funding")
        export_order = fields


class PersonResource(ScopedResource):
    import_columns = ("name", "role", "organisation", "partner_level", "communities",
                      "is_key_figure", "quiet_after_days", "preferred_channel", "email", "phone",
                      "languages")
    required_columns = ("name",)
    example = {"name": "Youth worker, De Schakel", "role": "Youth worker",
               "organisation": "Youth club De Schakel", "partner_level": "Operational contact",
               "communities": "Neighbourhood of Les Flanades", "is_key_figure": "no",
               "preferred_channel": "Phone", "phone": "+33 1 00 00 00 00",
               "languages": "French"}

    class Meta(ScopedResource.Meta):
        model = Person
        fields = ("id", "name", "role", "organisation", "partner_level", "communities",
                  "is_key_figure", "quiet_after_days", "preferred_channel", "email", "phone",
                  "languages")
        export_order = fields


def register() -> None:
    register_resource("networks.community", CommunityResource, import_slug="communities")
    register_resource("networks.organisation", OrganisationResource, import_slug="organisations")
    register_resource("networks.person", PersonResource, import_slug="people")
