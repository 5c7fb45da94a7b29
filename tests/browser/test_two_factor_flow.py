"""Two-step sign-in in the browser (issue 13): an assessor signing in for the first time is
sent to set up an app (the QR code drawn in the page, the key as text), confirms it with a code
and keeps the backup codes; next time the code page follows the password, and a backup code
works there too. Every page is checked with axe. In each of the three languages."""

import pytest
from django.utils.text import capfirst
from django_otp.plugins.otp_totp.models import TOTPDevice

from coordinator.languages import set_user_language
from coordinator.models import Role
from tests.factories import PASSWORD, MunicipalityFactory, member

from .conftest import enter_code, set_up_authenticator

pytestmark = pytest.mark.django_db(transaction=True)


def _password(page, username):
    t = page.words
    page.goto("/accounts/login/")
    page.get_by_label(capfirst(t("username"))).fill(username)
    page.get_by_label(t("Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Sign in")).click()
    page.wait_for_load_state("load")


def _sign_out(page):
    page.get_by_role("button", name=page.words("Sign out")).click()
    page.wait_for_load_state("load")


def test_set_up_then_sign_in_with_a_code_and_with_a_backup_code(browser_page, language, t):
    page = browser_page
    municipality = MunicipalityFactory(name="Sarcelles", slug="flow-2fa-sarcelles")
    assessor = member(municipality, Role.ASSESSOR)
    set_user_language(assessor, language)

    _password(page, assessor.username)
    assert "/accounts/two-factor/set-up/" in page.url
    assert page.locator("svg.qr-code").is_visible()
    page.goto("/networks/communities/")  # nothing else before the set-up
    assert "/accounts/two-factor/set-up/" in page.url
    codes = set_up_authenticator(page)
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=assessor).confirmed
    assert page.url.endswith("/networks/communities/")  # where they were going
    page.check_accessibility()

    page.get_by_role("link", name=t("Two-step sign-in")).click()
    page.check_accessibility()
    page.get_by_role("link", name=t("Make new backup codes")).click()
    page.check_accessibility()
    page.goto("/accounts/two-factor/remove/")
    assert page.get_by_text(t("Your account must keep two-step sign-in.")).is_visible()
    page.check_accessibility()
    _sign_out(page)

    _password(page, assessor.username)
    assert "/accounts/two-factor/code/" in page.url
    enter_code(page, assessor.username)
    assert page.url.endswith("/dashboard/")
    _sign_out(page)

    _password(page, assessor.username)
    page.get_by_label(t("Code")).fill(codes[0].upper())
    page.get_by_role("button", name=t("Continue")).click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/dashboard/")
