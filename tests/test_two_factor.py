"""Two-step sign-in (issue 13, "Signing in"): assessors, municipal admins and superusers must set
up an authenticator app before anything else, others need not; a municipality can require it of
all its staff; whoever has an app enters a code after the password (a backup code works once,
wrong codes are throttled, a code works once); the password alone never replaces or removes the
app; idle sessions are signed out; the superuser's landing page leads to the admin.

Everyone signs in through the real sign-in form here, and codes are computed from the device's
secret as the phone's app computes them."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY as USER_SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coordinator import idle
from coordinator.models import Role
from coordinator.twofactor import services

from .clients import authenticator_for, code_for
from .factories import PASSWORD, OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db

SETUP = reverse("two_factor:setup")
VERIFY = reverse("two_factor:verify")
DASHBOARD = reverse("dashboard")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def signed_in(user) -> Client:
    """A browser that typed ``user``'s password into the sign-in form (nothing more)."""
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def role_member(municipality, role):
    organisation = None
    if role in (Role.PARTNER_PROFESSIONAL, Role.COMMUNITY_REPRESENTATIVE):
        organisation = OrganisationFactory(municipality=municipality)
    return member(municipality, role, organisation=organisation)


def with_app(user, backup_codes=()):
    device = authenticator_for(user)
    if backup_codes:
        static = services.new_backup_codes(user)
        assert len(static) == services.BACKUP_CODE_COUNT
        StaticToken.objects.filter(device__user=user).delete()
        StaticToken.objects.bulk_create(
            StaticToken(device=StaticDevice.objects.get(user=user), token=code)
            for code in backup_codes)
    return device


def goes_to(response, url):
    return response.status_code == 302 and response["Location"].split("?")[0] == url


# --------------------------------------------------------------------------- who must


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.MUNICIPAL_ADMIN])
def test_required_roles_reach_only_the_setup_page(municipality, role):
    client = signed_in(member(municipality, role))

    response = client.get(DASHBOARD)
    assert goes_to(response, SETUP)
    assert response["Location"] == f"{SETUP}?next=%2Fdashboard%2F"
    for url in (reverse("networks:community_list"), reverse("users:list"),
                reverse("two_factor:status"), reverse("password_change"), "/admin/"):
        assert goes_to(client.get(url), SETUP), url
    assert goes_to(client.post(reverse("networks:community_create"), {"name": "x"}), SETUP)
    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert USER_SESSION_KEY not in client.session


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER_PROFESSIONAL,
                                  Role.COMMUNITY_REPRESENTATIVE])
def test_other_roles_are_not_asked(municipality, role):
    client = signed_in(role_member(municipality, role))
    home = client.get(reverse("home"))
    assert home.status_code == 302 and not home["Location"].startswith("/accounts/")
    assert client.get(home["Location"]).status_code == 200
    # ...but it is offered to them.
    assert client.get(SETUP).status_code == 200
    assert client.get(reverse("two_factor:status")).status_code == 200


def test_a_superuser_must_set_it_up(db):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = signed_in(superuser)
    assert goes_to(client.get("/admin/"), SETUP)


def test_a_municipality_can_require_it_of_all_staff(municipality, other_municipality,
                                                    client_for):
    coordinator = member(municipality)
    partner = role_member(municipality, Role.PARTNER_PROFESSIONAL)
    representative = role_member(municipality, Role.COMMUNITY_REPRESENTATIVE)
    elsewhere = member(other_municipality)
    sessions = {user: signed_in(user) for user in (coordinator, partner, representative,
                                                   elsewhere)}
    admin = client_for(member(municipality, Role.MUNICIPAL_ADMIN))
    page = admin.get(reverse("users:two_factor"))
    assert page.status_code == 200
    # The coordinator, the partner and the admin (set up by the test client) are staff.
    assert "2 of the 3 staff members have not set up an app yet" in page.content.decode()

    response = admin.post(reverse("users:two_factor"), {"require_two_factor": "on"})
    assert goes_to(response, reverse("users:list"))
    municipality.refresh_from_db()
    assert municipality.require_two_factor

    # Signed in before the change: sent to set up at their next page.
    assert goes_to(sessions[coordinator].get(DASHBOARD), SETUP)
    assert goes_to(sessions[partner].get(DASHBOARD), SETUP)
    # Community representatives are not staff; another municipality is not concerned.
    assert sessions[representative].get(reverse("portal:home")).status_code == 200
    assert sessions[elsewhere].get(DASHBOARD).status_code == 200

    admin.post(reverse("users:two_factor"), {})
    municipality.refresh_from_db()
    assert not municipality.require_two_factor
    assert sessions[coordinator].get(DASHBOARD).status_code == 200


