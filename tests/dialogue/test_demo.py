"""The demo's safe spaces and meetings (issue 9 "Demo data")."""

import pytest

from demo.loader import load_demo
from dialogue.models import Meeting, MeetingFollowUp, SafeSpace
from dialogue.stages import STAGE_OF_KIND, NetworkStage

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    return load_demo()


def test_a_safe_space_with_its_rules_in_each_municipality(loaded):
    for slug in ("vilvoorde", "sarcelles", "rotterdam", "manchester"):
        spaces = SafeSpace.objects.filter(municipality__slug=slug)
        assert spaces.exists(), slug
        assert all(s.sensitive_information and s.language and s.accessibility for s in spaces)


def test_vilvoordes_three_network_steps(loaded):
    meetings = Meeting.objects.filter(municipality__slug="vilvoorde")
    assert {STAGE_OF_KIND[m.kind] for m in meetings} == set(NetworkStage)


def test_sarcelles_dialogue_evening(loaded):
    evening = Meeting.objects.get(municipality__slug="sarcelles", kind="dialogue_event")
    assert evening.absent_communities.count() == 2
    assert evening.takeaways_sent_on is not None
    assert evening.safe_space.notes_taken is False and evening.notes == ""
    follow_up = MeetingFollowUp.objects.get(meeting=evening)
    assert follow_up.commitment.municipality_id == evening.municipality_id


def test_no_meeting_crosses_municipality(loaded):
    for meeting in Meeting.objects.all():
        m = meeting.municipality_id
        assert meeting.safe_space is None or meeting.safe_space.municipality_id == m
        assert {c.municipality_id for c in meeting.invited_communities.all()} <= {m}
        assert {c.municipality_id for c in meeting.absent_communities.all()} <= {m}
        assert {r.organisation.municipality_id for r in meeting.invitations.all()} <= {m}
        assert {r.person.municipality_id for r in meeting.participants.all()} <= {m}
        assert {i.concern.municipality_id for i in meeting.agenda_items.all()
                if i.concern} <= {m}
