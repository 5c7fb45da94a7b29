"""What coordinators and portal users learn of an organisation's assessments: the state, the
outcome and the review date, in neutral words; never findings, reasons or conditions."""

import datetime

import pytest
from django.utils import timezone

from networks.models import EngagementLevel
from vetting import services
from vetting.models import Assessment, Outcome

from .conftest import fill

SECRETS = ("SECRET",)


def _no_secrets(status):
    if status is None:
        return
    assert "SECRET" not in status.text + status.label + status.compliance_text


@pytest.fixture
def decided(organisation, assessor, second_assessor):
    def make(outcome, conditions=""):
        assessment = services.open_assessment(organisation, assessor)
        services.update_findings(assessment, assessor, {
            f.pk: {"findings": "SECRET finding", "sources": "SECRET source", "rating": "meets"}
            for f in assessment.findings.all()})
        services.record_informed(assessment, assessor, what="procedure",
                                 on=timezone.localdate(), how="meeting")
        services.submit_for_review(assessment, assessor)
        review_on = None if outcome == Outcome.NOT_CLEARED else (
            timezone.localdate() + datetime.timedelta(days=90))
        return services.decide(assessment, second_assessor, outcome=outcome,
                               reasons="SECRET reasons", conditions=conditions,
                               review_on=review_on)
    return make


def test_never_assessed(organisation):
    status = services.organisation_status(organisation)
    assert (status.state, status.out_of_compliance) == ("none", False)
    assert services.portal_status(organisation) is None


def test_under_way(organisation, assessor):
    services.open_assessment(organisation, assessor)
    assert services.organisation_status(organisation).state == "under_way"
    portal = services.portal_status(organisation)
    assert portal.state == "under_way" and "Assessing partners" in portal.label


def test_stopped_before_a_decision(organisation, assessor):
    assessment = services.open_assessment(organisation, assessor)
    services.withdraw(assessment, assessor, reason="SECRET reason")
    portal = services.portal_status(organisation)
    assert portal.state == "stopped"
    _no_secrets(portal)


@pytest.mark.parametrize("outcome, conditions, words", [
    (Outcome.CLEARED, "", "We can work together as partners."),
    (Outcome.CLEARED_WITH_CONDITIONS, "SECRET conditions", "We work together, with conditions"),
])
def test_cleared(organisation, decided, outcome, conditions, words):
    assessment = decided(outcome, conditions)
    status = services.organisation_status(organisation)
    assert status.state == outcome and status.review_on == assessment.review_on
    portal = services.portal_status(organisation)
    assert portal.label == "Assessing partners: concluded"
    assert words in portal.text and f"{assessment.review_on:%d %B %Y}" in portal.text
    assert "clear" not in (portal.label + portal.text).lower()  # no security vocabulary
    _no_secrets(status)
    _no_secrets(portal)


def test_not_cleared_says_it_takes_part_in_dialogue(organisation, decided):
    decided(Outcome.NOT_CLEARED)
    status = services.organisation_status(organisation)
    assert status.state == "not_cleared"
    assert status.text == "This organisation takes part in dialogue."
    portal = services.portal_status(organisation)
    assert "We continue our dialogue" in portal.text
    assert "clear" not in (portal.label + portal.text).lower()
    _no_secrets(status)
    _no_secrets(portal)


def test_expired_and_out_of_compliance(organisation, decided):
    assessment = decided(Outcome.CLEARED)
    organisation.engagement_level = EngagementLevel.COLLABORATION
    organisation.save()
    Assessment.objects.filter(pk=assessment.pk).update(
        review_on=timezone.localdate() - datetime.timedelta(days=1))
    status = services.organisation_status(organisation)
    assert status.state == "expired" and status.out_of_compliance
    assert "Decision needed" in status.compliance_text
    assert "collaboration" in status.compliance_text
    assert services.portal_status(organisation).state == "expired"


def test_a_reassessment_under_way_is_mentioned(organisation, decided, assessor):
    decided(Outcome.CLEARED)
    services.open_assessment(organisation, assessor)
    status = services.organisation_status(organisation)
    assert status.state == "cleared" and status.under_way
    assert "A new assessment is under way." in status.text
    assert services.portal_status(organisation).state == "under_way"


def test_fill_helper_completes(organisation, assessor):
    assessment = services.open_assessment(organisation, assessor)
    assessment = fill(assessment, assessor)
    assert services.missing_for_review(assessment) == []
