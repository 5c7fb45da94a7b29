"""The single access rule for assessments (``vetting.models.assessment_access`` and the
querysets built on it), table-driven. View-level access is tested in test_views.py."""

import pytest

from coordinator.models import Membership, Role
from tests.factories import MunicipalityFactory, member
from vetting import services
from vetting.models import Assessment, AssessmentAccess, assessment_access

TABLE = [
    # role,                          access,                    content rows, status rows
    (Role.ASSESSOR, AssessmentAccess.CONTENT, 1, 1),
    (Role.MUNICIPAL_ADMIN, AssessmentAccess.CONTENT, 1, 1),
    (Role.COORDINATOR, AssessmentAccess.STATUS, 0, 1),
    (Role.PARTNER_PROFESSIONAL, AssessmentAccess.NONE, 0, 0),
    (Role.COMMUNITY_REPRESENTATIVE, AssessmentAccess.NONE, 0, 0),
]


@pytest.fixture
def assessment(organisation, assessor):
    return services.open_assessment(organisation, assessor)


@pytest.mark.parametrize("role, access, content_rows, status_rows", TABLE)
def test_access_by_role(municipality, assessment, role, access, content_rows, status_rows):
    membership = Membership.objects.get(user=member(municipality, role))
    assert assessment_access(membership) == access
    assert Assessment.objects.visible_to(membership).count() == content_rows
    assert Assessment.objects.status_visible_to(membership).count() == status_rows


@pytest.mark.parametrize("role", [role for role, *_ in TABLE])
def test_another_municipality_sees_nothing(assessment, role):
    membership = Membership.objects.get(user=member(MunicipalityFactory(), role))
    assert not Assessment.objects.visible_to(membership).exists()
    assert not Assessment.objects.status_visible_to(membership).exists()


def test_no_membership_sees_nothing(assessment):
    assert assessment_access(None) == AssessmentAccess.NONE
    assert not Assessment.objects.visible_to(None).exists()
