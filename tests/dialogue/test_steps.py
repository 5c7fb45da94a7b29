"""A meeting with a community means dialogue: the evidence dialogue registers with
``networks.steps`` (issue 9 "The network, step by step")."""

import datetime

import pytest

from dialogue.steps import meeting_evidence
from networks.models import EngagementStep
from networks.steps import proposed_steps, registered_step_evidence
from tests.factories import CommunityFactory

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db

DIALOGUE = EngagementStep.DIALOGUE_AND_COLLABORATION.value


def test_a_meeting_held_with_the_community_proposes_dialogue(municipality):
    met, absent, planned, untouched = CommunityFactory.create_batch(4, municipality=municipality)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    held = MeetingFactory(municipality=municipality, held_on=yesterday)
    held.invited_communities.add(met, absent)
    held.absent_communities.add(absent)  # invited, but not at the table
    MeetingFactory(municipality=municipality).invited_communities.add(planned)  # next week

    ids = [met.pk, absent.pk, planned.pk, untouched.pk]
    assert meeting_evidence(ids) == {met.pk: DIALOGUE}
    assert meeting_evidence in registered_step_evidence()  # DialogueConfig.ready()
    proposal = proposed_steps(ids)
    assert proposal[met.pk] == DIALOGUE
    assert proposal[untouched.pk] == EngagementStep.PREPARATIONS.value


def test_one_query_for_a_batch(municipality, django_assert_num_queries):
    communities = CommunityFactory.create_batch(20, municipality=municipality)
    with django_assert_num_queries(1):
        meeting_evidence([c.pk for c in communities])
