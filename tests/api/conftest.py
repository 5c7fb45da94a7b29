"""Fixtures of the read API: one record of every resource in the home municipality
(``records``) and in a foreign one (``foreign_records``), the police with a partner
professional, ``make_agreement(**fields)`` binding the police, and ``token_client(user)``: a
client that sends a fresh token of ``user`` (made through the service) and no session."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from actionplans import services as plan_services
from api import services
from coordinator.access import InformationCategory, actor_for
from coordinator.models import Role
from dialogue.models import Meeting, MeetingKind, MeetingOrganisation, SafeSpace
from sharing.models import Agreement, AgreementParty, AgreementState
from tests.factories import (
    CommitmentFactory,
    CommunityFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    member,
)

SPECIAL = "Wwspecial"


def build_records(municipality, marker: str) -> dict:
    """One record of every resource of the API, named with ``marker``."""
    coordinator = member(municipality, Role.COORDINATOR)
    community = CommunityFactory(municipality=municipality, name=f"{marker} community",
                                 ethnicity=f"{SPECIAL} ethnicity", faith=f"{SPECIAL} faith")
    quiet = CommunityFactory(municipality=municipality, name=f"{marker} quiet community")
    school = OrganisationFactory(municipality=municipality, name=f"{marker} school",
                                 kind="school")
    school.communities.add(community)
    person = PersonFactory(municipality=municipality, name=f"{marker} person",
                           organisation=school)
    person.communities.add(community)
    interaction = InteractionFactory(municipality=municipality, community=community,
                                     needs_heard=f"{marker} need", logged_by=coordinator)
    interaction.people.add(person)
    interaction.organisations.add(school)
    commitment = CommitmentFactory(municipality=municipality, community=community,
                                   organisation=school, interaction=interaction,
                                   description=f"{marker} promise", owner=coordinator)
    space = SafeSpace.objects.create(municipality=municipality, name=f"{marker} hall",
                                     place=f"{marker} street")
    meeting = Meeting.objects.create(
        municipality=municipality, title=f"{marker} meeting", kind=MeetingKind.ROUND_TABLE,
        held_on=timezone.localdate() + datetime.timedelta(days=3), safe_space=space,
        organiser=coordinator, notes=f"{marker} private notes")
    meeting.invited_communities.add(community)
    MeetingOrganisation.objects.create(meeting=meeting, organisation=school)
    plan, version = plan_services.create_plan(municipality, f"{marker} plan", by=coordinator)
    version.vision = f"{marker} vision"
    version.save()
    return {"coordinator": coordinator, "community": community, "quiet_community": quiet,
            "school": school, "person": person, "interaction": interaction,
            "commitment": commitment, "safe_space": space, "meeting": meeting, "plan": plan,
            "version": version}


@pytest.fixture
def records(municipality):
    return build_records(municipality, "Yyhome")


@pytest.fixture
def foreign_records(other_municipality):
    return build_records(other_municipality, "Zzforeign")


@pytest.fixture
def police(municipality):
    return OrganisationFactory(municipality=municipality, name="Yyhome police", kind="police")


@pytest.fixture
def partner(municipality, police):
    return member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police)


@pytest.fixture
def make_agreement(municipality, police):
    def make(categories, communities=(), **fields):
        agreement = Agreement.objects.create(
            municipality=municipality, title=f"Agreement {Agreement._base_manager.count() + 1}",
            purpose="Casework", categories=list(categories), lawful_basis="public_task",
            starts_on=timezone.localdate() - datetime.timedelta(days=1),
            state=AgreementState.ACTIVE, **fields)
        agreement.communities.set(communities)
        AgreementParty.objects.create(agreement=agreement, organisation=police,
                                      contact_name="Desk officer")
        return agreement
    return make


def make_token(user, municipality, name="script") -> str:
    """The raw secret of a new token of ``user`` in ``municipality``."""
    return services.create_token(actor_for(user, municipality.pk), name)[1]


def bearer(raw: str) -> Client:
    """A client without a session that sends ``raw`` as its token."""
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def token_client(municipality):
    def make(user, in_municipality=None):
        return bearer(make_token(user, in_municipality or municipality))
    return make


CATEGORIES = InformationCategory
