"""The portal's lists run a constant number of queries, however many meetings, concerns and
promises the organisation has (the organisation's own rows are prefetched, never read per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogue.models import AgendaItem, Attendance
from engagement.models import CommitmentStatus
from portal.models import CommitmentResponse
from tests.dialogue.factories import InvitationFactory, MeetingFactory, SafeSpaceFactory
from tests.factories import CommitmentFactory, ConcernFactory

pytestmark = pytest.mark.django_db

PAGES = ["portal:home", "portal:meeting_list", "portal:concern_list", "portal:commitment_list"]
#: session, user, membership, the organisation and its communities, count and page, and what
#: each list prefetches. Home gathers several summaries (and the assessing status) besides.
MAX_QUERIES = {"portal:home": 17}
DEFAULT_MAX_QUERIES = 10


def _populate(municipality, organisation, neighbour, rows):
    for index in range(rows):
        meeting = MeetingFactory(municipality=municipality,
                                 safe_space=SafeSpaceFactory(municipality=municipality))
        InvitationFactory(meeting=meeting, organisation=organisation,
                          attendance=Attendance.CAME if index % 2 else Attendance.UNKNOWN)
        InvitationFactory(meeting=meeting, organisation=neighbour)
        AgendaItem.objects.create(meeting=meeting, title="Parking", position=1,
                                  proposed_by_organisation=organisation)
        ConcernFactory(municipality=municipality, raised_by_organisation=organisation,
                       topic=f"Concern {index}")
        commitment = CommitmentFactory(
            municipality=municipality, organisation=organisation,
            status=CommitmentStatus.DELIVERED if index % 3 == 0 else CommitmentStatus.OPEN)
        if index % 2:
            CommitmentResponse.objects.create(
                municipality=municipality, commitment=commitment, organisation=organisation,
                delivered=True)


def _queries(client, name) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name))
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("name", PAGES)
def test_portal_list_query_count_does_not_grow(municipality, organisation, neighbour, rep, name):
    _populate(municipality, organisation, neighbour, 3)
    few, _response = _queries(rep, name)
    _populate(municipality, organisation, neighbour, 30)
    many, response = _queries(rep, name)
    assert many == few, f"{name}: {few} queries with 3 rows, {many} with 33"
    assert many <= MAX_QUERIES.get(name, DEFAULT_MAX_QUERIES)
    listed = response.context.get("object_list")
    if listed is not None:
        assert len(listed) == 20  # a full page: the rows were really rendered
