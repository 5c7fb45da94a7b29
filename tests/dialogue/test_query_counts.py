"""Every list of the dialogue app runs a constant number of queries, however many rows exist
(the counts per row are correlated subqueries, never a query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogue.models import Attendance, MeetingKind
from tests.factories import CommunityFactory, OrganisationFactory

from .factories import InvitationFactory, MeetingFactory, SafeSpaceFactory

pytestmark = pytest.mark.django_db

PAGES = ["dialogue:meeting_list", "dialogue:safespace_list", "dialogue:network_overview",
         "dialogue:calendar_feed"]


def _populate(municipality, coordinator, rows, offset):
    kinds = list(MeetingKind)
    for index in range(rows):
        space = SafeSpaceFactory(municipality=municipality, name=f"Hall {offset + index}")
        organisation = OrganisationFactory(municipality=municipality,
                                           name=f"Organisation {offset + index}")
        meeting = MeetingFactory(municipality=municipality, safe_space=space,
                                 kind=kinds[index % len(kinds)], organiser=coordinator)
        meeting.invited_communities.add(CommunityFactory(municipality=municipality))
        InvitationFactory(meeting=meeting, organisation=organisation,
                          attendance=Attendance.CAME if index % 2 else Attendance.UNKNOWN)


def _queries(client, name) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", PAGES)
def test_list_query_count_does_not_grow(coordinator_client, municipality, coordinator, name):
    _populate(municipality, coordinator, 3, 0)
    few = _queries(coordinator_client, name)
    _populate(municipality, coordinator, 40, 100)
    many = _queries(coordinator_client, name)
    assert many == few, f"{name}: {few} queries with 3 rows, {many} with 43"
    assert many <= 14


def test_the_meeting_page_query_count_does_not_grow(coordinator_client, municipality,
                                                    coordinator):
    meeting = MeetingFactory(municipality=municipality, organiser=coordinator)
    few = _queries_of(coordinator_client, meeting.get_absolute_url())
    for index in range(30):
        InvitationFactory(meeting=meeting, organisation=OrganisationFactory(
            municipality=municipality, name=f"Guest {index}"))
        meeting.invited_communities.add(CommunityFactory(municipality=municipality))
    assert _queries_of(coordinator_client, meeting.get_absolute_url()) == few


def _queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
