"""The shared test base: a municipality with its owner (a coordinator), a member of another
municipality, and a portal user, so each view proves its scoping in one line:

    def test_community_detail_is_scoped(access):
        access.assert_scoped(reverse("networks:community_detail", args=[community.pk]))
"""

import pytest
from django_scopes import scopes_disabled

from coordinator.models import Role

from .clients import Client
from .factories import MunicipalityFactory, member


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Sarcelles", slug="test-sarcelles", country="France")


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(name="Vilvoorde", slug="test-vilvoorde", country="Belgium")


@pytest.fixture
def coordinator(municipality):
    return member(municipality, Role.COORDINATOR)


@pytest.fixture
def client():
    """pytest-django's ``client``, whose ``force_login`` passes the second step too
    (tests/clients.py)."""
    return Client()


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(coordinator):
    return _client_for(coordinator)


@pytest.fixture
def client_for():
    """``client_for(user)``: a test client signed in as ``user``."""
    return _client_for


class Access:
    """Owner, outsider (coordinator of another municipality) and portal user of one municipality."""

    def __init__(self, municipality, other_municipality):
        self.owner = _client_for(member(municipality, Role.COORDINATOR))
        self.outsider = _client_for(member(other_municipality, Role.COORDINATOR))
        self.portal = _client_for(member(municipality, Role.COMMUNITY_REPRESENTATIVE))

    def assert_scoped(self, url, owner_status=200):
        """The owner reaches ``url``; the outsider gets 404; the portal user is kept out."""
        assert self.owner.get(url).status_code == owner_status, url
        assert self.outsider.get(url).status_code == 404, url
        self.assert_portal_kept_out(url)

    def assert_portal_kept_out(self, url):
        response = self.portal.get(url)
        assert response.status_code in (302, 403), (url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/portal/"), response["Location"]


@pytest.fixture
def access(municipality, other_municipality):
    return Access(municipality, other_municipality)


@pytest.fixture(autouse=True)
def _scopes_disabled_in_test_code(request):
    """Test code builds and inspects records of several municipalities directly, so it runs
    with tenancy scopes disabled; every request made through a test client still runs inside
    the middleware's municipality scope. Mark a test ``tenancy_scopes`` to run it with scopes
    enabled (and prove that a query outside a scope raises)."""
    if request.node.get_closest_marker("tenancy_scopes"):
        yield
        return
    with scopes_disabled():
        yield
