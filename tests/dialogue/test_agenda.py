"""The agenda starts with the community's concerns (002 "Setting the agenda"): open concerns of
the invited communities are proposed first; the coordinator's own items come after."""

import datetime

import pytest
from django.urls import reverse

from coordinator.access import Actor
from coordinator.models import Role
from dialogue import services
from dialogue.models import AgendaItem, Meeting
from engagement.models import ConcernState
from tests.factories import CommunityFactory, OrganisationFactory, member

from .factories import ConcernFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _titles(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position")
                .values_list("title", flat=True))


@pytest.fixture
def harbour(municipality):
    return CommunityFactory(municipality=municipality, name="Harbour quarter")


def test_open_concerns_of_invited_communities_come_first(actor, municipality, harbour):
    other = CommunityFactory(municipality=municipality, name="Not invited")
    today = datetime.date.today()
    newer = ConcernFactory(municipality=municipality, community=harbour, topic="Housing repairs",
                           raised_on=today)
    older = ConcernFactory(municipality=municipality, community=harbour, topic="Parking",
                           raised_on=today - datetime.timedelta(days=30),
                           state=ConcernState.ROUTED)
    ConcernFactory(municipality=municipality, community=harbour, topic="Answered already",
                   state=ConcernState.ANSWERED)
    ConcernFactory(municipality=municipality, community=other, topic="Elsewhere")
    meeting = MeetingFactory(municipality=municipality)
    meeting.invited_communities.add(harbour)

    proposal = services.propose_agenda(actor, meeting, ["Our prevention plan", "  ", "Next steps"])

    assert [p.title for p in proposal] == ["Parking", "Housing repairs", "Our prevention plan",
                                           "Next steps"]
    assert [p.concern for p in proposal] == [older, newer, None, None]


def test_planning_a_meeting_opens_the_agenda_with_the_concerns(coordinator_client, municipality,
                                                               harbour):
    ConcernFactory(municipality=municipality, community=harbour, topic="Traffic safety")
    response = coordinator_client.post(reverse("dialogue:meeting_create"), {
        "title": "Partners together", "kind": "heterogeneous", "held_on": "2030-05-01",
        "invited_communities": [harbour.pk], "own_agenda": "Our plan\nNext steps",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(title="Partners together")
    assert _titles(meeting) == ["Traffic safety", "Our plan", "Next steps"]
    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert page.index("Traffic safety") < page.index("Our plan")
    assert "raised by the community" in page


def test_proposing_later_puts_new_concerns_before_the_coordinators_items(actor, municipality,
                                                                        harbour):
    meeting = MeetingFactory(municipality=municipality)
    meeting.invited_communities.add(harbour)
    first = ConcernFactory(municipality=municipality, community=harbour, topic="Parking")
    services.apply_proposal(actor, meeting, ["Our plan"])
    assert _titles(meeting) == ["Parking", "Our plan"]
    ConcernFactory(municipality=municipality, community=harbour, topic="Street lighting")

    added = services.apply_proposal(actor, meeting)

    assert [item.title for item in added] == ["Street lighting"]
    assert _titles(meeting) == ["Parking", "Street lighting", "Our plan"]
    assert services.apply_proposal(actor, meeting) == []  # no concern is proposed twice
    assert AgendaItem.objects.get(title="Parking").concern == first


def test_the_propose_button_and_the_version_it_bumps(coordinator_client, municipality, harbour):
    meeting = MeetingFactory(municipality=municipality)
    meeting.invited_communities.add(harbour)
    ConcernFactory(municipality=municipality, community=harbour, topic="Noise at night")
    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "1 open concern of the invited communities is not on the agenda yet." in page
    version = Meeting.objects.get(pk=meeting.pk).lock_version
    response = coordinator_client.post(reverse("dialogue:agenda_propose", args=[meeting.pk]))
    assert response.status_code == 302
    assert _titles(meeting) == ["Noise at night"]
    assert Meeting.objects.get(pk=meeting.pk).lock_version == version + 1


def test_only_concerns_the_actor_may_see_are_proposed(municipality, harbour):
    """An assessor reads concerns; a partner professional with no agreement reads none; a
    concern of another municipality is never proposed, even through a forged link."""
    meeting = MeetingFactory(municipality=municipality)
    meeting.invited_communities.add(harbour)
    ConcernFactory(municipality=municipality, community=harbour, topic="Shared worry")
    other_town = CommunityFactory(name="Other town's community")
    meeting.invited_communities.add(other_town)  # a forged link across municipalities
    ConcernFactory(municipality=other_town.municipality, community=other_town, topic="Foreign")
    assessor = member(municipality, Role.ASSESSOR)
    reader = Actor(assessor, assessor.memberships.get())
    assert [p.title for p in services.propose_agenda(reader, meeting)] == ["Shared worry"]
    partner = member(municipality, Role.PARTNER_PROFESSIONAL,
                     organisation=OrganisationFactory(municipality=municipality))
    outsider = Actor(partner, partner.memberships.get())
    assert services.propose_agenda(outsider, meeting, ["Own item"]) == [
        services.ProposedItem("Own item")]


def _agenda_data(meeting, rows, version):
    data = {"lock_version": str(version), "agenda-TOTAL_FORMS": str(len(rows)),
            "agenda-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
            "agenda-MIN_NUM_FORMS": "0", "agenda-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"agenda-{index}-{key}"] = value
    return data


def test_the_agenda_page_reorders_edits_and_removes(coordinator_client, actor, municipality):
    meeting = MeetingFactory(municipality=municipality)
    services.apply_proposal(actor, meeting, ["One", "Two", "Three"])
    one, two, three = AgendaItem.objects.filter(meeting=meeting).order_by("position")
    url = reverse("dialogue:meeting_agenda", args=[meeting.pk])
    assert coordinator_client.get(url).status_code == 200
    version = Meeting.objects.get(pk=meeting.pk).lock_version
    response = coordinator_client.post(url, _agenda_data(meeting, [
        {"id": one.pk, "position": "3", "title": "One, later"},
        {"id": two.pk, "position": "1", "title": "Two"},
        {"id": three.pk, "position": "2", "title": "Three", "DELETE": "on"},
        {"position": "2", "title": "New"},
    ], version))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _titles(meeting) == ["Two", "New", "One, later"]
    # A page opened before this save is refused: nothing of it is saved.
    stale = coordinator_client.post(url, _agenda_data(meeting, [
        {"id": two.pk, "position": "1", "title": "Overwritten"}], version))
    assert stale.status_code == 200
    assert "Someone else changed this meeting" in stale.content.decode()
    assert _titles(meeting) == ["Two", "New", "One, later"]
