"""Meetings shared under an information-sharing agreement (category "meetings"), limited to
some communities: a partner professional reads the meetings inviting those communities, with
their agenda and safe space, never their notes, and every page they read is logged."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coordinator.access import InformationCategory
from coordinator.models import Role
from sharing.models import AccessEvent, Agreement, AgreementParty, AgreementState
from tests.factories import CommunityFactory, OrganisationFactory, member

from .factories import MeetingFactory, SafeSpaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_client(municipality, client_for):
    police = OrganisationFactory(municipality=municipality, name="Police", kind="police")
    harbour = CommunityFactory(municipality=municipality, name="Harbour quarter")
    agreement = Agreement.objects.create(
        municipality=municipality, title="Meetings with the police", purpose="Safety",
        categories=[InformationCategory.MEETINGS], lawful_basis="public_task",
        starts_on=timezone.localdate(), state=AgreementState.ACTIVE)
    agreement.communities.set([harbour])
    AgreementParty.objects.create(agreement=agreement, organisation=police, contact_name="Desk")
    client = client_for(member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police))
    client.harbour = harbour
    return client


def test_a_partner_reads_the_meetings_of_the_agreed_communities(partner_client, municipality):
    space = SafeSpaceFactory(municipality=municipality, name="Harbour library")
    shared = MeetingFactory(municipality=municipality, title="Harbour evening", safe_space=space,
                            notes="Who said what")
    shared.invited_communities.add(partner_client.harbour)
    shared.agenda_items.create(position=1, title="Street lighting")
    other = MeetingFactory(municipality=municipality, title="Elsewhere evening")
    other.invited_communities.add(CommunityFactory(municipality=municipality))

    listing = partner_client.get(reverse("dialogue:meeting_list"))
    assert [m.title for m in listing.context["object_list"]] == ["Harbour evening"]
    page = partner_client.get(shared.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Street lighting" in text and "Harbour library" in text
    assert "Who said what" not in text  # notes are for those who may change the meeting
    assert partner_client.get(other.get_absolute_url()).status_code == 404
    assert partner_client.get(reverse("dialogue:meeting_update",
                                      args=[shared.pk])).status_code == 403
    logged = {(e.view, e.model): e.object_ids for e in AccessEvent.objects.all()}
    assert logged[("dialogue:meeting_list", "dialogue.meeting")] == [shared.pk]
    assert logged[("dialogue:meeting_detail", "dialogue.meeting")] == [shared.pk]
    assert ("dialogue:meeting_detail", "dialogue.agendaitem") in logged
