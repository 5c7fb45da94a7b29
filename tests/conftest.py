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


@pytest.fixture
def translations(tmp_path, settings):
    """``translations(code, {english: translated})``: a few messages translated into ``code``
    for this test only (a catalogue compiled with gettext's ``msgfmt`` into a directory put
    first in ``LOCALE_PATHS``), so a test can prove a text is rendered in the recipient's
    language whatever the state of the project's own catalogues."""
    import shutil
    import subprocess

    if not shutil.which("msgfmt"):
        pytest.skip("gettext is not installed (make deps installs it)")

    def translate(code: str, messages: dict[str, str]) -> None:
        directory = tmp_path / "locale" / code / "LC_MESSAGES"
        directory.mkdir(parents=True, exist_ok=True)
        quote = lambda text: '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'  # noqa: E731
        entries = "".join(f"msgid {quote(english)}\nmsgstr {quote(translated)}\n\n"
                          for english, translated in messages.items())
        po = directory / "django.po"
        po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                      + entries, encoding="utf-8")
        subprocess.run(["msgfmt", "-o", str(directory / "django.mo"), str(po)], check=True)
        # A change of LOCALE_PATHS empties Django's translation caches (setting_changed).
        settings.LOCALE_PATHS = [str(tmp_path / "locale"), *settings.LOCALE_PATHS]

    return translate
