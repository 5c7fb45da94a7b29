"""The counts of the community and organisation lists (correlated subqueries since issue 8)
and the dashboard's "never contacted" and "this month" queries give the same answers as
before."""

import datetime

import pytest
from django.urls import reverse

from engagement.models import Interaction
from networks.models import Community

from ..factories import CommunityFactory, InteractionFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_community_list_counts_each_communitys_interactions(coordinator_client, municipality):
    busy = CommunityFactory(municipality=municipality, name="A busy")
    quiet = CommunityFactory(municipality=municipality, name="B quiet")
    InteractionFactory.create_batch(3, municipality=municipality, community=busy)
    listed = coordinator_client.get(reverse("networks:community_list")).context["object_list"]
    assert {c.name: c.interaction_count for c in listed} == {busy.name: 3, quiet.name: 0}


def test_organisation_list_counts_communities_and_people(coordinator_client, municipality):
    linked = OrganisationFactory(municipality=municipality, name="A linked")
    OrganisationFactory(municipality=municipality, name="B alone")
    linked.communities.add(*CommunityFactory.create_batch(2, municipality=municipality))
    PersonFactory.create_batch(3, municipality=municipality, organisation=linked)
    listed = coordinator_client.get(reverse("networks:organisation_list")).context["object_list"]
    assert {o.name: (o.community_count, o.people_count) for o in listed} == {
        "A linked": (2, 3), "B alone": (0, 0)}


def test_never_contacted(municipality):
    contacted = CommunityFactory(municipality=municipality)
    never = CommunityFactory(municipality=municipality)
    InteractionFactory(municipality=municipality, community=contacted)
    assert list(Community.objects.filter(municipality=municipality).never_contacted()) == [never]


@pytest.mark.parametrize("today", [datetime.date(2026, 1, 31), datetime.date(2026, 12, 1),
                                   datetime.date(2024, 2, 29)])
def test_this_month_is_the_calendar_month(municipality, today):
    first = today.replace(day=1)
    inside = [first, today]
    outside = [first - datetime.timedelta(days=1), (first + datetime.timedelta(days=32)).replace(day=1)]
    for day in inside + outside:
        InteractionFactory(municipality=municipality, occurred_on=day, community=None)
    found = Interaction.objects.filter(municipality=municipality).this_month(today)
    assert sorted(found.values_list("occurred_on", flat=True)) == sorted(inside)


def _last_contacted(community):
    community.refresh_from_db(fields=["last_contacted_on"])
    return community.last_contacted_on


def test_last_contacted_follows_every_save_and_delete(municipality):
    """``Community.last_contacted_on`` (what "never contacted" reads) is the latest interaction's
    date after a log, a back-dated log, a move to another community and a delete."""
    first, second = CommunityFactory.create_batch(2, municipality=municipality)
    assert _last_contacted(first) is None
    march = InteractionFactory(municipality=municipality, community=first,
                               occurred_on=datetime.date(2026, 3, 1))
    assert _last_contacted(first) == datetime.date(2026, 3, 1)
    InteractionFactory(municipality=municipality, community=first, occurred_on=datetime.date(2026, 1, 1))
    assert _last_contacted(first) == datetime.date(2026, 3, 1)
    march.community = second
    march.save()
    assert (_last_contacted(first), _last_contacted(second)) == (
        datetime.date(2026, 1, 1), datetime.date(2026, 3, 1))
    march.delete()
    assert _last_contacted(second) is None
    assert list(Community.objects.filter(municipality=municipality).never_contacted()) == [second]


def test_a_community_edit_does_not_write_back_an_older_last_contact(municipality):
    community = CommunityFactory(municipality=municipality)
    stale = Community.objects.get(pk=community.pk)  # read before the interaction is logged
    InteractionFactory(municipality=municipality, community=community,
                       occurred_on=datetime.date(2026, 2, 2))
    stale.description = "Edited"
    stale.save()
    assert _last_contacted(community) == datetime.date(2026, 2, 2)