def test_only_a_municipal_admin_sets_the_requirement(municipality, client_for):
    coordinator = client_for(member(municipality))
    assert coordinator.get(reverse("users:two_factor")).status_code == 403
    assert coordinator.post(reverse("users:two_factor"),
                            {"require_two_factor": "on"}).status_code == 403
    municipality.refresh_from_db()
    assert not municipality.require_two_factor


def test_the_members_page_shows_who_has_set_it_up(municipality, client_for):
    with_app(member(municipality, Role.COORDINATOR, user__first_name="Withapp"))
    member(municipality, Role.COORDINATOR, user__first_name="Withoutapp")
    page = client_for(member(municipality, Role.MUNICIPAL_ADMIN)).get(reverse("users:list"))
    rows = {m.user.first_name: m.has_authenticator for m in page.context["object_list"]}
    assert rows["Withapp"] is True and rows["Withoutapp"] is False


# --------------------------------------------------------------------------- setting up


def _secret_of(page) -> str:
    return re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1)


def _code_from_secret(secret: str, steps_ahead: int = 0) -> str:
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time += steps_ahead * 30
    return f"{totp.token():06d}"


def test_setting_up_with_the_qr_code_then_backup_codes_shown_once(municipality):
    assessor = member(municipality, Role.ASSESSOR)
    client = signed_in(assessor)
    page = client.get(f"{SETUP}?next=/networks/communities/").content.decode()
    assert re.search(r'<svg role="img" [^>]*class="qr-code"', page)
    assert "<img" not in page and "otpauth://" not in page  # inline, nothing to fetch
    secret = _secret_of(page)
    assert len(secret.replace(" ", "")) == 32

    wrong = client.post(SETUP, {"code": "000000" if _code_from_secret(secret) != "000000"
                                else "111111", "next": "/networks/communities/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]
    assert not TOTPDevice.objects.filter(user=assessor).exists()
    assert goes_to(client.get(DASHBOARD), SETUP)

    done = client.post(SETUP, {"code": _code_from_secret(secret),
                               "next": "/networks/communities/"})
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", code) for code in codes)
    for code in codes:
        assert code in done.content.decode()
    assert 'href="/networks/communities/"' in done.content.decode()
    device = TOTPDevice.objects.get(user=assessor)
    assert device.confirmed
    assert services.backup_codes_left(assessor) == 10
    # The same session is now verified; the codes are not shown again.
    assert client.get(DASHBOARD).status_code == 200
    status = client.get(reverse("two_factor:status")).content.decode()
    assert not any(code in status for code in codes)
    assert "10" in status


def test_the_code_that_confirmed_the_app_does_not_sign_in_again(municipality):
    assessor = member(municipality, Role.ASSESSOR)
    client = signed_in(assessor)
    secret = _secret_of(client.get(SETUP).content.decode())
    code = _code_from_secret(secret)
    client.post(SETUP, {"code": code})

    again = signed_in(assessor)
    response = again.post(VERIFY, {"code": code})
    assert response.status_code == 200 and response.context["form"].errors["code"]
    assert goes_to(again.get(DASHBOARD), VERIFY)


def test_the_password_alone_cannot_replace_the_app(municipality):
    assessor = member(municipality, Role.ASSESSOR)
    device = with_app(assessor)
    client = signed_in(assessor)
    assert goes_to(client.get(SETUP), VERIFY)
    # A code of a secret the attacker chose is refused without looking at it.
    session = client.session
    session[services.SETUP_KEY] = "00" * 20
    session.save()
    attacker_code = f"{TOTP(bytes(20)).token():06d}"
    assert goes_to(client.post(SETUP, {"code": attacker_code}), VERIFY)
    assert list(TOTPDevice.objects.filter(user=assessor)) == [device]


def test_replacing_the_app_from_a_verified_session(municipality, client_for):
    assessor = member(municipality, Role.ASSESSOR)
    old = with_app(assessor)
    client = client_for(assessor)  # signed in with the old app
    secret = _secret_of(client.get(SETUP).content.decode())
    assert client.post(SETUP, {"code": _code_from_secret(secret)}).status_code == 200
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    new = TOTPDevice.objects.get(user=assessor)
    assert new.key != old.key


# --------------------------------------------------------------------------- the code step


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.COORDINATOR])
def test_whoever_has_an_app_enters_a_code_after_the_password(municipality, role):
    user = member(municipality, role)
    device = with_app(user)
    client = signed_in(user)

    response = client.get(DASHBOARD)
    assert response["Location"] == f"{VERIFY}?next=%2Fdashboard%2F"
    assert goes_to(client.get(reverse("networks:community_list")), VERIFY)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()
    assert 'autocomplete="one-time-code"' in page.content.decode()
    before = client.session.session_key

    response = client.post(VERIFY, {"code": code_for(device), "next": "/dashboard/"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert client.session.session_key != before  # a new session after the second step
    assert client.get(DASHBOARD).status_code == 200
    # Nothing more to enter in this session.
    assert goes_to(client.get(VERIFY), reverse("home"))


def test_next_must_be_a_page_of_this_site(municipality):
    user = member(municipality, Role.ASSESSOR)
    device = with_app(user)
    client = signed_in(user)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_a_backup_code_works_once(municipality):
    admin = member(municipality, Role.MUNICIPAL_ADMIN)
    with_app(admin, backup_codes=["abcdefgh", "ijklmnop"])

    first = signed_in(admin)
    assert goes_to(first.post(VERIFY, {"code": "ABCD-EFGH"}), reverse("home"))
    assert first.get(DASHBOARD).status_code == 200
    assert services.backup_codes_left(admin) == 1

    second = signed_in(admin)
    refused = second.post(VERIFY, {"code": "abcd-efgh"})
    assert refused.status_code == 200
    assert "not right" in refused.context["form"].errors["code"][0]
    assert goes_to(second.get(DASHBOARD), VERIFY)


def test_wrong_codes_are_throttled(municipality):
    assessor = member(municipality, Role.ASSESSOR)
    device = with_app(assessor)
    client = signed_in(assessor)
    right = code_for(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    for _ in range(3):
        client.post(VERIFY, {"code": wrong})
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1

    # Even the right code is refused while the wait lasts, and says so.
    refused = client.post(VERIFY, {"code": right})
    assert refused.status_code == 200
    assert "Wait" in refused.context["form"].errors["code"][0]
    assert goes_to(client.get(DASHBOARD), VERIFY)

    # A new sign-in does not reset the count (it lives with the device).
    assert "Wait" in signed_in(assessor).post(VERIFY, {"code": right}).context[
        "form"].errors["code"][0]

    device.refresh_from_db()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(hours=1))
    assert goes_to(client.post(VERIFY, {"code": right}), reverse("home"))
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_password_lockout_still_applies(municipality, settings):
    assessor = member(municipality, Role.ASSESSOR)
    with_app(assessor)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(reverse("login"), {"username": assessor.username, "password": "guess"})
    response = Client().post(reverse("login"), {"username": assessor.username,
                                                "password": PASSWORD})
    assert response.status_code == 429
    assert AccessAttempt.objects.filter(username=assessor.username).exists()


@pytest.mark.parametrize("code", ["", "12345", "1234567", "²²²²²²", "٣٣٣٣٣٣", "a" * 21,
                                  "abcd\x00efg", "'; DROP TABLE", "\u202eabcdefgh"])
def test_odd_codes_are_refused_plainly(municipality, code):
    user = member(municipality, Role.ASSESSOR)
    with_app(user)
    client = signed_in(user)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert goes_to(client.get(DASHBOARD), VERIFY)


# --------------------------------------------------------------------------- status, removal


def test_new_backup_codes_replace_the_old_ones(municipality, client_for):
    coordinator = member(municipality)
    with_app(coordinator, backup_codes=["oldcode1"])
    client = client_for(coordinator)
    assert client.get(reverse("two_factor:backup_codes")).status_code == 200
    response = client.post(reverse("two_factor:backup_codes"))
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert not StaticToken.objects.filter(token="oldcode1").exists()

    later = signed_in(coordinator)
    assert later.post(VERIFY, {"code": "oldcode1"}).status_code == 200  # refused
    # (the wrong code made the backup codes wait a second: let it pass)
    StaticDevice.objects.filter(user=coordinator).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1))
    assert goes_to(later.post(VERIFY, {"code": codes[3]}), reverse("home"))


