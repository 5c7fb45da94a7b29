"""Network health on constructed networks with known answers (issue 12 "Network health")."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coordinator.access import actor_for
from coordinator.models import Role
from engagement.asks import asks_per_key_figure
from engagement.models import Interaction
from health import services
from networks.models import OrganisationKind
from tests.factories import (
    CommunityFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    member,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _ask(municipality, person, days_ago, asked=True, logged_by=None, community=None):
    interaction = InteractionFactory(
        municipality=municipality, community=community, asked_of_community=asked,
        occurred_on=TODAY() - datetime.timedelta(days=days_ago), logged_by=logged_by)
    interaction.people.add(person)
    return interaction


@pytest.fixture
def actor(municipality, coordinator):
    return actor_for(coordinator, municipality.pk)


def test_asks_per_key_figure_over_30_and_90_days(municipality, actor):
    often = PersonFactory(municipality=municipality, name="Imam", is_key_figure=True)
    once = PersonFactory(municipality=municipality, name="Teacher", is_key_figure=True)
    long_ago = PersonFactory(municipality=municipality, name="Coach", is_key_figure=True)
    not_key = PersonFactory(municipality=municipality, name="Neighbour")
    for days in (1, 5, 10, 20, 60):
        _ask(municipality, often, days)
    _ask(municipality, often, 3, asked=False)  # a contact, not an ask
    _ask(municipality, once, 40)
    _ask(municipality, long_ago, 120)
    _ask(municipality, not_key, 2)
    rows = [(p.name, p.asks_30, p.asks_90) for p in asks_per_key_figure(actor)]
    assert rows == [("Imam", 4, 5), ("Teacher", 0, 1)]


def test_the_form_warns_before_asking_an_often_asked_key_figure_again(
        municipality, coordinator_client):
    imam = PersonFactory(municipality=municipality, name="Imam", is_key_figure=True)
    for days in (1, 2, 3):
        _ask(municipality, imam, days)
    data = {"kind": "meeting", "occurred_on": TODAY().isoformat(), "people": [imam.pk],
            "asked_of_community": "on", "needs_heard": "A room for the evening"}
    response = coordinator_client.post(reverse("interaction_create"), data)
    assert response.status_code == 200
    assert "Already asked 3 times or more in 30 days: Imam (3)" in response.content.decode()
    assert Interaction.objects.count() == 3
    response = coordinator_client.post(reverse("interaction_create"),
                                       {**data, "ask_anyway": "on"})
    assert response.status_code == 302 and Interaction.objects.count() == 4


def test_relationships_that_hang_on_one_person(municipality, actor, coordinator):
    colleague = member(municipality, Role.COORDINATOR)
    fragile = CommunityFactory(municipality=municipality, name="Fragile community")
    sturdy = CommunityFactory(municipality=municipality, name="Sturdy community")
    chair = PersonFactory(municipality=municipality)
    for days in (10, 20):
        _ask(municipality, chair, days, asked=False, logged_by=coordinator, community=fragile)
    _ask(municipality, PersonFactory(municipality=municipality), 5, asked=False,
         logged_by=coordinator, community=sturdy)
    _ask(municipality, PersonFactory(municipality=municipality), 6, asked=False,
         logged_by=colleague, community=sturdy)
    _ask(municipality, chair, 400, asked=False, logged_by=colleague, community=fragile)
    rows = {(r.community.name, r.community_people, r.staff, r.fragile)
            for r in services.concentration(actor)}
    assert rows == {("Fragile community", 1, 1, True), ("Sturdy community", 2, 2, False)}


def test_coverage_names_the_missing_sectors_and_the_communities_never_contacted(
        municipality, actor):
    OrganisationFactory(municipality=municipality, kind=OrganisationKind.SCHOOL)
    OrganisationFactory(municipality=municipality, kind=OrganisationKind.POLICE)
    OrganisationFactory(municipality=municipality, kind=OrganisationKind.FAITH_ORGANISATION)
    CommunityFactory(municipality=municipality, name="Never met")
    met = CommunityFactory(municipality=municipality, name="Met")
    InteractionFactory(municipality=municipality, community=met)
    result = services.coverage(actor)
    assert [c.name for c in result.never_contacted] == ["Never met"]
    assert set(result.missing_sectors) == {OrganisationKind.YOUTH_WORK,
                                           OrganisationKind.MENTAL_HEALTH,
                                           OrganisationKind.SOCIAL_WORK}
    assert (result.formal, result.informal) == (2, 1)
    assert result.stages[0] == 3


def test_the_page_shows_the_measures_to_staff_only(municipality, coordinator_client,
                                                   client_for):
    imam = PersonFactory(municipality=municipality, name="Imam Yusuf", is_key_figure=True)
    for days in (1, 2, 3):
        _ask(municipality, imam, days)
    CommunityFactory(municipality=municipality, name="Never met")
    page = coordinator_client.get(reverse("health:overview")).content.decode()
    for text in ("Imam Yusuf", "asked often", "Never met", "Mental health",
                 "Relationships that hang on one person"):
        assert text in page, text
    partner = member(municipality, Role.PARTNER_PROFESSIONAL,
                     organisation=OrganisationFactory(municipality=municipality))
    assert client_for(partner).get(reverse("health:overview")).status_code == 403


def test_another_municipality_is_not_counted(municipality, other_municipality, actor):
    foreign = PersonFactory(municipality=other_municipality, name="Elsewhere",
                            is_key_figure=True)
    _ask(other_municipality, foreign, 1)
    CommunityFactory(municipality=other_municipality, name="Foreign never met")
    assert list(asks_per_key_figure(actor)) == []
    assert services.coverage(actor).never_contacted == []
