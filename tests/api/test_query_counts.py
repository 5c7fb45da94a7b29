"""Every list of the API runs the same number of queries for 5 records as for 60 (a page of
50): related records are prefetched through ``visible()``, never read per row. As a
coordinator and as a partner professional whose agreement is limited to some communities."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans import services as plan_services
from coordinator.access import InformationCategory
from dialogue.models import Meeting, MeetingKind, SafeSpace
from tests.factories import (
    CommitmentFactory,
    CommunityFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
)

from .conftest import bearer, make_token
from .test_resources import RESOURCES

pytestmark = pytest.mark.django_db


def populate(municipality, coordinator, rows: int, start: int) -> None:
    space = SafeSpace.objects.create(municipality=municipality, name=f"Hall {start}", place="x")
    for index in range(start, start + rows):
        community = CommunityFactory(municipality=municipality, name=f"Community {index}",
                                     point_of_contact=coordinator)
        organisation = OrganisationFactory(municipality=municipality, name=f"Org {index}")
        organisation.communities.add(community)
        person = PersonFactory(municipality=municipality, organisation=organisation)
        person.communities.add(community)
        interaction = InteractionFactory(municipality=municipality, community=community,
                                         logged_by=coordinator)
        interaction.people.add(person)
        CommitmentFactory(municipality=municipality, community=community,
                          organisation=organisation, interaction=interaction, owner=coordinator)
        meeting = Meeting.objects.create(
            municipality=municipality, title=f"Meeting {index}", kind=MeetingKind.ROUND_TABLE,
            held_on=timezone.localdate() + datetime.timedelta(days=index % 30),
            safe_space=space, organiser=coordinator)
        meeting.invited_communities.add(community)
        plan_services.create_plan(municipality, f"Plan {index}", by=coordinator)


def queries_for(client, url, rows: int) -> int:
    client.get(url)  # the token's first use of the minute also writes its "last used"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) >= min(rows, 50)
    return len(queries.captured_queries)


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_list_costs_the_same_for_5_and_60_records(
        resource, municipality, records, partner, make_agreement):
    coordinator = records["coordinator"]
    url = reverse(f"api:{resource}-list")
    coordinator_client = bearer(make_token(coordinator, municipality))
    # The partner reads every category (and so is logged: one INSERT per request).
    make_agreement(list(InformationCategory))
    partner_client = bearer(make_token(partner, municipality))

    populate(municipality, coordinator, 4, start=0)
    small = queries_for(coordinator_client, url, 5), queries_for(partner_client, url, 5)
    populate(municipality, coordinator, 55, start=4)
    large = queries_for(coordinator_client, url, 60), queries_for(partner_client, url, 60)
    assert small == large
    assert large[0] <= 8, large
