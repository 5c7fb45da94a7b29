"""A municipality adapts its criteria list without code (add, reword, retire)."""

import pytest
from django.core.exceptions import PermissionDenied

from coordinator.models import Role
from tests.factories import MunicipalityFactory, member
from vetting import services
from vetting.models import AssessmentCriterion


def test_the_eleven_criteria_are_seeded_once_per_municipality(municipality):
    assert services.ensure_default_criteria(municipality) == 11
    assert services.ensure_default_criteria(municipality) == 0
    other = MunicipalityFactory()
    assert services.ensure_default_criteria(other) == 11
    assert AssessmentCriterion.objects.for_municipality(municipality).count() == 11


def test_retiring_everything_does_not_reseed(municipality, assessor):
    services.ensure_default_criteria(municipality)
    for criterion in AssessmentCriterion.objects.for_municipality(municipality):
        services.set_criterion_retired(criterion, assessor)
    assert services.ensure_default_criteria(municipality) == 0
    assert not AssessmentCriterion.objects.for_municipality(municipality).active().exists()


def test_added_criteria_get_unique_keys_and_go_last(municipality, assessor):
    services.ensure_default_criteria(municipality)
    first = services.add_criterion(municipality, assessor, wording="Safeguarding policy")
    second = services.add_criterion(municipality, assessor, wording="Safeguarding policy!")
    assert (first.key, second.key) == ("safeguarding-policy", "safeguarding-policy-2")
    assert first.order > 110 and second.order > first.order
    assert first.history.get().history_change_reason == "criterion added"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER_PROFESSIONAL])
def test_only_assessors_and_admins_adapt_the_list(municipality, role):
    with pytest.raises(PermissionDenied):
        services.add_criterion(municipality, member(municipality, role), wording="X")


def test_an_admin_adapts_the_list(municipality, municipal_admin):
    services.ensure_default_criteria(municipality)
    criterion = AssessmentCriterion.objects.get(municipality=municipality, key="pluralism")
    services.reword_criterion(criterion, municipal_admin, wording="View on pluralism and "
                              "equality", help="Copenhagen charter values.", order=5)
    criterion.refresh_from_db()
    assert criterion.wording.endswith("equality") and criterion.order == 5
