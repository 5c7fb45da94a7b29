"""At 390 px (a phone), every staff list and the main record and form pages of the demo work
without scrolling the page sideways, axe finds nothing serious, and the main menu opens and
closes with the keyboard (issue 13, "Forms, lists and phones"). Screenshots of the dashboard, a
list and a form with errors at 1280 and 390 px go to ``LINCHPIN_SHOTS`` for a person to look
at (not asserted). In English, French and Dutch (issue 13): a French or Dutch word too long for
390 px shows here."""

import os
from urllib.parse import urlsplit

import pytest

from demo.loader import DEMO_PASSWORD, load_demo

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("LINCHPIN_SHOTS", "/tmp/shots")
#: Links of a list page that open a record or a form (the first of each is visited).
RECORD_LINK = "main table tbody tr td a[href^='/']"
FORM_LINK = "main .page-header a.button[href^='/']"


def _shoot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    for width in (1280, PHONE["width"]):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        page.screenshot(path=f"{SHOTS}/phone_{name}_{page.language}_{width}.png", full_page=True)
    page.set_viewport_size(PHONE)


def _fits(page):
    """No sideways scrolling of the page itself (a wide table scrolls in its own box)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"{page.url} is {width} px wide at {inner} px"


def _visit(page, path):
    page.goto(path)
    page.wait_for_load_state("load")
    _fits(page)
    page.check_accessibility()


def _menu_links(page):
    """The paths of the main menu, read with the menu open."""
    return page.eval_on_selector_all(
        "#site-menu nav a", "links => links.map(a => a.getAttribute('href'))")


def test_every_staff_page_fits_a_phone_and_the_menu_works_with_the_keyboard(browser_page,
                                                                           language, t):
    load_demo()
    page = browser_page
    page.set_viewport_size(PHONE)
    sign_in(page, "sarcelles-coordinator", DEMO_PASSWORD, language=language)
    page.goto("/dashboard/")

    # The menu is a button on a phone: closed, it hides the links; the keyboard opens and
    # closes it (Enter, then Escape gives the focus back to the button).
    button = page.get_by_role("button", name=t("Menu"))
    assert button.get_attribute("aria-expanded") == "false"
    menu = page.get_by_role("navigation", name=t("Main"))
    assert not menu.is_visible()
    _fits(page)
    page.check_accessibility()
    _shoot(page, "dashboard")
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert menu.get_by_role("link", name=t("Communities")).is_visible()
    page.check_accessibility()
    page.keyboard.press("Tab")  # into the menu
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.hasAttribute('data-menu-toggle')")
    assert not menu.is_visible()
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "true"
    paths = [p for p in _menu_links(page) if p not in ("/dashboard/",)]
    assert len(paths) >= 10
    page.keyboard.press("Escape")

    visited = set()
    for path in paths:
        _visit(page, path)
        visited.add(path)
        # The first record of a list and the form that adds one.
        for selector in (RECORD_LINK, FORM_LINK):
            link = page.locator(selector).first
            if link.count():
                target = urlsplit(link.get_attribute("href")).path
                if target not in visited:
                    visited.add(target)
                    _visit(page, target)
                    page.goto(path)
    assert len(visited) >= 25

    # A list at both widths, and a form sent empty: the error summary takes the focus.
    page.goto("/networks/communities/")
    _shoot(page, "list")
    page.goto("/meetings/new/")
    page.get_by_role("button", name=t("Save")).click()
    page.wait_for_load_state("load")
    summary = page.locator("[data-error-summary]")
    assert summary.get_by_role("heading", name=t("There is a problem")).is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    _fits(page)
    page.check_accessibility()
    # coordinator/rendering.py: "Enter" and the field's label in lower case, with its article.
    summary.get_by_role("link", name=t("Enter %(label)s", label=t("the %(label)s",
                                                                  label=t("title")))).click()
    assert page.evaluate("document.activeElement.id") == "id_title"
    _shoot(page, "form_errors")


def test_the_menu_is_open_on_a_wide_screen(browser_page, language, t):
    load_demo()
    page = browser_page
    sign_in(page, "sarcelles-admin", DEMO_PASSWORD, language=language)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/dashboard/")
    assert not page.get_by_role("button", name=t("Menu")).is_visible()
    assert page.get_by_role("navigation", name=t("Main")).get_by_role(
        "link", name=t("Users")).is_visible()
    # The admin's own pages at phone size too.
    page.set_viewport_size(PHONE)
    for path in ("/users/", "/privacy/", "/representatives/"):
        _visit(page, path)
