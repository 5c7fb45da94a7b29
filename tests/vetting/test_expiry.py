"""Expiry: a clearance whose review date passed expires; an organisation at collaboration,
partnership or with funding is flagged (not lowered) and its coordinators are told once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from coordinator.models import Role
from networks.models import EngagementLevel, Organisation
from tests.factories import MunicipalityFactory, OrganisationFactory, member
from vetting import services
from vetting.models import Assessment, AssessmentStatus, ComplianceAlert, out_of_compliance
from vetting.tasks import expire_assessments


def _pass_review_date(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(
        review_on=timezone.localdate() - datetime.timedelta(days=1))


def _decision_needed_mails(user):
    return [m for m in mail.outbox if m.to == [user.email] and "decision is needed" in m.subject]


@pytest.fixture
def partner(organisation, make_decided):
    """A cleared organisation raised to partnership with funding."""
    assessment = make_decided(organisation)
    organisation.engagement_level = EngagementLevel.PARTNERSHIP
    organisation.receives_municipal_funding = True
    organisation.save()
    return organisation, assessment


def test_expiry_flags_and_tells_the_coordinator_once(partner, coordinator,
                                                     django_capture_on_commit_callbacks):
    organisation, assessment = partner
    _pass_review_date(assessment)
    # Derived at once, before the task runs:
    assert services.is_out_of_compliance(organisation)
    assert list(out_of_compliance(Organisation.objects.all())) == [organisation]

    with django_capture_on_commit_callbacks(execute=True):
        result = expire_assessments()
    assert result == {"expired": 1, "flagged": 1, "resolved": 0}
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.EXPIRED and assessment.expired_at
    alert = ComplianceAlert.objects.get(organisation=organisation)
    assert alert.notified_at is not None and alert.resolved_at is None
    [message] = _decision_needed_mails(coordinator)
    assert "partnership" in message.body and "municipal funding" in message.body
    assert "Nothing has been changed" in message.body

    with django_capture_on_commit_callbacks(execute=True):
        again = expire_assessments()
    assert again == {"expired": 0, "flagged": 0, "resolved": 0}
    assert len(_decision_needed_mails(coordinator)) == 1
    organisation.refresh_from_db()
    assert organisation.engagement_level == EngagementLevel.PARTNERSHIP  # not lowered
    assert organisation.receives_municipal_funding
    assert services.organisation_status(organisation).out_of_compliance


def test_only_that_municipalitys_coordinators_are_told(partner, coordinator,
                                                       django_capture_on_commit_callbacks):
    organisation, assessment = partner
    outsider = member(MunicipalityFactory(), Role.COORDINATOR)
    professional = member(organisation.municipality, Role.PARTNER_PROFESSIONAL)
    _pass_review_date(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        expire_assessments()
    assert not _decision_needed_mails(outsider) and not _decision_needed_mails(professional)


def test_a_new_clearance_resolves_the_alert(partner, make_decided,
                                            django_capture_on_commit_callbacks):
    organisation, assessment = partner
    _pass_review_date(assessment)
    expire_assessments()
    make_decided(organisation)
    alert = ComplianceAlert.objects.get(organisation=organisation)
    assert alert.resolved_at is not None
    assert not services.is_out_of_compliance(organisation)


def test_lowering_the_level_resolves_the_alert_on_the_next_run(partner):
    organisation, assessment = partner
    _pass_review_date(assessment)
    expire_assessments()
    organisation.engagement_level = EngagementLevel.DIALOGUE
    organisation.receives_municipal_funding = False
    organisation.save()
    assert expire_assessments()["resolved"] == 1
    assert not ComplianceAlert.objects.filter(resolved_at__isnull=True).exists()


def test_after_resolution_a_new_lapse_tells_again(partner, make_decided, coordinator,
                                                  django_capture_on_commit_callbacks):
    organisation, assessment = partner
    _pass_review_date(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        expire_assessments()
    second = make_decided(organisation)
    _pass_review_date(second)
    with django_capture_on_commit_callbacks(execute=True):
        expire_assessments()
    assert len(_decision_needed_mails(coordinator)) == 2
    assert ComplianceAlert.objects.filter(organisation=organisation).count() == 2


def test_an_organisation_in_dialogue_is_not_flagged(organisation, make_decided, coordinator,
                                                    django_capture_on_commit_callbacks):
    assessment = make_decided(organisation)
    _pass_review_date(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_assessments() == {"expired": 1, "flagged": 0, "resolved": 0}
    assert not ComplianceAlert.objects.exists()
    assert not _decision_needed_mails(coordinator)


def test_withdrawing_a_clearance_flags_at_once(partner, second_assessor, coordinator,
                                               django_capture_on_commit_callbacks):
    organisation, assessment = partner
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(assessment, second_assessor, reason="New information.")
    assert len(_decision_needed_mails(coordinator)) == 1
    assert ComplianceAlert.objects.filter(organisation=organisation,
                                          resolved_at__isnull=True).exists()
    organisation.refresh_from_db()
    assert organisation.engagement_level == EngagementLevel.PARTNERSHIP


def test_a_current_clearance_does_not_expire(partner):
    assert expire_assessments() == {"expired": 0, "flagged": 0, "resolved": 0}


def test_out_of_compliance_is_one_query(municipality, django_assert_num_queries):
    for n in range(5):
        OrganisationFactory(municipality=municipality, name=f"Org {n}")
    with django_assert_num_queries(1):
        list(out_of_compliance(Organisation.objects.for_municipality(municipality)))
