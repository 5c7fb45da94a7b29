"""Every list page and the dashboard run a constant number of queries, however many rows exist."""

import datetime

import pytest
from django.urls import reverse

from ..factories import (
    CommitmentFactory,
    CommunityFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

#: session, user, memberships, count and page, plus the few each page adds; the dashboard runs
#: one query per panel list, and every count of every panel in one more.
MAX_QUERIES = {"dashboard": 15}  # one list query per panel and one for every count
DEFAULT_MAX_QUERIES = 12


def _populate(municipality, coordinator, rows):
    communities = CommunityFactory.create_batch(
        rows, municipality=municipality, point_of_contact=coordinator,
        last_verified_on=datetime.date(2020, 1, 1),
    )
    organisations = OrganisationFactory.create_batch(rows, municipality=municipality)
    for index in range(rows):
        organisations[index].communities.add(communities[index])
        PersonFactory(municipality=municipality, organisation=organisations[index])
        interaction = InteractionFactory(
            municipality=municipality, community=communities[index], logged_by=coordinator
        )
        CommitmentFactory(municipality=municipality, community=communities[index],
                          interaction=interaction, owner=coordinator)


PAGES = ["networks:community_list", "networks:organisation_list", "networks:person_list",
         "interaction_list", "commitment_list", "dashboard"]


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize("name", PAGES)
def test_page_query_count_is_constant(coordinator_client, municipality, coordinator, rows, name,
                                      django_assert_max_num_queries):
    _populate(municipality, coordinator, rows)
    with django_assert_max_num_queries(MAX_QUERIES.get(name, DEFAULT_MAX_QUERIES)):
        response = coordinator_client.get(reverse(name))
    assert response.status_code == 200
    listed = response.context.get("object_list")
    if listed is not None:
        assert len(listed) == min(rows, 25)
