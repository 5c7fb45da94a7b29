"""The demo data includes assessments in several states (issue 3, "Done when")."""

from collections import Counter

import pytest

from demo.loader import load_demo
from networks.models import Organisation
from vetting import services
from vetting.demo import load_demo_assessments
from vetting.models import Assessment, ComplianceAlert, Memorandum, needs_clearance_q


@pytest.fixture
def loaded(db):
    """``load_demo`` loads the demo assessments too (after the networks they build on)."""
    load_demo()


def test_assessments_in_several_states(loaded):
    outcomes = Counter(Assessment.objects.filter(status="decided").values_list("outcome", flat=True))
    assert outcomes == {"cleared_with_conditions": 1, "cleared": 2, "not_cleared": 1}
    statuses = Counter(Assessment.objects.values_list("status", flat=True))
    assert statuses == {"decided": 4, "in_review": 2, "draft": 1, "expired": 1, "withdrawn": 1}
    assert set(Assessment.objects.values_list("status", flat=True)) == {
        "draft", "in_review", "decided", "withdrawn", "expired"}
    assert Memorandum.objects.count() == 3


def test_idempotent(loaded):
    count = Assessment.objects.count()
    assert load_demo_assessments() == {}
    load_demo()
    assert Assessment.objects.count() == count


def test_every_raised_organisation_is_cleared_or_flagged(loaded):
    for organisation in Organisation.objects.filter(needs_clearance_q()):
        assert services.current_clearance(organisation) or ComplianceAlert.objects.filter(
            organisation=organisation, resolved_at__isnull=True).exists(), organisation
    assert ComplianceAlert.objects.filter(
        organisation__name="Mosque association of Vilvoorde", resolved_at__isnull=True).exists()


def test_the_browser_test_organisation_is_left_unassessed(loaded):
    assert not Assessment.objects.filter(organisation__name="Hideaway Youth Project").exists()


def test_the_portal_organisation_sees_its_outcome(loaded):
    civic = Organisation.objects.get(name="Libyan community civic team")
    status = services.portal_status(civic)
    assert status.label == "Assessing partners: concluded"
    assert "We work together, with conditions" in status.text
