"""Assessing partners end to end (issue 3, "Done when"): a coordinator cannot raise a
Manchester demo organisation to partnership; an assessor opens an assessment, fills the
criteria and submits it; a second user (the municipal admin) decides "cleared with
conditions"; the coordinator then raises the organisation to partnership. In each of the
three languages."""

import pytest

from demo.loader import DEMO_PASSWORD, load_demo
from networks.models import EngagementLevel, Organisation
from vetting.models import Assessment, AssessmentStatus, Outcome

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

ORGANISATION = "Hideaway Youth Project"


def _sign_out(page):
    page.get_by_role("button", name=page.words("Sign out")).click()
    page.wait_for_load_state("load")


def _set_partnership(page, organisation):
    t = page.words
    page.goto(f"/networks/organisations/{organisation.pk}/edit/")
    page.check_accessibility()
    page.get_by_label(t("engagement level")).select_option("partnership")
    page.get_by_role("button", name=t("Save")).click()
    page.wait_for_load_state("load")


def test_assess_decide_then_raise_to_partnership(browser_page, language, t):
    load_demo()
    organisation = Organisation.objects.get(municipality__slug="manchester", name=ORGANISATION)
    page = browser_page

    # 1. Refused before: no clearance.
    sign_in(page, "manchester-coordinator", DEMO_PASSWORD, language=language)
    _set_partnership(page, organisation)
    assert page.get_by_text(t.pattern(
        "%(level)s needs a current, cleared assessment of %(organisation)s (assessing "
        "partners). %(gap)s")).first.is_visible()
    page.check_accessibility()
    organisation.refresh_from_db()
    assert organisation.engagement_level == EngagementLevel.DIALOGUE
    _sign_out(page)

    # 2. The assessor opens an assessment, records that the organisation was informed,
    #    fills every criterion and submits it.
    sign_in(page, "manchester-assessor", DEMO_PASSWORD, language=language)
    page.goto(f"/assessments/organisations/{organisation.pk}/open/")
    page.check_accessibility()
    page.get_by_label(t("level envisaged")).select_option("partnership")
    page.get_by_label(t("objective of the collaboration")).fill(
        "Co-create evening activities for young people in Moss Side.")
    page.get_by_role("button", name=t("Open the assessment")).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name=t("Assessment of %(name)s", name=ORGANISATION)) \
        .is_visible()
    page.check_accessibility()

    page.get_by_role("link", name=t("Record that the organisation was informed")).click()
    page.check_accessibility()
    page.get_by_label(t("How")).select_option("meeting")
    page.get_by_label(t("notes")).fill("Explained the procedure and the criteria at the project.")
    page.get_by_role("button", name=t("Save")).click()
    page.wait_for_load_state("load")

    page.get_by_role("link", name=t("Edit findings")).click()
    page.check_accessibility()
    assessment = Assessment.objects.get(organisation=organisation)
    for finding in assessment.findings.all():
        group = page.get_by_role("group", name=finding.wording, exact=True)
        group.get_by_label(t("rating")).select_option("meets")
        group.get_by_label(t("findings")).fill(f"Looked into {finding.wording.lower()}.")
        group.get_by_label(t("sources")).fill("Annual report; two references cross-checked.")
    page.get_by_role("button", name=t("Save findings")).click()
    page.wait_for_load_state("load")
    assert page.get_by_text(t("The findings were saved.")).is_visible()
    page.check_accessibility()

    page.get_by_role("link", name=t("Submit for review")).click()
    page.check_accessibility()
    page.get_by_label(t("Yes, I am sure")).check()
    page.get_by_role("button", name=t("Submit for review")).click()
    page.wait_for_load_state("load")
    assert page.get_by_text(t(  # four-eyes
        "Waiting for a second assessor or the municipal admin: whoever prepared or submitted an "
        "assessment cannot decide it (four-eyes).")).is_visible()
    assert page.get_by_role("link", name=t("Decide")).count() == 0
    page.check_accessibility()
    _sign_out(page)

    # 3. A second user decides.
    sign_in(page, "manchester-admin", DEMO_PASSWORD, language=language)
    page.goto(assessment.get_absolute_url())
    page.check_accessibility()
    page.get_by_role("link", name=t("Decide")).click()
    page.check_accessibility()
    page.get_by_label(t("Cleared with conditions")).check()
    page.get_by_label(t.field("conditions")).fill(
        "Sign the charter for democratic values.")
    page.get_by_label(t.field("reasons")).fill(
        "References cross-checked; a long track record.")
    page.get_by_role("button", name=t("Record the decision")).click()
    page.wait_for_load_state("load")
    assert page.get_by_text(t("The decision was recorded. Tell the organisation the outcome, also "
                              "when it is negative.")).is_visible()
    page.check_accessibility()
    assessment.refresh_from_db()
    assert (assessment.status, assessment.outcome) == (
        AssessmentStatus.DECIDED, Outcome.CLEARED_WITH_CONDITIONS)
    assert assessment.decided_by.username == "manchester-admin"
    _sign_out(page)

    # 4. Now the coordinator can raise the organisation to partnership.
    sign_in(page, "manchester-coordinator", DEMO_PASSWORD, language=language)
    _set_partnership(page, organisation)
    page.check_accessibility()
    organisation.refresh_from_db()
    assert organisation.engagement_level == EngagementLevel.PARTNERSHIP


def test_the_other_assessing_partners_pages_are_accessible(browser_page, language):
    from vetting.demo import load_demo_assessments

    load_demo()
    load_demo_assessments()
    page = browser_page
    sign_in(page, "sarcelles-assessor", DEMO_PASSWORD, language=language)
    page.goto_checked("/assessments/")
    page.goto_checked("/assessments/?state=decided")
    page.goto_checked("/assessments/criteria/")
    page.goto_checked("/assessments/criteria/new/")
    for assessment in Assessment.objects.filter(municipality__slug="sarcelles"):
        page.goto_checked(assessment.get_absolute_url())
        page.goto_checked(f"/assessments/{assessment.pk}/withdraw/")
        if assessment.status == AssessmentStatus.DRAFT:
            page.goto_checked(f"/assessments/{assessment.pk}/evidence/")
    memorandum = Organisation.objects.get(name="Neighbourhood mothers' association").memoranda.get()
    page.goto_checked(memorandum.get_absolute_url())
    page.goto_checked(f"/assessments/memoranda/{memorandum.pk}/edit/")
