"""The community portal at phone size (issue 10, "Done when"): the Sarcelles coordinator invites
the Assyro-Chaldean cultural association's representative; the representative signs in with
the link, proposes a correction to the profile, adds a concern for the next meeting, comments
on the opened plan section and sees that a promise is late; the coordinator accepts the
correction and answers the comment, and the representative reads the answer. Every page is
checked with axe-core, and no portal page scrolls sideways at 390 px."""

import re

import pytest
from django.core import mail

from actionplans.models import SectionComment, SectionOpening
from coordinator import tasks
from coordinator.models import Invitation, Membership, Role
from demo.loader import DEMO_PASSWORD, load_demo
from engagement.models import Concern
from networks.models import Organisation
from portal.models import ProfileCorrection

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

ASSOCIATION = "Assyro-Chaldean cultural association"
EMAIL = "secretary.assyro@example.org"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _fits_the_phone(page):
    """No horizontal scrolling: the page is no wider than the screen."""
    page.check_accessibility()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at {PHONE['width']}px"


def _submit(page, name):
    """Click the button ``name`` and wait for the page the POST leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def _sign_out(page):
    _submit(page, "Sign out")


def test_a_representative_follows_their_organisation_in_the_portal(browser_page, monkeypatch):
    load_demo()
    # The invitation e-mail is sent by the Celery task: run it here and read its link.
    monkeypatch.setattr(tasks.send_invitation, "delay", lambda *args: None)
    association = Organisation.objects.get(municipality__slug="sarcelles", name=ASSOCIATION)
    page = browser_page
    page.set_viewport_size(DESKTOP)

    # The coordinator invites a representative of the association.
    sign_in(page, "sarcelles-coordinator", DEMO_PASSWORD)
    page.get_by_role("link", name="Representatives").click()
    page.check_accessibility()
    page.get_by_role("link", name="Invite a representative").click()
    page.check_accessibility()
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Organisation").select_option(label=ASSOCIATION)
    _submit(page, "Save")
    assert page.get_by_text(f"{EMAIL} is invited to the portal").is_visible()
    page.check_accessibility()
    _sign_out(page)

    invitation = Invitation.objects.get(email=EMAIL)
    assert (invitation.role, invitation.organisation) == (Role.COMMUNITY_REPRESENTATIVE,
                                                          association)
    mail.outbox.clear()
    assert tasks.send_invitation(invitation.pk, invitation.municipality_id) == 1
    link = re.search(r"https?://[^/\s]+(/invitation/\S+/)", mail.outbox[0].body).group(1)

    # The representative, on a phone, sets a password with the link and lands in the portal.
    page.set_viewport_size(PHONE)
    page.goto(link)
    _fits_the_phone(page)
    page.get_by_label("First name").fill("Mariam")
    page.get_by_label("Last name").fill("Yonan")
    page.get_by_label("Password", exact=True).fill("a long walk to the hall at night")
    page.get_by_label("Password again").fill("a long walk to the hall at night")
    _submit(page, "Join")
    # Sarcelles' portal opens in French, its default; she reads English and switches.
    assert page.get_by_role("heading", name="Bienvenue sur le portail").is_visible()
    page.get_by_label("Langue").select_option("en")
    _submit(page, "Changer de langue")
    assert page.get_by_role("heading", name="Welcome to the Sarcelles community portal").is_visible()
    _fits_the_phone(page)
    assert Membership.objects.get(user__email=EMAIL).organisation == association

    # A correction of the profile.
    page.get_by_role("link", name="Our organisation").click()
    _fits_the_phone(page)
    page.get_by_role("link", name="Propose a correction").click()
    _fits_the_phone(page)
    page.get_by_label("Website").fill("https://assyro-chaldean.example.org")
    _submit(page, "Send the correction")
    assert page.get_by_text("The municipality will look at your correction").is_visible()
    _fits_the_phone(page)

    # A concern for the next meeting.
    page.get_by_role("link", name="Meetings").click()
    _fits_the_phone(page)
    page.get_by_role("link", name="#CoexistSarcelles: a round table with young people").click()
    _fits_the_phone(page)
    page.get_by_role("link", name="Add a concern or a topic").click()
    _fits_the_phone(page)
    page.get_by_label("In a few words").fill("Hateful messages after the matches")
    _submit(page, "Add it")
    assert page.get_by_text("Added to the agenda of this meeting.").is_visible()
    assert page.get_by_text("Hateful messages after the matches").is_visible()
    _fits_the_phone(page)
    concern = Concern.objects.get(topic="Hateful messages after the matches")
    assert concern.raised_by_organisation == association

    # A comment on the opened section of the action plan.
    page.get_by_role("link", name="Action plan").click()
    _fits_the_phone(page)
    page.get_by_role("link", name="Strategy and goals").first.click()
    _fits_the_phone(page)
    page.get_by_label("Your comment").fill("Please name the young people's own ideas as a goal.")
    _submit(page, "Send the comment")
    assert page.get_by_text("Thank you for your comment.").is_visible()
    _fits_the_phone(page)

    # A promise that is late.
    page.get_by_role("link", name="Promises").click()
    _fits_the_phone(page)
    assert page.get_by_text("Late: the date has passed").first.is_visible()
    for name in ("Concerns", "Working together", "Agreements"):
        page.get_by_role("link", name=name, exact=True).click()
        _fits_the_phone(page)
        assert "cleared" not in page.content().lower()
    _sign_out(page)

    # The coordinator accepts the correction and answers the comment.
    page.set_viewport_size(DESKTOP)
    sign_in(page, "sarcelles-coordinator", DEMO_PASSWORD)
    correction = ProfileCorrection.objects.get(organisation=association)
    page.get_by_role("link", name="Representatives").click()
    page.get_by_role("link", name="Proposed corrections").click()
    page.check_accessibility()
    page.get_by_role("link", name=ASSOCIATION).first.click()
    page.check_accessibility()
    page.get_by_label("Accept: change the profile").check()
    _submit(page, "Save")
    assert page.get_by_text("Decided.").is_visible()
    association.refresh_from_db()
    assert association.website == "https://assyro-chaldean.example.org"
    correction.refresh_from_db()
    assert correction.status == "accepted"

    comment = SectionComment.objects.get(body__startswith="Please name the young people")
    opening = SectionOpening.objects.get(version=comment.version, element=comment.element)
    page.goto_checked(f"/action-plans/versions/{comment.version_id}/")
    thread = page.get_by_role("article").filter(has_text="Please name the young people")
    thread.get_by_label("Reply").fill("Agreed: it is goal 3 of the next draft.")
    with page.expect_navigation():
        thread.get_by_role("button", name="Reply").click()
    page.check_accessibility()
    _sign_out(page)

    # The representative reads the answer, and the outcome of the correction.
    page.set_viewport_size(PHONE)
    sign_in(page, EMAIL, "a long walk to the hall at night")
    page.goto(f"/portal/action-plan/{opening.pk}/")
    _fits_the_phone(page)
    assert page.get_by_text("Agreed: it is goal 3 of the next draft.").is_visible()
    page.get_by_role("link", name="Our organisation").click()
    _fits_the_phone(page)
    assert page.locator("#corrections").get_by_text("Accepted").is_visible()
