"""Fixtures of the portal tests: the representative's organisation (with a community, so a
concern raised in the portal takes it), a neighbour organisation of the same municipality whose
records must never show, and the representative as a signed-in client."""

import pytest

from coordinator.models import Role
from networks.models import OrganisationKind
from tests.factories import CommunityFactory, OrganisationFactory, member

#: Words of security that must never appear on a page a community reads (004 "Terminology and
#: language"; 001 "Stigmatisation").
SECURITY_WORDS = ("cleared", "clearance", "vetting", "vetted")


@pytest.fixture
def community(municipality):
    return CommunityFactory(municipality=municipality, name="Harbour quarter",
                            ethnicity="Moroccan-Dutch", faith="Muslim")


@pytest.fixture
def organisation(municipality, community):
    org = OrganisationFactory(municipality=municipality, name="Mothers of the Harbour",
                              kind=OrganisationKind.COMMUNITY_ORGANISATION,
                              mandate="Homework help and a mothers' café.",
                              website="https://mothers.example.org")
    org.communities.add(community)
    return org


@pytest.fixture
def neighbour(municipality):
    """Another organisation of the same municipality: nothing of it may reach the portal."""
    return OrganisationFactory(municipality=municipality, name="Youth House West")


@pytest.fixture
def representative(municipality, organisation):
    return member(municipality, Role.COMMUNITY_REPRESENTATIVE, organisation=organisation,
                  user__first_name="Rachida", user__last_name="Rep")


@pytest.fixture
def rep(representative, client_for):
    """The representative, signed in."""
    return client_for(representative)


@pytest.fixture
def neighbour_rep(municipality, neighbour, client_for):
    return client_for(member(municipality, Role.COMMUNITY_REPRESENTATIVE,
                             organisation=neighbour))


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_plain_words(html: str) -> None:
    lowered = html.lower()
    for word in SECURITY_WORDS:
        assert word not in lowered, word


def token_of(response) -> str:
    """The one-time token of the form on a page (``coordinator.concurrency``)."""
    return response.context["form"]["submission_token"].value()
