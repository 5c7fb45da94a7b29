"""A coordinator maps a community, logs an interaction with a commitment, and sees both on the
dashboard (issue 2, "Done when"); in English, French and Dutch (issue 13)."""

import datetime

import pytest

from demo.loader import DEMO_PASSWORD, load_demo
from networks.models import Community

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_maps_a_community_and_logs_contact_with_a_commitment(browser_page, language,
                                                                        t):
    load_demo()
    page = browser_page
    sign_in(page, "sarcelles-coordinator", DEMO_PASSWORD, language=language)
    assert page.get_by_role("heading", name=t("Dashboard of %(name)s", name="Sarcelles")) \
        .is_visible()
    page.check_accessibility()

    page.get_by_role("navigation", name=t("Main")).get_by_role("link", name=t("Communities")).click()
    page.check_accessibility()
    page.get_by_role("link", name=t("Map a community")).click()
    page.check_accessibility()
    page.get_by_label(t.label("name"), exact=True).fill("Parents of the Lochères secondary school")
    page.get_by_label(t("Kind")).select_option("location")
    page.get_by_label(t("Libraries")).check()
    page.get_by_label(t("Languages")).fill("French, Arabic, Tamil")
    page.get_by_role("button", name=t("Save")).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Parents of the Lochères secondary school").is_visible()
    page.check_accessibility()

    page.get_by_role("link", name=t("Log an interaction")).click()
    page.check_accessibility()
    page.get_by_label(t("Kind of contact")).select_option("community_event")
    page.get_by_label(t("Date")).fill(datetime.date.today().isoformat())
    page.get_by_label(t("Needs heard")).fill("A safe way to school past the station.")
    page.get_by_label(t("concerns heard")).fill("Parking outside the school gates.")
    page.get_by_role("button", name=t("Save")).click()
    page.wait_for_load_state("load")
    assert page.get_by_text(t("The interaction was logged.")).is_visible()
    page.check_accessibility()

    page.get_by_role("link", name=t("Record a commitment")).click()
    page.check_accessibility()
    page.get_by_label(t("What was promised")).fill("Ask the traffic department about a crossing")
    page.get_by_label(t("Made to")).fill("Parents' committee")
    page.get_by_label(t("Due by")).fill((datetime.date.today() + datetime.timedelta(days=5)).isoformat())
    page.get_by_role("button", name=t("Save")).click()
    page.wait_for_load_state("load")
    page.check_accessibility()

    page.get_by_role("navigation", name=t("Main")).get_by_role("link", name=t("Dashboard")).click()
    page.check_accessibility()
    due = page.get_by_role("region", name=t("Open commitments due"))
    assert due.get_by_role("link", name="Ask the traffic department about a crossing").is_visible()
    latest = page.get_by_role("region", name=t("Latest contact"))
    assert latest.get_by_text("Parents of the Lochères secondary school").is_visible()

    community = Community.objects.get(name="Parents of the Lochères secondary school")
    assert community.municipality.slug == "sarcelles"
    assert community.interactions.get().commitments.count() == 1
