"""Meetings and concerns in the portal (issue 10): the meetings the organisation is invited to,
what came out of them once sent back, proposing a concern for the agenda of an upcoming one
(002 "Setting the agenda": shaped by the community first), and the concerns it raised with
where each one stands, in plain words."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogue.models import AgendaItem
from engagement.models import Concern, ConcernState
from tests.dialogue.factories import InvitationFactory, MeetingFactory, SafeSpaceFactory
from tests.factories import CommunityFactory, ConcernFactory

from .conftest import assert_plain_words, page, token_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days(n):
    return TODAY() + datetime.timedelta(days=n)


@pytest.fixture
def upcoming(municipality, organisation):
    meeting = MeetingFactory(municipality=municipality, title="Evening of the harbour",
                             held_on=days(10), safe_space=SafeSpaceFactory(
                                 municipality=municipality, place="Library, Quay 4"))
    InvitationFactory(meeting=meeting, organisation=organisation)
    AgendaItem.objects.create(meeting=meeting, position=1, title="Welcome")
    AgendaItem.objects.create(meeting=meeting, position=2, title="Street lighting")
    return meeting


@pytest.fixture
def past(municipality, organisation):
    meeting = MeetingFactory(municipality=municipality, title="Spring dialogue", held_on=days(-20),
                             takeaways="More lights on the quay by autumn.",
                             takeaways_sent_on=days(-15), notes="Internal: who said what.")
    InvitationFactory(meeting=meeting, organisation=organisation)
    return meeting


@pytest.fixture
def neighbours_meeting(municipality, neighbour):
    meeting = MeetingFactory(municipality=municipality, title="Youth round table",
                             held_on=days(5))
    InvitationFactory(meeting=meeting, organisation=neighbour)
    return meeting


# --------------------------------------------------------------------------- meetings


def test_the_list_shows_only_the_meetings_the_organisation_is_invited_to(
        municipality, upcoming, past, neighbours_meeting, rep):
    MeetingFactory(municipality=municipality, title="Staff meeting nobody is invited to")
    response = rep.get(reverse("portal:meeting_list"))
    html = page(response)
    assert [m.title for m in response.context["meetings"]] == [
        "Evening of the harbour", "Spring dialogue"]
    assert "You took part" in html
    assert "Youth round table" not in html and "Staff meeting" not in html


def test_the_detail_shows_the_agenda_and_not_yet_any_takeaways(upcoming, rep):
    html = page(rep.get(reverse("portal:meeting_detail", args=[upcoming.pk])))
    assert "Library, Quay 4" in html
    assert html.index("Welcome") < html.index("Street lighting")
    assert "Add a concern or a topic" in html
    assert "What came out of it" not in html


def test_takeaways_show_once_they_are_sent(municipality, organisation, past, rep):
    html = page(rep.get(reverse("portal:meeting_detail", args=[past.pk])))
    assert "More lights on the quay by autumn." in html and "What came out of it" in html
    assert "Internal: who said what." not in html
    assert "Add a concern or a topic" not in html  # it has taken place

    unsent = MeetingFactory(municipality=municipality, held_on=days(-3),
                            takeaways="Draft takeaways, not agreed yet.")
    InvitationFactory(meeting=unsent, organisation=organisation)
    html = page(rep.get(reverse("portal:meeting_detail", args=[unsent.pk])))
    assert "Draft takeaways" not in html
    assert "The municipality will send you what came out of this meeting." in html


def test_another_organisations_meeting_is_not_found(neighbours_meeting, rep):
    for name in ("portal:meeting_detail", "portal:meeting_propose"):
        assert rep.get(reverse(name, args=[neighbours_meeting.pk])).status_code == 404
    response = rep.post(reverse("portal:meeting_propose", args=[neighbours_meeting.pk]),
                        {"kind": "concern", "title": "Slipped in"})
    assert response.status_code == 404
    assert not Concern.objects.exists()
    assert not AgendaItem.objects.filter(title="Slipped in").exists()


# --------------------------------------------------------------------------- proposing


def propose(rep, meeting, **data):
    url = reverse("portal:meeting_propose", args=[meeting.pk])
    form = rep.get(url)
    return rep.post(url, {"kind": "concern", "description": "",
                          "submission_token": token_of(form), **data})


def test_a_concern_proposed_for_an_upcoming_meeting_goes_at_the_end_of_its_agenda(
        organisation, community, upcoming, rep):
    response = propose(rep, upcoming, title="Rats near the school",
                       description="Every evening since May.")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:meeting_detail", args=[upcoming.pk])

    concern = Concern.objects.get()
    assert (concern.topic, concern.description, concern.raised_by_organisation,
            concern.community, concern.state) == (
        "Rats near the school", "Every evening since May.", organisation, community,
        ConcernState.OPEN)
    item = AgendaItem.objects.get(meeting=upcoming, concern=concern)
    assert item.position == 3 and item.title == "Rats near the school"
    assert item.proposed_by_organisation == organisation

    html = page(rep.get(response["Location"]))
    assert "Added to the agenda of this meeting." in html
    assert html.index("Street lighting") < html.index("Rats near the school")
    assert "your item" in html
    assert "Rats near the school" in page(rep.get(reverse("portal:concern_list")))


def test_a_topic_is_an_agenda_item_without_a_concern(organisation, upcoming, rep):
    propose(rep, upcoming, kind="item", title="Introduce our new chair")
    item = AgendaItem.objects.get(title="Introduce our new chair")
    assert (item.concern, item.proposed_by_organisation) == (None, organisation)
    assert not Concern.objects.exists()


def test_proposing_twice_with_one_form_adds_one_item(upcoming, rep):
    url = reverse("portal:meeting_propose", args=[upcoming.pk])
    data = {"kind": "concern", "title": "Rats", "submission_token": token_of(rep.get(url))}
    rep.post(url, data)
    rep.post(url, data)
    assert Concern.objects.count() == 1
    assert AgendaItem.objects.filter(title="Rats").count() == 1


def test_a_past_meeting_takes_no_proposal(past, rep):
    url = reverse("portal:meeting_propose", args=[past.pk])
    opened = rep.get(url)
    assert opened.status_code == 302
    assert opened["Location"] == reverse("portal:meeting_detail", args=[past.pk])

    response = rep.post(url, {"kind": "concern", "title": "Too late"})
    assert "This meeting has taken place" in page(response)
    assert not Concern.objects.exists()
    assert not AgendaItem.objects.filter(meeting=past).exists()


# --------------------------------------------------------------------------- concerns


def test_the_concerns_list_says_where_each_stands_in_plain_words(
        municipality, organisation, neighbour, rep):
    def concern(topic, **fields):
        return ConcernFactory(municipality=municipality, raised_by_organisation=organisation,
                              topic=topic, **fields)

    concern("Parking on Fridays")
    concern("Broken lift", state=ConcernState.ROUTED, routed_to_department="Housing")
    concern("Bins not emptied", state=ConcernState.ANSWERED, answered_on=days(-2),
            answer="Collection moves to Tuesday.")
    concern("Noise at night", state=ConcernState.REPORTED_BACK, answered_on=days(-9),
            reported_back_on=days(-8), answer="A patrol on weekends.")
    ConcernFactory(municipality=municipality, raised_by_organisation=neighbour,
                   topic="The neighbours' worry")
    ConcernFactory(municipality=municipality, topic="Heard in an interaction")

    response = rep.get(reverse("portal:concern_list"))
    html = page(response)
    assert len(response.context["concerns"]) == 4
    for text in ("Received: we are looking at it", "Passed on to those who can act on it",
                 "Answered on", "Collection moves to Tuesday.",
                 "Answered and brought back to you on", "A patrol on weekends."):
        assert text in html, text
    assert "The neighbours&#x27; worry" not in html and "Heard in an interaction" not in html
    assert "Housing" not in html  # where it was passed on to is the municipality's business
    assert_plain_words(html)


def test_raising_a_concern_outside_a_meeting(organisation, community, rep):
    url = reverse("portal:concern_create")
    response = rep.post(url, {"topic": "Dark underpass", "description": "Near the station.",
                              "submission_token": token_of(rep.get(url))})
    assert response.status_code == 302 and response["Location"] == reverse("portal:concern_list")
    concern = Concern.objects.get()
    assert (concern.topic, concern.raised_by_organisation, concern.community, concern.state) == (
        "Dark underpass", organisation, community, ConcernState.OPEN)
    assert not concern.agenda_items.exists()
    html = page(rep.get(reverse("portal:concern_list")))
    assert "Dark underpass" in html and "Received: we are looking at it" in html


def test_a_concern_needs_a_topic(rep):
    response = rep.post(reverse("portal:concern_create"), {"topic": "   ", "description": "x"})
    assert response.status_code == 200
    assert not Concern.objects.exists()


def test_a_concern_of_an_organisation_with_several_communities_names_none(
        municipality, organisation, rep):
    organisation.communities.add(CommunityFactory(municipality=municipality))
    rep.post(reverse("portal:concern_create"), {"topic": "Shared worry"})
    assert Concern.objects.get().community is None