def test_someone_who_may_turns_it_off(municipality, client_for):
    coordinator = member(municipality)
    with_app(coordinator, backup_codes=["abcdefgh"])
    client = client_for(coordinator)
    assert "Turn off" in client.get(reverse("two_factor:remove")).content.decode()
    assert goes_to(client.post(reverse("two_factor:remove")), reverse("two_factor:status"))
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not StaticToken.objects.filter(device__user=coordinator).exists()
    assert client.get(DASHBOARD).status_code == 200
    assert signed_in(coordinator).get(DASHBOARD).status_code == 200  # password alone


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.MUNICIPAL_ADMIN])
def test_it_cannot_be_turned_off_where_required(municipality, client_for, role):
    user = member(municipality, role)
    device = with_app(user)
    client = client_for(user)
    page = client.get(reverse("two_factor:remove"))
    assert page.status_code == 200
    assert "must keep two-step sign-in" in page.content.decode()
    assert 'type="submit">Turn off two-step sign-in</button>' not in page.content.decode()
    assert client.post(reverse("two_factor:remove")).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    status = client.get(reverse("two_factor:status")).content.decode()
    assert reverse("two_factor:remove") not in status


def test_the_status_page_without_an_app_offers_it(municipality, client_for):
    client = client_for(member(municipality))
    page = client.get(reverse("two_factor:status")).content.decode()
    assert reverse("two_factor:setup") in page
    assert goes_to(client.get(reverse("two_factor:remove")), reverse("two_factor:status"))
    assert goes_to(client.post(reverse("two_factor:backup_codes")),
                   reverse("two_factor:status"))


