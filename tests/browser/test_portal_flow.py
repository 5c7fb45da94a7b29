"""The community portal at phone size (issue 10, "Done when"): the Sarcelles coordinator invites
the Assyro-Chaldean cultural association's representative; the representative signs in with
the link, proposes a correction to the profile, adds a concern for the next meeting, comments
on the opened plan section and sees that a promise is late; the coordinator accepts the
correction and answers the comment, and the representative reads the answer. Every page is
checked with axe-core, and no portal page scrolls sideways at 390 px. In English, French and
Dutch (issue 13): the representative switches the portal to the flow's language."""

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

from .conftest import Words, sign_in

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
    """Click the button ``name`` (in the page's words) and wait for the page the POST leads
    to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def _sign_out(page):
    _submit(page, page.words("Sign out"))


def test_a_representative_follows_their_organisation_in_the_portal(browser_page, monkeypatch,
                                                                   language, t):
    load_demo()
    # The invitation e-mail is sent by the Celery task: run it here and read its link.
    monkeypatch.setattr(tasks.send_invitation, "delay", lambda *args: None)
    association = Organisation.objects.get(municipality__slug="sarcelles", name=ASSOCIATION)
    page = browser_page
    page.set_viewport_size(DESKTOP)

    # The coordinator invites a representative of the association.
    sign_in(page, "sarcelles-coordinator", DEMO_PASSWORD, language=language)
    page.get_by_role("link", name=t("Representatives")).click()
    page.check_accessibility()
    page.get_by_role("link", name=t("Invite a representative")).click()
    page.check_accessibility()
    page.get_by_label(t("e-mail address")).fill(EMAIL)
    page.get_by_label(t("Organisation")).select_option(label=ASSOCIATION)
    _submit(page, t("Save"))
    assert page.get_by_text(t("%(email)s is invited to the portal for %(organisation)s.",
                              email=EMAIL, organisation=ASSOCIATION)).is_visible()
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
    page.get_by_label(t("First name"), exact=True).fill("Mariam")
    page.get_by_label(t("Last name"), exact=True).fill("Yonan")
    page.get_by_label(t("Password"), exact=True).fill("a long walk to the hall at night")
    page.get_by_label(t("Password again")).fill("a long walk to the hall at night")
    _submit(page, t("Join"))
    # Sarcelles' portal opens in French, its default; she switches to the flow's language.
    french = Words("fr")
    welcome = "Welcome to the %(name)s community portal"
    assert page.get_by_role("heading", name=french(welcome, name="Sarcelles")).is_visible()
    page.get_by_label(french("Language"), exact=True).select_option(language)
    _submit(page, french("Change language"))
    assert page.get_by_role("heading", name=t(welcome, name="Sarcelles")).is_visible()
    _fits_the_phone(page)
    assert Membership.objects.get(user__email=EMAIL).organisation == association

    # A correction of the profile.
    page.get_by_role("link", name=t("Our organisation")).click()
    _fits_the_phone(page)
    page.get_by_role("link", name=t("Propose a correction")).click()
    _fits_the_phone(page)
    page.get_by_label(t("Website")).fill("https://assyro-chaldean.example.org")
    _submit(page, t("Send the correction"))
    assert page.get_by_text(t("Thank you. The municipality will look at your correction and let "
                              "you know.")).is_visible()
    _fits_the_phone(page)

    # A concern for the next meeting.
    page.get_by_role("link", name=t("Meetings")).click()
    _fits_the_phone(page)
    page.get_by_role("link", name="#CoexistSarcelles: a round table with young people").click()
    _fits_the_phone(page)
    page.get_by_role("link", name=t("Add a concern or a topic")).click()
    _fits_the_phone(page)
    page.get_by_label(t("In a few words")).fill("Hateful messages after the matches")
    _submit(page, t("Add it"))
    assert page.get_by_text(t("Added to the agenda of this meeting.")).is_visible()
    assert page.get_by_text("Hateful messages after the matches").is_visible()
    _fits_the_phone(page)
    concern = Concern.objects.get(topic="Hateful messages after the matches")
    assert concern.raised_by_organisation == association

    # A comment on the opened section of the action plan.
    page.get_by_role("link", name=t("Action plan")).click()
    _fits_the_phone(page)
    page.get_by_role("link", name=t("Strategy and goals")).first.click()
    _fits_the_phone(page)
    page.get_by_label(t("Your comment")).fill("Please name the young people's own ideas as a goal.")
    _submit(page, t("Send the comment"))
    assert page.get_by_text(t("Thank you for your comment.")).is_visible()
    _fits_the_phone(page)

    # A promise that is late.
    page.get_by_role("link", name=t("Promises")).click()
    _fits_the_phone(page)
    assert page.get_by_text(t("Late: the date has passed")).first.is_visible()
    for name in ("Concerns", "Working together", "Agreements"):
        page.get_by_role("link", name=t(name), exact=True).click()
        _fits_the_phone(page)
        # The assessment's outcome word is never shown to a partner ("assessing partners").
        html = page.content().lower()
        assert "cleared" not in html and t("Cleared").lower() not in html
    _sign_out(page)

    # The coordinator accepts the correction and answers the comment.
    page.set_viewport_size(DESKTOP)
    sign_in(page, "sarcelles-coordinator", DEMO_PASSWORD, language=language)
    correction = ProfileCorrection.objects.get(organisation=association)
    page.get_by_role("link", name=t("Representatives")).click()
    page.get_by_role("link", name=t("Proposed corrections")).click()
    page.check_accessibility()
    page.get_by_role("link", name=ASSOCIATION).first.click()
    page.check_accessibility()
    page.get_by_label(t("Accept: change the profile")).check()
    _submit(page, t("Save"))
    assert page.get_by_text(t("Decided. The representative sees your answer in the portal.")) \
        .is_visible()
    association.refresh_from_db()
    assert association.website == "https://assyro-chaldean.example.org"
    correction.refresh_from_db()
    assert correction.status == "accepted"

    comment = SectionComment.objects.get(body__startswith="Please name the young people")
    opening = SectionOpening.objects.get(version=comment.version, element=comment.element)
    page.goto_checked(f"/action-plans/versions/{comment.version_id}/")
    thread = page.get_by_role("article").filter(has_text="Please name the young people")
    thread.get_by_label(t("Reply")).fill("Agreed: it is goal 3 of the next draft.")
    with page.expect_navigation():
        thread.get_by_role("button", name=t("Reply")).click()
    page.check_accessibility()
    _sign_out(page)

    # The representative reads the answer, and the outcome of the correction.
    page.set_viewport_size(PHONE)
    sign_in(page, EMAIL, "a long walk to the hall at night", language=language)
    page.goto(f"/portal/action-plan/{opening.pk}/")
    _fits_the_phone(page)
    assert page.get_by_text("Agreed: it is goal 3 of the next draft.").is_visible()
    page.get_by_role("link", name=t("Our organisation")).click()
    _fits_the_phone(page)
    assert page.locator("#corrections").get_by_text(t("Accepted")).is_visible()
