"""Browser tests: Playwright (Python) driving Debian's Chromium headless against pytest-django's
live server. Every page visited is checked with axe-core; serious or critical violations and
Content-Security-Policy errors fail the test.

A flow that takes the ``language`` fixture runs once in English, once in French and once in
Dutch (issue 13 "Done when": the browser tests in each language). The browser then asks for
that language (its locale, so the pages before signing in are in it too), ``sign_in`` sets it
as the user's own, and the test finds what the page shows through ``t = Words(language)`` (the
``t`` fixture): ``t("Save")``, ``t("Remove %(name)s", name=...)``, ``t.p(context, msgid)``,
``t.n(singular, plural, n)``, ``t.date(day)``, each the product's own msgid from the code or
the templates (tests/test_browser_words.py checks that the catalogues hold each). What the
test types (names, notes) stays as it is. The last page of a failed test is kept under
``LINCHPIN_SHOTS``/failed/.

Usage in a test::

    def test_flow(browser_page, t, language):
        page = browser_page
        sign_in(page, "sarcelles-coordinator", DEMO_PASSWORD, language=language)
        page.get_by_role("button", name=t("Save")).click()
"""

import base64
import os
import re
import shutil
import time

import pytest

CHROMIUM = os.environ.get("LINCHPIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}
#: Where the last page of a failed test is kept (under failed/), beside the flows' screenshots.
SHOTS = os.environ.get("LINCHPIN_SHOTS", "/tmp/shots")
LANGUAGES = ("en", "fr", "nl")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
#: The browser's locale for each language (its Accept-Language header).
BROWSER_LOCALES = {"en": "en-GB", "fr": "fr-FR", "nl": "nl-BE"}


class Words:
    """The product's words in ``language``: Django's gettext of a msgid under
    ``translation.override``, with ``%(name)s`` placeholders filled from keyword arguments.
    A msgid must be the one in the code or template ({% blocktranslate %} without
    ``trimmed`` keeps its whitespace)."""

    def __init__(self, language: str):
        self.language = language

    def _fill(self, text: str, values: dict) -> str:
        return text % values if values else text

    def __call__(self, msgid: str, /, **values) -> str:
        from django.utils import translation

        with translation.override(self.language):
            return self._fill(translation.gettext(msgid), values)

    def p(self, context: str, msgid: str, /, **values) -> str:
        from django.utils import translation

        with translation.override(self.language):
            return self._fill(translation.pgettext(context, msgid), values)

    def n(self, singular: str, plural: str, number: int, /, **values) -> str:
        from django.utils import translation

        with translation.override(self.language):
            return self._fill(translation.ngettext(singular, plural, number), values)

    def pattern(self, msgid: str, plural: str | None = None, /) -> re.Pattern:
        """A regular expression of the translated text with each ``%(name)s`` standing for
        any text: for a link whose number the test does not know. With ``plural``, any of the
        language's plural forms."""
        texts = {self.n(msgid, plural, number) for number in (1, 2, 5)} if plural \
            else {self(msgid)}
        return re.compile("|".join(
            ".+?".join(re.escape(part) for part in PLACEHOLDER.split(text)) for text in texts))

    def label(self, msgid: str, /) -> str:
        """A form field's label from its model field's verbose name (lower case in the
        catalogue, capitalised by the form): for ``exact=True``."""
        from django.utils.text import capfirst

        return capfirst(self(msgid))

    def field(self, msgid: str, /) -> re.Pattern:
        """The whole label of a form field, required or not: its verbose name (capitalised)
        and, on a field that may be left empty, "(optional)" after it
        (templates/django/forms/field.html)."""
        return re.compile(f"^{re.escape(self.label(msgid))}( {re.escape(self('(optional)'))})?$")

    def date(self, value, format: str = "j M Y") -> str:
        """``value`` as the language's formats show it (``formats.date_format``)."""
        from django.utils import formats, translation

        with translation.override(self.language):
            return formats.date_format(value, format)


@pytest.fixture(params=LANGUAGES, ids=LANGUAGES)
def language(request) -> str:
    """The language a flow runs in: each of the site's languages in turn."""
    return request.param


@pytest.fixture
def t(language) -> Words:
    """The product's words in the flow's language."""
    return Words(language)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Mark a browser test whose body failed, for ``browser_page`` to keep the last page."""
    report = yield
    if report.when == "call" and report.failed:
        item.browser_failed = True
    return report


def _chromium_path():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium.")
    return CHROMIUM


class CheckedPage:
    """A Playwright page that records CSP errors and checks pages with axe-core.
    ``language`` is the one its browser asks for; ``words`` its :class:`Words`."""

    def __init__(self, page, language="en"):
        from axe_playwright_python.sync_playwright import Axe

        self._page = page
        self.language = language
        self.words = Words(language)
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

    def check_accessibility_once(self):
        """``check_accessibility`` unless this URL was checked already: for the pages every
        sign-in passes (the login form, the code), the same in one test."""
        if self._page.url not in self.checked_urls:
            self.check_accessibility()

    def goto_checked(self, url):
        self._page.goto(url)
        self.check_accessibility()


@pytest.fixture
def browser_page(request, live_server, monkeypatch):
    """A fresh headless Chromium per test, asking for the test's ``language`` (English for a
    test without it). Playwright's sync API keeps an event loop running in this thread while
    it is open, so Django's async-safety check is relaxed for this test only (and the browser
    closed afterwards), never for the rest of the suite or its subprocesses."""
    from playwright.sync_api import sync_playwright

    language = request.getfixturevalue("language") if "language" in request.fixturenames \
        else "en"
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url,
                                      locale=BROWSER_LOCALES[language])
        page = CheckedPage(context.new_page(), language)
        page.set_default_timeout(15000)
        yield page
        if getattr(request.node, "browser_failed", False):
            _keep_last_page(page, request.node.name)
        context.close()
        browser.close()


def _keep_last_page(page, name):
    """The page a failed test ended on, as HTML and a screenshot under ``LINCHPIN_SHOTS``, for
    a person to see what was there instead of what the test looked for."""
    folder = os.path.join(SHOTS, "failed")
    os.makedirs(folder, exist_ok=True)
    stem = os.path.join(folder, "".join(c if c.isalnum() or c in "-_" else "_" for c in name))
    try:
        with open(f"{stem}.html", "w", encoding="utf-8") as html:
            html.write(f"<!-- {page.url} -->\n" + page.content())
        page.screenshot(path=f"{stem}.png", full_page=True)
    except Exception as error:  # the browser may be gone: the test's own error matters more
        print(f"Could not keep the last page of {name}: {error}")
    else:
        print(f"The last page of {name}: {stem}.html and .png")


def sign_in(page, username, password, language=None):
    """Sign in through the real login form (django-axes sees a real request), then through the
    second step where the account has it: a real code from the user's authenticator (computed
    from the device's key, as the phone's app does), or, for an account that must set one up,
    the set-up page (the key read from the page, a code from it, the backup codes page).

    The account reads ``language`` (its own choice, which wins over the municipality's
    default: the demo's Sarcelles is French, Vilvoorde and Rotterdam Dutch), by default the
    one the browser asks for, so a flow's words are those it runs in. The login page is in the browser's
    language (nobody is signed in yet)."""
    from django.contrib.auth import get_user_model
    from django.utils.text import capfirst
    from django_scopes import scopes_disabled

    from coordinator.languages import set_user_language

    with scopes_disabled():
        set_user_language(get_user_model().objects.get(username=username),
                          language or page.language)
    t = page.words
    page.goto("/accounts/login/")
    page.check_accessibility_once()
    # The label is the user model's field's name, capitalised by the form.
    page.get_by_label(capfirst(t("username"))).fill(username)
    page.get_by_label(t("Password")).fill(password)
    page.get_by_role("button", name=t("Sign in")).click()
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
    t = page.words
    page.check_accessibility_once()
    page.get_by_label(t("Code")).fill(fresh_code(username))
    page.get_by_role("button", name=t("Continue")).click()
    page.wait_for_load_state("load")
    assert "/accounts/two-factor/" not in page.url, page.url


def set_up_authenticator(page) -> list[str]:
    """Set up an authenticator app on the set-up page shown; returns the backup codes."""
    t = page.words
    page.check_accessibility()
    key = page.locator("code.secret").inner_text().replace(" ", "")
    page.get_by_label(t("Code")).fill(f"{_totp(base64.b32decode(key)).token():06d}")
    page.get_by_role("button", name=t("Confirm")).click()
    page.wait_for_load_state("load")
    page.check_accessibility()
    codes = page.locator(".backup-codes code").all_inner_texts()
    page.get_by_role("link", name=t("I have kept them: continue")).click()
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
    page.get_by_role("button", name=f"{page.words('Remove')} {name}").wait_for()
