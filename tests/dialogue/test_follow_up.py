"""A follow-up of a meeting becomes a commitment in one step, linked back to the meeting (002
step 4: the authority's promises are tracked)."""

import datetime

import pytest
from django.urls import reverse

from coordinator.models import Role
from dialogue.models import MeetingFollowUp
from engagement.models import Commitment
from tests.factories import CommunityFactory, member

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _data(**values):
    due = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    return {"follow_up-description": "Ask the mobility department about Friday parking",
            "follow_up-made_to": "The mosque association", "follow_up-due_on": due, **values}


def test_the_meeting_page_turns_a_follow_up_into_a_commitment(coordinator_client, coordinator,
                                                              municipality):
    harbour = CommunityFactory(municipality=municipality, name="Harbour quarter")
    meeting = MeetingFactory(municipality=municipality)
    meeting.invited_communities.add(harbour)
    page = coordinator_client.get(meeting.get_absolute_url())
    assert "Turn a follow-up into a commitment" in page.content.decode()
    form = page.context["follow_up_form"]
    assert list(form.fields["community"].queryset) == [harbour]

    response = coordinator_client.post(
        reverse("dialogue:follow_up_create", args=[meeting.pk]),
        _data(**{"follow_up-community": harbour.pk, "follow_up-owner": coordinator.pk}))

    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.community == harbour and commitment.owner == coordinator
    assert commitment.municipality == municipality
    assert MeetingFollowUp.objects.get().meeting == meeting
    again = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Ask the mobility department about Friday parking" in again
    # ...and the commitment's page links back to the meeting it was made at.
    back = coordinator_client.get(commitment.get_absolute_url()).content.decode()
    assert f'href="{meeting.get_absolute_url()}"' in back and "Made at the meeting" in back


def test_a_community_of_another_municipality_is_refused(coordinator_client, municipality,
                                                        other_municipality):
    meeting = MeetingFactory(municipality=municipality)
    foreign = CommunityFactory(municipality=other_municipality)
    meeting.invited_communities.add(foreign)  # even through a forged link
    response = coordinator_client.post(
        reverse("dialogue:follow_up_create", args=[meeting.pk]),
        _data(**{"follow_up-community": foreign.pk}))
    assert response.status_code == 200
    assert not Commitment.objects.exists()


def test_readers_may_not_make_promises(client_for, municipality):
    meeting = MeetingFactory(municipality=municipality)
    assessor = client_for(member(municipality, Role.ASSESSOR))
    assert "Turn a follow-up" not in assessor.get(meeting.get_absolute_url()).content.decode()
    response = assessor.post(reverse("dialogue:follow_up_create", args=[meeting.pk]), _data())
    assert response.status_code == 403
    assert not Commitment.objects.exists()
