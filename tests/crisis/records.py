"""Records of a crisis for the tests of tests/crisis, built through the crisis services (the
incident opened, the network checked in with) as a coordinator would."""

import datetime

from django.utils import timezone

from coordinator.access import actor_for
from crisis import services
from crisis.models import CheckIn, Incident, IncidentKind, Scale

from ..factories import CommunityFactory, OrganisationFactory, PersonFactory


def open_incident(user, municipality, title="Attack at the arena", communities=(), **fields):
    """An incident opened by ``user`` (a coordinator of ``municipality``)."""
    incident = Incident(
        title=title, kind=fields.pop("kind", IncidentKind.TERRORIST_ATTACK),
        scale=fields.pop("scale", Scale.CITY),
        occurred_at=fields.pop("occurred_at", timezone.now() - datetime.timedelta(hours=6)),
        place=fields.pop("place", "Victoria station"),
        description=fields.pop("description", "An explosion at the end of a concert."),
        **fields)
    return services.open_incident(actor_for(user, municipality.pk), incident, communities)


def network(municipality, community_name="Moss Side", organisations=(), key_figures=()):
    """A community of ``municipality`` with its ``organisations`` and ``key_figures`` (names)."""
    community = CommunityFactory(municipality=municipality, name=community_name)
    for name in organisations:
        OrganisationFactory(municipality=municipality, name=name).communities.add(community)
    for name in key_figures:
        PersonFactory(municipality=municipality, name=name,
                      is_key_figure=True).communities.add(community)
    return community


def check_in(user, incident, hours_ago=0):
    """Check in with the incident's network as ``user``; the check-ins asked ``hours_ago``."""
    services.check_in_with_network(actor_for(user, incident.municipality_id), incident)
    asked = timezone.now() - datetime.timedelta(hours=hours_ago)
    CheckIn.objects.filter(incident=incident).update(asked_at=asked)
    return list(CheckIn.objects.filter(incident=incident).order_by("pk"))
