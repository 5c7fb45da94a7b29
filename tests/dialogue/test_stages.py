"""The network-building stage of each organisation is derived from the meetings it came to
(003 "How to create a local network in 3 steps")."""

import datetime

import pytest
from django.urls import reverse

from coordinator.access import Actor
from coordinator.models import Role
from dialogue.models import Attendance, MeetingKind
from dialogue.stages import NetworkStage, annotate_stages, organisation_stage
from networks.models import Organisation
from tests.factories import OrganisationFactory, member

from .factories import InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _came(organisation, kind, attendance=Attendance.CAME, days_ago=10):
    meeting = MeetingFactory(municipality=organisation.municipality, kind=kind,
                             held_on=datetime.date.today() - datetime.timedelta(days=days_ago))
    InvitationFactory(meeting=meeting, organisation=organisation, attendance=attendance)
    return meeting


@pytest.mark.parametrize(("kinds", "expected"), [
    ([], None),
    ([MeetingKind.ONE_ON_ONE], NetworkStage.INDIVIDUAL_OUTREACH),
    ([MeetingKind.ONE_ON_ONE, MeetingKind.HOMOGENEOUS], NetworkStage.HOMOGENEOUS_GROUP),
    ([MeetingKind.TRAINING], NetworkStage.HOMOGENEOUS_GROUP),
    ([MeetingKind.HETEROGENEOUS, MeetingKind.ONE_ON_ONE], NetworkStage.HETEROGENEOUS_GROUP),
    ([MeetingKind.DIALOGUE_EVENT], NetworkStage.HETEROGENEOUS_GROUP),
    ([MeetingKind.ROUND_TABLE], NetworkStage.HETEROGENEOUS_GROUP),
])
def test_the_stage_is_the_highest_of_the_meetings_it_came_to(actor, municipality, kinds,
                                                              expected):
    school = OrganisationFactory(municipality=municipality)
    for days_ago, kind in enumerate(kinds, start=1):
        _came(school, kind, days_ago=days_ago)
    summary = organisation_stage(actor, school)
    assert summary.stage == expected
    assert summary.meetings_attended == len(kinds)
    assert summary.last_attended_on == (
        datetime.date.today() - datetime.timedelta(days=1) if kinds else None)


def test_invitations_not_answered_by_coming_do_not_count(actor, municipality):
    club = OrganisationFactory(municipality=municipality)
    _came(club, MeetingKind.ONE_ON_ONE)
    _came(club, MeetingKind.HETEROGENEOUS, attendance=Attendance.DID_NOT_COME)
    _came(club, MeetingKind.HOMOGENEOUS, attendance=Attendance.UNKNOWN)
    assert organisation_stage(actor, club).stage == NetworkStage.INDIVIDUAL_OUTREACH


def test_a_reader_who_sees_no_meetings_is_told_nothing(municipality):
    club = OrganisationFactory(municipality=municipality)
    _came(club, MeetingKind.HETEROGENEOUS)
    partner = member(municipality, Role.PARTNER_PROFESSIONAL, organisation=club)
    assert organisation_stage(Actor(partner, partner.memberships.get()), club) is None


def test_the_list_annotation_matches_one_by_one(actor, municipality):
    first, second, third = OrganisationFactory.create_batch(3, municipality=municipality)
    _came(first, MeetingKind.HOMOGENEOUS)
    _came(second, MeetingKind.HETEROGENEOUS)
    rows = dict(annotate_stages(actor, Organisation.objects.filter(municipality=municipality))
                .values_list("pk", "network_stage"))
    assert rows == {first.pk: 2, second.pk: 3, third.pk: 0}


def test_the_organisation_page_and_the_overview_show_the_stage(coordinator_client, municipality):
    school = OrganisationFactory(municipality=municipality, name="Harbour school")
    OrganisationFactory(municipality=municipality, name="Quiet club")
    _came(school, MeetingKind.HOMOGENEOUS)
    page = coordinator_client.get(school.get_absolute_url()).content.decode()
    assert "Building the network" in page
    assert "2. Together with partners of the same sector" in page
    assert "Came to 1 meeting" in page
    overview = coordinator_client.get(reverse("dialogue:network_overview"))
    listed = {o.name: o.network_stage for o in overview.context["object_list"]}
    assert listed == {"Harbour school": 2, "Quiet club": 0}
    assert [n for _value, _label, n in overview.context["stages"]] == [1, 0, 1, 0]
    filtered = coordinator_client.get(reverse("dialogue:network_overview") + "?stage=2")
    assert [o.name for o in filtered.context["object_list"]] == ["Harbour school"]
