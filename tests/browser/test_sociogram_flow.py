"""The Sarcelles coordinator opens the sociogram, keeps the informal layer, saves the picture
as PNG and clicks a person through to their record, then records a relationship by hand
(issue 12 "Done when"). Every page is checked with axe-core and for CSP errors (the picture is
drawn by a static script and Cytoscape.js from static/vendor/, with no inline script or
style). A screenshot of the picture is left at /tmp/sociogram.png for a person to look at."""

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


def _click_node(page, label):
    """Click the node labelled ``label`` where the picture shows it."""
    canvas = page.locator("#sociogram")
    canvas.scroll_into_view_if_needed()
    position = page.evaluate(
        "(label) => { const n = window.linchpinSociogram.nodes().filter("
        "m => m.data('label') === label)[0]; return n.renderedPosition(); }", label)
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])


def test_the_coordinator_reads_the_informal_network_and_opens_a_record(browser_page):
    if not finders.find("vendor/cytoscape.min.js"):
        pytest.fail("static/vendor/cytoscape.min.js is missing: `make deps` installs it (npm ci).")
    load_demo()
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(page, "sarcelles-coordinator", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sociogram").click()
    assert set(_drawn(page)) == {"formal", "informal"}
    assert page.get_by_role("heading", name="The network as a table").is_visible()

    # The informal layer alone: the picture and the table keep only its records.
    page.get_by_label("Layer").select_option(label="Informal network")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    layers = _drawn(page)
    assert layers and set(layers) == {"informal"}
    table = page.locator("table").first
    assert table.get_by_role("link", name=CHAIR).is_visible()
    assert table.get_by_text("Head teacher, Secondary schools of Sarcelles").count() == 0
    page.locator("#sociogram").scroll_into_view_if_needed()
    page.screenshot(path=SHOT, full_page=False)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download PNG").click()
    assert download.value.suggested_filename == "sociogram.png"
    assert os.path.getsize(download.value.path()) > 1000
    with page.expect_download() as graphml:
        page.get_by_role("link", name="Download GraphML").click()
    assert graphml.value.suggested_filename.endswith(".graphml")

    # A click on a person in the picture opens their record.
    with page.expect_navigation():
        _click_node(page, CHAIR)
    page.check_accessibility()
    assert page.get_by_role("heading", name=CHAIR, level=1).is_visible()

    # Back on the organisation's page, a relationship is recorded by hand.
    page.get_by_role("link", name="Assyro-Chaldean cultural association").first.click()
    page.check_accessibility()
    page.get_by_role("link", name="Record a relationship").click()
    page.check_accessibility()
    page.get_by_role("group", name="To").get_by_label("A person").select_option(
        label="Youth coach, Local football club")
    page.get_by_label("Kind of tie").select_option(label="works with")
    page.get_by_label("Strength").select_option(label="3 – strong")
    page.get_by_label("Note").fill("Plan a tournament together")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    page.check_accessibility()
    assert page.get_by_text("Plan a tournament together").is_visible()
    relationship = Relationship.objects.get(note="Plan a tournament together")
    assert relationship.from_organisation.name == "Assyro-Chaldean cultural association"
    assert relationship.to_person.name == "Youth coach, Local football club"
    assert not page.csp_errors