# --------------------------------------------------------------------------- idle sessions


def test_an_idle_session_is_signed_out(municipality, settings, monkeypatch):
    settings.LINCHPIN_SESSION_IDLE_MINUTES = 30
    start = idle.now()
    clock = {"now": start}
    monkeypatch.setattr(idle, "now", lambda: clock["now"])
    client = signed_in(member(municipality))
    assert client.get(DASHBOARD).status_code == 200

    clock["now"] = start + 20 * 60  # active within the half hour...
    assert client.get(DASHBOARD).status_code == 200
    clock["now"] = start + 45 * 60  # ...so 25 minutes later it is still signed in
    assert client.get(DASHBOARD).status_code == 200

    clock["now"] = start + 76 * 60  # 31 minutes without a request
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert USER_SESSION_KEY not in client.session
    login_page = client.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in login_page
    clock["now"] += 10  # and it stays signed out
    assert client.get(DASHBOARD).status_code == 302


def test_the_idle_limit_is_configurable(municipality, settings, monkeypatch):
    settings.LINCHPIN_SESSION_IDLE_MINUTES = 5
    start = idle.now()
    monkeypatch.setattr(idle, "now", lambda: start)
    client = signed_in(member(municipality))
    monkeypatch.setattr(idle, "now", lambda: start + 6 * 60)
    assert client.get(DASHBOARD).status_code == 302


# --------------------------------------------------------------------------- superuser


def test_the_superusers_landing_page_leads_to_the_admin(db, client_for):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = client_for(superuser)  # with a verified app (a superuser must have one)
    assert goes_to(client.get(reverse("home")), DASHBOARD)
    page = client.get(DASHBOARD)
    assert page.status_code == 200
    assert f'href="{reverse("admin:index")}"' in page.content.decode()
    assert client.get("/admin/").status_code == 200
    assert client.post(DASHBOARD).status_code == 405


def test_a_user_without_membership_who_is_no_superuser_still_gets_403(db, client_for):
    assert client_for(UserFactory()).get(DASHBOARD).status_code == 403
