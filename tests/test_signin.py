"""Signing in that withstands guessing (issue 8): the lockout per user name over every address
and per address over every user name, the client address behind trusted proxies, a password
reset that sends no e-mail in the request and is throttled, the password rules, and
``Cache-Control: no-store`` on community pages."""

import re
import smtplib

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from coordinator import tasks
from coordinator.http import client_ip
from coordinator.models import Role
from demo.loader import DEMO_PASSWORD

from .factories import PASSWORD, CommunityFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    """The reset throttle counts in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


def sign_in(username, password, address="203.0.113.1", **headers):
    return Client().post(reverse("login"), {"username": username, "password": password},
                         REMOTE_ADDR=address, **headers)


def locked(response):
    return response.status_code == 429


# --- lockout -----------------------------------------------------------------------------------


def test_a_user_name_longer_than_any_account_is_a_wrong_sign_in(municipality):
    """Django tried to authenticate it and django-axes failed to log the attempt on PostgreSQL
    (a 255-character column): a server error (LINCHPIN_FUZZ_SEED=2026328)."""
    response = sign_in("x" * 100_000, PASSWORD)
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_guesses_from_many_addresses_lock_the_user_name(municipality, settings):
    """Today's main counted (user name, address) pairs: 48 guesses from 12 addresses got in."""
    user = member(municipality, Role.COORDINATOR)
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(user.username, "wrong guess", address=f"198.51.100.{n + 1}")

    assert locked(sign_in(user.username, PASSWORD, address="192.0.2.200"))


