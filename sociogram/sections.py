"""What the sociogram adds to an organisation's page (registered in ``SociogramConfig.ready()``
through ``coordinator.sections``): the relationships recorded by hand from or to it, whose
other end the viewer may see too."""

from django.db.models import Q

from coordinator.access import Action, actor_of, can, record_access, visible
from coordinator.sections import register_section
from networks.models import Organisation, Person

from .models import Relationship

LIST_LENGTH = 10


def organisation_relationships_section(request, organisation) -> dict:
    """``{"relationships": [Relationship], "organisation", "can_add": bool}``: at most
    ``LIST_LENGTH`` of the organisation's relationships, newest first; one query."""
    actor = actor_of(request)
    relationships = list(
        visible(actor, Relationship.objects.all())
        .between(visible(actor, Person.objects.all()), visible(actor, Organisation.objects.all()))
        .filter(Q(from_organisation=organisation) | Q(to_organisation=organisation))
        .select_related("from_person", "from_organisation", "to_person", "to_organisation")
        [:LIST_LENGTH])
    record_access(request, Relationship, [r.pk for r in relationships])  # partners only
    return {"relationships": relationships, "organisation": organisation,
            "can_add": can(actor, Action.ADD, Relationship)}


def register() -> None:
    register_section("networks.organisation", "relationships",
                     "sociogram/sections/organisation_relationships.html",
                     organisation_relationships_section, order=50,
                     model="sociogram.relationship")
