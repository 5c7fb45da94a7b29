"""Agreements and the people around them: a municipal admin, a coordinator, an assessor, the
police (a partner organisation) with one of its professionals, a school with none, a portal
user and the admin of another municipality."""

import datetime

import pytest
from django.utils import timezone

from coordinator.access import InformationCategory
from coordinator.models import Role
from sharing.models import Agreement, AgreementParty, AgreementState
from tests.factories import CommunityFactory, OrganisationFactory, member

TODAY = timezone.localdate


def make_agreement(municipality, *organisations, **fields):
    """An agreement of ``municipality`` binding ``organisations`` (active from today, covering
    interaction notes, unless ``fields`` say otherwise)."""
    values = {
        "title": "Safety House", "purpose": "Multi-agency case consultations",
        "categories": [InformationCategory.INTERACTION_NOTES], "lawful_basis": "public_task",
        "starts_on": TODAY(), "state": AgreementState.ACTIVE, "signed_off_by": "Mayor",
        "signed_off_role": "Mayor", "signed_off_on": TODAY() - datetime.timedelta(days=3),
        **fields,
    }
    communities = values.pop("communities", ())
    agreement = Agreement.objects.create(municipality=municipality, **values)
    agreement.communities.set(communities)
    for organisation in organisations:
        AgreementParty.objects.create(agreement=agreement, organisation=organisation,
                                      contact_name=f"Desk officer of {organisation.name}",
                                      contact_email="desk@example.org")
    return agreement


class People:
    def __init__(self, municipality, other_municipality, client_for):
        self.police = OrganisationFactory(municipality=municipality, name="Police of Sarcelles",
                                          kind="police")
        self.school = OrganisationFactory(municipality=municipality, name="Lycée Jean-Jaurès",
                                          kind="school")
        self.community = CommunityFactory(municipality=municipality, name="Young people")
        self.foreign_org = OrganisationFactory(municipality=other_municipality,
                                               name="Foreign youth service")
        self.foreign_community = CommunityFactory(municipality=other_municipality,
                                                  name="Foreign neighbourhood")
        self.admin_user = member(municipality, Role.MUNICIPAL_ADMIN)
        self.partner_user = member(municipality, Role.PARTNER_PROFESSIONAL,
                                   organisation=self.police)
        self.clients = {
            "admin": client_for(self.admin_user),
            "coordinator": client_for(member(municipality, Role.COORDINATOR)),
            "assessor": client_for(member(municipality, Role.ASSESSOR)),
            "partner": client_for(self.partner_user),
            "unbound": client_for(member(municipality, Role.PARTNER_PROFESSIONAL,
                                        organisation=self.school)),
            "portal": client_for(member(municipality, Role.COMMUNITY_REPRESENTATIVE,
                                        organisation=self.school)),
            "outsider": client_for(member(other_municipality, Role.MUNICIPAL_ADMIN)),
        }

    def __getattr__(self, name):
        try:
            return self.__dict__["clients"][name]
        except KeyError:
            raise AttributeError(name) from None


@pytest.fixture
def people(municipality, other_municipality, client_for):
    return People(municipality, other_municipality, client_for)


@pytest.fixture
def agreement(municipality, people):
    return make_agreement(municipality, people.police)
