"""Issue 7 "Done when": the Rotterdam admin activates an agreement covering interaction notes;
the police partner professional sees the notes; the admin ends it; the same URL answers 404;
the admin reads in the access log what the partner saw. Every page is checked with axe-core.
In English, French and Dutch (issue 13).

The agreement is prepared as a draft; the admin activates and ends it on the agreement's own
screens. The demo's own agreements with the police are suspended first, so that this one is
the only way to the notes."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from coordinator.access import InformationCategory
from coordinator.models import Membership, Municipality, Role
from demo.loader import DEMO_PASSWORD, load_demo
from engagement.models import Interaction
from networks.models import Organisation
from sharing.log import page_name
from sharing.models import Agreement, AgreementParty, AgreementState

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PARTNER = "rotterdam-police-officer"
AGREEMENT = "Safety House casework"


def _prepare():
    """The Rotterdam demo, a police partner professional and a draft agreement covering
    interaction notes with the police. Returns the newest Rotterdam note."""
    load_demo()
    rotterdam = Municipality.objects.get(slug="rotterdam")
    police = Organisation.objects.get(municipality=rotterdam, name="Rotterdam police")
    user = get_user_model().objects.create_user(PARTNER, password=DEMO_PASSWORD,
                                                first_name="Noor", last_name="Officer")
    Membership.objects.create(user=user, municipality=rotterdam, role=Role.PARTNER_PROFESSIONAL,
                              organisation=police)
    agreement = Agreement.objects.create(
        municipality=rotterdam, title=AGREEMENT, purpose="Radicalisation case consultations",
        categories=[InformationCategory.INTERACTION_NOTES], lawful_basis="public_task",
        starts_on=timezone.localdate(),
        state=AgreementState.DRAFT)
    AgreementParty.objects.create(agreement=agreement, organisation=police,
                                  contact_name="Neighbourhood officer")
    Agreement.objects.filter(parties__organisation=police).exclude(pk=agreement.pk).update(
        state=AgreementState.SUSPENDED)
    return agreement, Interaction.objects.filter(municipality=rotterdam).order_by(
        "-occurred_on", "-pk").first()


def _open_agreement(page, agreement):
    page.goto_checked(f"/sharing/{agreement.pk}/")
    page.check_accessibility()


def _activate(page, agreement):
    t = page.words
    _open_agreement(page, agreement)
    page.get_by_role("link", name=t("Activate")).click()
    page.check_accessibility()
    page.get_by_label(t("signed off by")).fill("Alderman for public safety")
    page.get_by_label(t("role of the signatory")).fill("Alderman")
    page.get_by_label(t("signed off on")).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name=t("Activate")).click()
    page.wait_for_load_state("load")
    page.check_accessibility()
    assert Agreement.objects.get(pk=agreement.pk).state == AgreementState.ACTIVE


def _end(page, agreement):
    t = page.words
    _open_agreement(page, agreement)
    page.get_by_role("link", name=t("End"), exact=True).click()
    page.check_accessibility()
    page.get_by_label(t("reason")).fill("The case consultations moved to the regional table.")
    page.get_by_role("button", name=t("End the agreement")).click()
    page.wait_for_load_state("load")
    assert Agreement.objects.get(pk=agreement.pk).state == AgreementState.ENDED


def _sign_out(page):
    page.get_by_role("button", name=page.words("Sign out")).click()
    page.wait_for_load_state("load")


def test_an_agreement_opens_and_closes_the_notes_and_the_admin_reads_what_was_seen(browser_page,
                                                                                   language, t):
    agreement, note = _prepare()
    page = browser_page

    # The admin activates the agreement.
    sign_in(page, "rotterdam-admin", DEMO_PASSWORD, language=language)
    page.check_accessibility()
    _activate(page, agreement)
    _sign_out(page)

    # The police partner professional sees the notes, and opens one.
    sign_in(page, PARTNER, DEMO_PASSWORD, language=language)
    page.check_accessibility()
    page.get_by_role("navigation", name=t("Main")).get_by_role("link", name=t("Interactions")).click()
    page.check_accessibility()
    assert page.get_by_role("heading", name=t("Interactions")).is_visible()
    first_words = note.needs_heard[:40]
    assert page.get_by_text(first_words).first.is_visible()
    note_url = f"/interactions/{note.pk}/"
    page.goto_checked(note_url)
    assert page.get_by_text(first_words).first.is_visible()
    assert page.get_by_role("link", name=t("Who saw this")).count() == 0
    _sign_out(page)

    # The admin ends it; the same URL answers 404 to the partner.
    sign_in(page, "rotterdam-admin", DEMO_PASSWORD, language=language)
    _end(page, agreement)
    _sign_out(page)
    sign_in(page, PARTNER, DEMO_PASSWORD, language=language)
    response = page.goto(note_url)
    assert response.status == 404
    page.check_accessibility()
    assert page.get_by_text(first_words).count() == 0
    _sign_out(page)

    # The admin reads in the access log what the partner saw.
    sign_in(page, "rotterdam-admin", DEMO_PASSWORD, language=language)
    page.get_by_role("navigation", name=t("Main")).get_by_role("link", name=t("Access log")).click()
    page.check_accessibility()
    rows = page.locator("table tbody tr")
    # The dashboard after signing in, the list and the note; nothing after the end.
    assert rows.count() == 3
    assert rows.filter(has_text="Noor Officer").count() == 3
    with translation.override(language):  # the pages as the log names them to a reader
        names = {view: page_name(view) for view in
                 ("dashboard", "interaction_list", "interaction_detail")}
    for name in names.values():
        assert rows.filter(has_text=name).filter(has_text=AGREEMENT).count() == 1, name
    assert rows.filter(has_text=names["interaction_detail"]).filter(
        has_text=f"#{note.pk}").count() == 1
    page.get_by_role("link", name=AGREEMENT).first.click()
    page.check_accessibility()
    assert page.get_by_role("heading", name=t(
        "Read-access log: what partners saw under “%(title)s”", title=AGREEMENT)).is_visible()

    page.goto_checked(note_url)
    page.get_by_role("link", name=t("Who saw this")).click()
    page.check_accessibility()
    assert page.locator("table tbody tr").filter(has_text="Noor Officer").count() == 3
    assert page.get_by_role("link", name=t("Export as CSV")).is_visible()
