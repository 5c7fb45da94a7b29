"""Fixtures for information sharing: a police organisation with a partner professional, a
municipal admin, and ``make_agreement(**fields)`` binding the police (active today, interaction
notes, unless told otherwise). For the agreement screens: ``people`` (every role as a signed-in
client) and ``new_agreement(municipality, *organisations, **fields)``."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordinator.access import InformationCategory
from coordinator.models import Role
from sharing.models import AccessEvent, Agreement, AgreementParty, AgreementState
from tests.factories import CommunityFactory, OrganisationFactory, member


@pytest.fixture
def police(municipality):
    return OrganisationFactory(municipality=municipality, name="Police Sarcelles", kind="police")


@pytest.fixture
def partner(municipality, police):
    return member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police)


@pytest.fixture
def admin(municipality):
    return member(municipality, Role.MUNICIPAL_ADMIN)


@pytest.fixture
def make_agreement(municipality, police):
    def make(*, parties=None, communities=(), **fields):
        values = {"title": f"Agreement {Agreement._base_manager.count() + 1}",
                  "purpose": "Multi-agency casework",
                  "categories": [InformationCategory.INTERACTION_NOTES],
                  "lawful_basis": "public_task", "starts_on": timezone.localdate(),
                  "state": AgreementState.ACTIVE, **fields}
        agreement = Agreement.objects.create(municipality=municipality, **values)
        agreement.communities.set(communities)
        for organisation in parties if parties is not None else [police]:
            AgreementParty.objects.create(agreement=agreement, organisation=organisation,
                                          contact_name="Desk officer")
        return agreement
    return make


def event_inserts(queries) -> list[str]:
    """The INSERT statements into the access-event table among captured ``queries``."""
    table = AccessEvent._meta.db_table
    return [q["sql"] for q in queries
            if q["sql"].lstrip().upper().startswith("INSERT") and table in q["sql"]]


@pytest.fixture
def get_logged():
    """``get_logged(client, url)``: the response and the INSERTs into the access-event table
    the request made (streamed content consumed inside the capture)."""
    def get(client, url, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **kwargs)
            if response.streaming:
                response.content_bytes = b"".join(response.streaming_content)
        return response, event_inserts(queries.captured_queries)
    return get


# --------------------------------------------------------------------------- the screens' tests
# (register, terms, transitions, evaluations, partners' workspace): every role as a client.

TODAY = timezone.localdate


def new_agreement(municipality, *organisations, **fields):
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
    return new_agreement(municipality, people.police)
