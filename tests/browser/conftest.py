"""Browser tests: Playwright (Python) driving Debian's Chromium headless against pytest-django's
live server. Every page visited is checked with axe-core; serious or critical violations and
Content-Security-Policy errors fail the test.

Usage in a test::

    def test_flow(browser_page, live_server):
        page = browser_page
        page.goto(live_server.url + "/accounts/login/")
        page.check_accessibility()
"""

import base64
import os
import shutil
import time

import pytest

CHROMIUM = os.environ.get("LINCHPIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _chromium_path():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium.")
    return CHROMIUM


class CheckedPage:
    """A Playwright page that records CSP errors and checks pages with axe-core."""

    def __init__(self, page):
        from axe_playwright_python.sync_playwright import Axe

        self._page = page
        self._axe = Axe()
        self.csp_errors = []
        self.checked_urls = []
        page.on("console", self._on_console)

    def _on_console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_errors.append(message.text)

    def __getattr__(self, name):
        return getattr(self._page, name)

    def check_accessibility(self):
        """Run axe-core on the current page; fail on serious or critical violations."""
        self._page.wait_for_load_state("load")
        results = self._axe.run(self._page)
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in results.response["violations"]
            if v.get("impact") in BLOCKING_IMPACTS
        ]
        assert not blocking, f"Accessibility violations on {self._page.url}:\n" + "\n".join(blocking)
        assert not self.csp_errors, f"CSP errors on {self._page.url}: {self.csp_errors}"
        self.checked_urls.append(self._page.url)

    def goto_checked(self, url):
        self._page.goto(url)
        self.check_accessibility()


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A fresh headless Chromium per test. Playwright's sync API keeps an event loop running in
    this thread while it is open, so Django's async-safety check is relaxed for this test only
    (and the browser closed afterwards), never for the rest of the suite or its subprocesses."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        page = CheckedPage(context.new_page())
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()


def sign_in(page, username, password, language="en"):
    """Sign in through the real login form (django-axes sees a real request), then through the
    second step where the account has it: a real code from the user's authenticator (computed
    from the device's key, as the phone's app does), or, for an account that must set one up,
    the set-up page (the key read from the page, a code from it, the backup codes page).

    The account reads ``language`` (its own choice, which wins over the municipality's
    default: the demo's Sarcelles is French, Vilvoorde and Rotterdam Dutch), so a flow's words
    are those it is written in."""
    from django.contrib.auth import get_user_model
    from django_scopes import scopes_disabled

    from coordinator.languages import set_user_language

    with scopes_disabled():
        set_user_language(get_user_model().objects.get(username=username), language)
    page.goto("/accounts/login/")
    page.check_accessibility()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    if "/accounts/two-factor/code/" in page.url:
        enter_code(page, username)
    elif "/accounts/two-factor/set-up/" in page.url:
        set_up_authenticator(page)


def _totp(key: bytes, device=None):
    from django_otp.oath import TOTP

    if device is None:
        return TOTP(key)
    return TOTP(key, device.step, device.t0, device.digits, device.drift)


def fresh_code(username) -> str:
    """A code of ``username``'s authenticator that has not signed in yet: the current step's,
    else the next one's (within the device's tolerance), else the next step's once it comes
    (a code works once, and flows sign the same user in several times a minute)."""
    from django.contrib.auth import get_user_model

    from coordinator.twofactor.services import authenticator

    device = authenticator(get_user_model().objects.get(username=username))
    while True:
        device.refresh_from_db()
        totp = _totp(device.bin_key, device)
        now = totp.t()
        for offset in range(device.tolerance + 1):
            if now + offset > device.last_t:
                totp.time += offset * device.step
                return f"{totp.token():0{device.digits}d}"
        time.sleep(1)


def enter_code(page, username):
    page.check_accessibility()
    page.get_by_label("Code").fill(fresh_code(username))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")
    assert "/accounts/two-factor/" not in page.url, page.url


def set_up_authenticator(page) -> list[str]:
    """Set up an authenticator app on the set-up page shown; returns the backup codes."""
    page.check_accessibility()
    key = page.locator("code.secret").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(f"{_totp(base64.b32decode(key)).token():06d}")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state("load")
    page.check_accessibility()
    codes = page.locator(".backup-codes code").all_inner_texts()
    page.get_by_role("link", name="I have kept them: continue").click()
    page.wait_for_load_state("load")
    return codes


def choose(page, label, name):
    """Choose the record ``name`` in the autocomplete labelled ``label`` (static/js/linchpin.js)
    with the keyboard: type part of the name, arrow down to it, Enter."""
    box = page.get_by_role("combobox", name=label)
    box.fill(name[:12])
    option = page.get_by_role("option", name=name, exact=True)
    option.wait_for()
    for _ in range(page.get_by_role("option").count()):
        box.press("ArrowDown")
        if option.get_attribute("aria-selected") == "true":
            break
    box.press("Enter")
    page.get_by_role("button", name=f"Remove {name}").wait_for()
