"""A coordinator registers what was heard in a contact as a concern in one click, passes it on,
records the answer and reports it back; the community's page and the dashboard follow (issue
9, "Concerns, answered"), in each of the three languages."""

import pytest

from demo.loader import DEMO_PASSWORD, load_demo
from engagement.models import Concern, ConcernState, Interaction

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_concern_heard_is_answered_and_reported_back(browser_page, language, t):
    load_demo()
    interaction = Interaction.objects.get(
        municipality__slug="sarcelles",
        needs_heard="French classes for families who arrived recently from Iraq and Syria.")
    page = browser_page
    sign_in(page, "sarcelles-coordinator", DEMO_PASSWORD, language=language)
    page.goto_checked(interaction.get_absolute_url())

    page.get_by_role("button", name=t("Register as a concern: %(what)s", what=t("Concerns"))).click()
    page.wait_for_load_state("load")
    assert page.get_by_text(t("Registered as a concern. Pass it on to whoever can answer it.")) \
        .is_visible()
    assert page.get_by_role("heading",
                            name="News from Iraq and Syria weighs on the families.").is_visible()
    page.check_accessibility()

    page.get_by_role("link", name=t("Pass on")).click()
    page.check_accessibility()
    page.get_by_label(t("passed on to (department)")).fill("Social cohesion team")
    page.get_by_role("button", name=t("Pass on")).click()
    page.wait_for_load_state("load")
    assert page.get_by_text(t("The concern was passed on.")).is_visible()

    page.get_by_role("link", name=t("Record the answer")).click()
    page.check_accessibility()
    page.get_by_label(t.field("answer")).fill(
        "A listening evening with a psychologist who speaks Aramaic, at the association's hall.")
    page.get_by_role("button", name=t("Record the answer")).click()
    page.wait_for_load_state("load")
    page.check_accessibility()

    page.get_by_role("link", name=t("Record the report")).click()
    page.get_by_label(t("reported back how")).fill("Told the association's chair at the door")
    page.get_by_role("button", name=t("Record the report")).click()
    page.wait_for_load_state("load")
    assert page.get_by_text(t("The report back was recorded.")).is_visible()
    page.check_accessibility()

    concern = Concern.objects.get(interaction=interaction)
    assert concern.state == ConcernState.REPORTED_BACK
    assert concern.routed_to_department == "Social cohesion team"

    page.get_by_role("link", name="Assyro-Chaldean community", exact=True).click()
    page.check_accessibility()
    give_and_take = page.get_by_role("region", name=t("Give and take"))
    assert give_and_take.get_by_text(t.n("answered %(answered)d of %(n)d concern",
                                         "answered %(answered)d of %(n)d concerns", 2,
                                         answered=2, n=2)).first.is_visible()
    page.get_by_role("navigation", name=t("Main")).get_by_role("link", name=t("Concerns")).click()
    page.check_accessibility()
    page.get_by_role("navigation", name=t("Main")).get_by_role("link", name=t("Dashboard")).click()
    page.check_accessibility()
    waiting = page.get_by_role("region", name=t("Concerns waiting for an answer"))
    assert waiting.get_by_role(
        "link", name="Hateful messages on social networks after matches").is_visible()
