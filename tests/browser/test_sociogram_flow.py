"""The Sarcelles coordinator opens the sociogram, keeps the informal layer, saves the picture
as PNG, reaches a person with the keyboard alone (Tab to the picture, the arrow keys, Enter;
and a table row's "Show in the picture") and opens their record, clicks a person through to
their record, then records a relationship by hand (issue 12 "Done when"). Every page is
checked with axe-core and for CSP errors (the picture is drawn by a static script and
Cytoscape.js from static/vendor/, with no inline script or style). Screenshots of the picture
are left at /tmp/sociogram.png and, with a node highlighted from the keyboard,
/tmp/sociogram-keyboard.png, for a person to look at. In each of the three languages."""

import os

import pytest
from django.contrib.staticfiles import finders

from demo.loader import DEMO_PASSWORD, load_demo
from sociogram.models import Relationship

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CHAIR = "Chair, Assyro-Chaldean cultural association"
SHOT = os.environ.get("LINCHPIN_SOCIOGRAM_SHOT", "/tmp/sociogram.png")


def _drawn(page):
    """Wait for the picture, check the page (the picture is drawn by now), and return the
    layers of the nodes drawn."""
    page.wait_for_selector("#sociogram[data-ready='true']")
    page.check_accessibility()
    return page.evaluate("window.linchpinSociogram.nodes().map(n => n.data('layer'))")


def _focused(page, attribute="id"):
    return page.evaluate(f"document.activeElement.{attribute}").strip()


def _highlighted(page):
    """The label of the node the keyboard highlighted, or None."""
    return page.evaluate(
        "(() => { const id = document.getElementById('sociogram').dataset.highlighted;"
        " return id ? window.linchpinSociogram.getElementById(id).data('label') : null; })()")


def _table_names(page):
    """The names of the people and organisations table, in its order."""
    return [name.strip() for name in
            page.locator("table").first.locator("tbody tr td:first-child a").all_text_contents()]


def _click_node(page, label):
    """Click the node labelled ``label`` where the picture shows it."""
    canvas = page.locator("#sociogram")
    canvas.scroll_into_view_if_needed()
    position = page.evaluate(
        "(label) => { const n = window.linchpinSociogram.nodes().filter("
        "m => m.data('label') === label)[0]; return n.renderedPosition(); }", label)
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])


def test_the_coordinator_reads_the_informal_network_and_opens_a_record(browser_page, language, t):
    if not finders.find("vendor/cytoscape.min.js"):
        pytest.fail("static/vendor/cytoscape.min.js is missing: `make deps` installs it (npm ci).")
    load_demo()
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(page, "sarcelles-coordinator", DEMO_PASSWORD, language=language)
    page.get_by_role("navigation", name=t("Main")).get_by_role("link", name=t("Sociogram")).click()
    assert set(_drawn(page)) == {"formal", "informal"}
    assert page.get_by_role("heading", name=t("The network as a table")).is_visible()

    # The informal layer alone: the picture and the table keep only its records.
    page.get_by_label(t("Layer")).select_option(label=t("Informal network"))
    with page.expect_navigation():
        page.get_by_role("button", name=t("Filter")).click()
    layers = _drawn(page)
    assert layers and set(layers) == {"informal"}
    table = page.locator("table").first
    assert table.get_by_role("link", name=CHAIR).is_visible()
    assert table.get_by_text("Head teacher, Secondary schools of Sarcelles").count() == 0
    page.locator("#sociogram").scroll_into_view_if_needed()
    page.screenshot(path=SHOT, full_page=False)

    with page.expect_download() as download:
        page.get_by_role("button", name=t("Download PNG")).click()
    assert download.value.suggested_filename == "sociogram.png"
    assert os.path.getsize(download.value.path()) > 1000
    with page.expect_download() as graphml:
        page.get_by_role("link", name=t("Download GraphML")).click()
    assert graphml.value.suggested_filename.endswith(".graphml")

    # With the keyboard alone: Tab from the tools reaches the picture, the arrow keys go from
    # node to node (each highlighted and named in the status line), Enter opens the record.
    page.get_by_role("link", name=t("Skip to the table")).focus()
    page.keyboard.press("Tab")
    assert _focused(page) == "sociogram"
    keys = t("Network picture. Arrow keys go from one person or organisation to the next, "
             "strongest brokers first; Enter opens the page of the one highlighted.")
    picture = page.get_by_role("application", name=keys, exact=True)
    assert picture.get_attribute("aria-label") == keys
    names = _table_names(page)
    for _ in names:
        page.keyboard.press("ArrowRight")
        if _highlighted(page) == CHAIR:
            break
    assert _highlighted(page) == CHAIR
    assert page.evaluate("window.linchpinSociogram.$(':selected').map(n => n.data('label'))") \
        == [CHAIR]
    # The status line reads the page's template (templates/sociogram/graph.html, data-selected).
    selected = t("{name}: {type}, {layer}, {ties}. Enter opens the page.")
    named = selected.split("{layer}")[0].replace("{name}", CHAIR).replace("{type}", t("person"))
    assert page.locator("#sociogram-status").text_content().startswith(named)
    page.check_accessibility()
    page.screenshot(path=SHOT.replace(".png", "-keyboard.png"), full_page=False)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name=CHAIR, level=1).is_visible()
    page.go_back()
    _drawn(page)

    # From the table: Tab from the picture reaches the first row's link, then its "Show in the
    # picture", which highlights that node and gives the picture the focus.
    page.locator("#sociogram").focus()
    page.keyboard.press("Tab")
    assert _focused(page, "textContent") == names[0]
    page.keyboard.press("Tab")
    assert _focused(page, "textContent").startswith(t("Show in the picture"))
    page.keyboard.press("Enter")
    assert _focused(page) == "sociogram"
    assert _highlighted(page) == names[0]
    page.keyboard.press("End")
    assert _highlighted(page) == names[-1]
    page.check_accessibility()
    page.keyboard.press("Escape")  # the whole picture again, nothing highlighted
    assert _highlighted(page) is None

    # A click on a person in the picture opens their record.
    with page.expect_navigation():
        _click_node(page, CHAIR)
    page.check_accessibility()
    assert page.get_by_role("heading", name=CHAIR, level=1).is_visible()

    # Back on the organisation's page, a relationship is recorded by hand.
    page.get_by_role("link", name="Assyro-Chaldean cultural association").first.click()
    page.check_accessibility()
    page.get_by_role("link", name=t("Record a relationship")).click()
    page.check_accessibility()
    page.get_by_role("group", name=t.p("end of a tie", "To"), exact=True).get_by_label(
        t("A person")).select_option(label="Youth coach, Local football club")
    page.get_by_label(t("kind of tie")).select_option(label=t("works with"))
    page.get_by_label(t("strength")).select_option(label=t("3 – strong"))
    page.get_by_label(t("note")).fill("Plan a tournament together")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Save")).click()
    page.check_accessibility()
    assert page.get_by_text("Plan a tournament together").is_visible()
    relationship = Relationship.objects.get(note="Plan a tournament together")
    assert relationship.from_organisation.name == "Assyro-Chaldean cultural association"
    assert relationship.to_person.name == "Youth coach, Local football club"
    assert not page.csp_errors
