"""A small network for the sociogram: two communities, an informal association and a formal
school in the first, a police force in the second, people of each, and ``relate(...)`` and
``attend(...)`` to tie them by hand or through meetings. ``partner`` is a partner professional
of the police whose agreement opens organisations and contacts of the first community only."""

import datetime

import pytest
from django.utils import timezone

from coordinator.access import InformationCategory
from coordinator.models import Role
from dialogue.models import Attendance, Meeting, MeetingKind, MeetingOrganisation, MeetingPerson
from sharing.models import Agreement, AgreementParty, AgreementState
from sociogram.models import Relationship
from tests.factories import CommunityFactory, OrganisationFactory, PersonFactory, member


class Network:
    def __init__(self, municipality):
        self.municipality = municipality
        self.east = CommunityFactory(municipality=municipality, name="East end")
        self.west = CommunityFactory(municipality=municipality, name="West end")
        self.association = OrganisationFactory(municipality=municipality,
                                               name="Mothers' association",
                                               kind="community_organisation")
        self.school = OrganisationFactory(municipality=municipality, name="North school",
                                          kind="school")
        self.police = OrganisationFactory(municipality=municipality, name="Town police",
                                          kind="police")
        self.association.communities.add(self.east)
        self.school.communities.add(self.east)
        self.police.communities.add(self.west)
        self.chair = PersonFactory(municipality=municipality, name="Chair of the mothers",
                                   organisation=self.association)
        self.teacher = PersonFactory(municipality=municipality, name="Head teacher",
                                     organisation=self.school)
        self.officer = PersonFactory(municipality=municipality, name="Neighbourhood officer",
                                     organisation=self.police)
        # In the east end, but of an organisation (the police) of the west end only.
        self.liaison = PersonFactory(municipality=municipality, name="Liaison officer",
                                     organisation=self.police)
        self.chair.communities.add(self.east)
        self.teacher.communities.add(self.east)
        self.officer.communities.add(self.west)
        self.liaison.communities.add(self.east)

    def relate(self, source, kind, target, strength=2, note=""):
        ends = {}
        for side, record in (("from", source), ("to", target)):
            ends[f"{side}_{record._meta.model_name}"] = record
        return Relationship.objects.create(municipality=self.municipality, kind=kind,
                                           strength=strength, note=note, **ends)

    def meeting(self, days_ago=7, title="Dialogue evening"):
        return Meeting.objects.create(
            municipality=self.municipality, title=title, kind=MeetingKind.DIALOGUE_EVENT,
            held_on=timezone.localdate() - datetime.timedelta(days=days_ago))

    @staticmethod
    def attend(meeting, *records, attendance=Attendance.CAME):
        for record in records:
            if record._meta.model_name == "person":
                MeetingPerson.objects.create(meeting=meeting, person=record,
                                             attendance=attendance)
            else:
                MeetingOrganisation.objects.create(meeting=meeting, organisation=record,
                                                   attendance=attendance)


@pytest.fixture
def network(municipality):
    return Network(municipality)


@pytest.fixture
def partner(municipality, network):
    """A partner professional of the police, whose active agreement opens organisations and
    contacts (and meetings) of the east end only."""
    agreement = Agreement.objects.create(
        municipality=municipality, title="Contacts of the east end", purpose="Casework",
        categories=[InformationCategory.ORGANISATIONS_AND_CONTACTS],
        lawful_basis="public_task", starts_on=timezone.localdate(),
        state=AgreementState.ACTIVE)
    agreement.communities.set([network.east])
    AgreementParty.objects.create(agreement=agreement, organisation=network.police,
                                  contact_name="Desk officer")
    return member(municipality, Role.PARTNER_PROFESSIONAL, organisation=network.police)