def test_a_spray_from_one_address_locks_that_address(municipality, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    users = [member(municipality, Role.COORDINATOR) for _ in range(6)]
    for user in users:  # one guess per user name: no user name reaches its own limit
        sign_in(user.username, "Summer2026!", address="198.51.100.7")
    bystander = member(municipality, Role.COORDINATOR)

    assert locked(sign_in(bystander.username, PASSWORD, address="198.51.100.7"))
    assert sign_in(bystander.username, PASSWORD, address="198.51.100.8").status_code == 302


def test_the_address_limit_is_higher_than_the_user_name_limit(municipality, settings):
    """Colleagues behind one town-hall address mistyping is not a spray."""
    assert settings.AXES_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(member(municipality).username, "typo", address="198.51.100.9")
    assert sign_in(member(municipality).username, PASSWORD, address="198.51.100.9").status_code == 302


def test_signing_in_to_another_account_does_not_clear_the_guesses(municipality, settings):
    """Upstream's reset on success also deletes every failure from the signing-in address:
    an attacker with any account could then guess forever."""
    victim, attacker = member(municipality), member(municipality, Role.COMMUNITY_REPRESENTATIVE)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(victim.username, "guess", address="198.51.100.10")
    assert sign_in(attacker.username, PASSWORD, address="198.51.100.10").status_code == 302
    sign_in(victim.username, "one more guess", address="198.51.100.10")

    assert locked(sign_in(victim.username, PASSWORD, address="192.0.2.1"))


def test_a_successful_sign_in_clears_the_own_failures(municipality, settings):
    user = member(municipality)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(user.username, "typo")
    assert sign_in(user.username, PASSWORD).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(user.username, "typo")
    assert sign_in(user.username, PASSWORD).status_code == 302


# --- the client address behind proxies ---------------------------------------------------------


def meta_request(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_a_trusted_proxy_a_forged_header_is_ignored(settings, municipality):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(meta_request("203.0.113.5", "192.0.2.99")) == "203.0.113.5"
    user = member(municipality)
    sign_in(user.username, "wrong", address="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_behind_one_proxy_the_client_is_the_last_forwarded_entry(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(meta_request("10.0.0.2", "192.0.2.10")) == "192.0.2.10"
    # What the client wrote itself comes first and is ignored.
    assert client_ip(meta_request("10.0.0.2", "198.51.100.1, 192.0.2.10")) == "192.0.2.10"
    assert client_ip(meta_request("10.0.0.2", "2001:DB8::1")) == "2001:db8::1"


def test_behind_two_proxies_the_client_is_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(meta_request("10.0.0.3", "6.6.6.6, 192.0.2.10, 10.0.0.2")) == "192.0.2.10"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address", " , "])
def test_a_missing_or_broken_header_falls_back_to_the_connecting_address(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(meta_request("10.0.0.2", forwarded)) == "10.0.0.2"


def test_trusted_proxies_restrict_who_may_forward(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(meta_request("10.1.2.3", "192.0.2.10")) == "192.0.2.10"
    # A request reaching gunicorn without the proxy cannot choose its address.
    assert client_ip(meta_request("203.0.113.9", "192.0.2.10")) == "203.0.113.9"


def test_two_clients_behind_the_proxy_are_counted_apart(settings, municipality):
    """Today's main saw the proxy's address for everybody: one spray locked out everyone."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_ADDRESS_FAILURE_LIMIT = 3
    proxy = "10.0.0.2"
    for _ in range(3):
        sign_in(member(municipality).username, "spray", address=proxy,
                HTTP_X_FORWARDED_FOR="198.51.100.66")
    colleague = member(municipality)

    assert locked(sign_in(colleague.username, PASSWORD, address=proxy,
                          HTTP_X_FORWARDED_FOR="198.51.100.66"))
    assert sign_in(colleague.username, PASSWORD, address=proxy,
                   HTTP_X_FORWARDED_FOR="192.0.2.44").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}


# --- password reset ----------------------------------------------------------------------------


@pytest.fixture
def enqueued(monkeypatch):
    """The ``send_password_reset`` tasks the reset view enqueued, as (args, kwargs)."""
    calls = []
    monkeypatch.setattr(tasks.send_password_reset, "delay",
                        lambda *args, **kwargs: calls.append((args, kwargs)))
    return calls


def request_reset(email, address="203.0.113.1"):
    return Client().post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_the_reset_request_sends_no_mail_and_answers_alike(municipality, enqueued):
    user = member(municipality)
    known = request_reset(user.email)
    unknown = request_reset("nobody@example.org")

    assert mail.outbox == []  # nothing is sent inside the request: the task sends it
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == reverse("password_reset_done")
    assert enqueued == [
        ((user.email,), {"domain": "testserver", "use_https": False}),
        (("nobody@example.org",), {"domain": "testserver", "use_https": False}),
    ]


def test_the_task_sends_a_working_reset_link(municipality):
    user = member(municipality)
    assert tasks.send_password_reset(user.email.upper(), domain="testserver",
                                     use_https=False) == 1
    assert [m.to for m in mail.outbox] == [[user.email]]
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    response = Client().get(link, follow=True)
    assert response.status_code == 200
    assert "new_password1" in response.content.decode()


def test_the_task_sends_nothing_for_an_unknown_or_inactive_address(municipality):
    inactive = UserFactory(is_active=False)
    assert tasks.send_password_reset("nobody@example.org", domain="testserver") == 0
    assert tasks.send_password_reset(inactive.email, domain="testserver") == 0
    assert mail.outbox == []


def test_the_task_retries_on_mail_errors(monkeypatch, municipality):
    task = tasks.send_password_reset
    assert issubclass(smtplib.SMTPServerDisconnected, task.autoretry_for)
    assert task.max_retries
    user = member(municipality)

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(smtplib.SMTPServerDisconnected):  # Django's own form logs and drops it
        tasks.send_password_reset.run(user.email, domain="testserver")


def test_resets_are_throttled_per_account(municipality, settings, enqueued):
    """Today's main sent 6 e-mails for 6 requests."""
    user = member(municipality)
    responses = [request_reset(user.email, address=f"198.51.100.{n}") for n in range(6)]

    assert len(enqueued) == settings.LINCHPIN_PASSWORD_RESETS_PER_ACCOUNT == 3
    assert {(r.status_code, r["Location"]) for r in responses} == {
        (302, reverse("password_reset_done"))}


def test_resets_are_throttled_per_address(settings, enqueued):
    for n in range(settings.LINCHPIN_PASSWORD_RESETS_PER_ADDRESS + 3):
        request_reset(f"someone{n}@example.org", address="198.51.100.50")
    request_reset("someone-else@example.org", address="198.51.100.51")

    assert len(enqueued) == settings.LINCHPIN_PASSWORD_RESETS_PER_ADDRESS + 1


def test_the_reset_throttle_uses_the_client_behind_the_proxy(settings, enqueued):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(settings.LINCHPIN_PASSWORD_RESETS_PER_ADDRESS):
        Client().post(reverse("password_reset"), {"email": f"a{n}@example.org"},
                      REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.70")
    Client().post(reverse("password_reset"), {"email": "b@example.org"},
                  REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.71")
    assert len(enqueued) == settings.LINCHPIN_PASSWORD_RESETS_PER_ADDRESS + 1


# --- password rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("password", [
    "aaaaaaaaaaaa", "qwertyuiopas", "Sarcelles2026", "SARCELLES-2026!", "sarcelles2026sarcelles",
    DEMO_PASSWORD, "Linchpin Demo 2026", "linchpin2026!!", "123456789012", "abcdefghijkl",
])
def test_obvious_passwords_are_refused(municipality, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=UserFactory.build())


@pytest.mark.parametrize("password", [
    PASSWORD,
    "we met at the sarcelles market under heavy rain",
    "kR7#vz9!qP2m-Lx",
    "a long passphrase is a good password even past seventy-two characters, like this one",
])
def test_good_passwords_are_accepted(municipality, password):
    validate_password(password, user=UserFactory.build())


def test_another_municipality_name_is_refused_too(municipality, other_municipality):
    with pytest.raises(ValidationError, match="place or site name"):
        validate_password("Vilvoorde1999!", user=UserFactory.build())


def test_the_password_change_form_applies_the_rules(coordinator_client):
    response = coordinator_client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "Sarcelles2026",
        "new_password2": "Sarcelles2026"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


# --- no-store ----------------------------------------------------------------------------------


def test_community_pages_are_not_stored(coordinator_client, municipality):
    community = CommunityFactory(municipality=municipality, ethnicity="Assyro-Chaldean")
    for url in (reverse("networks:community_list"), reverse("networks:community_create"),
                reverse("networks:community_detail", args=[community.pk]),
                reverse("networks:community_update", args=[community.pk])):
        response = coordinator_client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
