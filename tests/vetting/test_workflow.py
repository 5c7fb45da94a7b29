"""The assessment workflow: opening (never the first step), the criteria snapshot, review,
four-eyes decisions, withdrawal, history and notifications (001; 002 step 3)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from coordinator.history import history_rows
from coordinator.models import Role
from tests.factories import MunicipalityFactory, OrganisationFactory, member
from vetting import services
from vetting.models import (
    DEFAULT_CRITERIA,
    Assessment,
    AssessmentCriterion,
    AssessmentStatus,
    Outcome,
    Rating,
)

from .conftest import fill, in_a_year


def _decide(assessment, by, **kwargs):
    kwargs = {"outcome": Outcome.CLEARED, "reasons": "References cross-checked.",
              "review_on": in_a_year(), **kwargs}
    return services.decide(assessment, by, **kwargs)


@pytest.fixture
def in_review(organisation, assessor):
    assessment = services.open_assessment(organisation, assessor)
    fill(assessment, assessor)
    return services.submit_for_review(assessment, assessor)


# --- opening ---------------------------------------------------------------------------------


def test_an_assessment_is_never_the_first_step(municipality, assessor):
    stranger = OrganisationFactory(municipality=municipality)
    with pytest.raises(ValidationError, match="never the first step"):
        services.open_assessment(stranger, assessor)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER_PROFESSIONAL,
                                  Role.COMMUNITY_REPRESENTATIVE])
def test_only_assessors_and_municipal_admins_open(organisation, municipality, role):
    with pytest.raises(PermissionDenied):
        services.open_assessment(organisation, member(municipality, role))


def test_an_assessor_of_another_municipality_cannot_open(organisation):
    outsider = member(MunicipalityFactory(), Role.ASSESSOR)
    with pytest.raises(PermissionDenied):
        services.open_assessment(organisation, outsider)


def test_a_municipal_admin_can_open(organisation, municipal_admin):
    assert services.open_assessment(organisation, municipal_admin).status == "draft"


def test_opening_snapshots_the_eleven_criteria_of_the_papers(organisation, assessor):
    assessment = services.open_assessment(organisation, assessor)
    wordings = list(assessment.findings.values_list("wording", flat=True))
    assert wordings == [str(w) for _, w, _ in DEFAULT_CRITERIA]
    assert len(wordings) == 11
    assert "Subscription to democratic values" in wordings


def test_rewording_or_retiring_a_criterion_leaves_opened_assessments_alone(
        organisation, municipality, assessor, make_decided):
    first = services.open_assessment(organisation, assessor)
    criterion = AssessmentCriterion.objects.get(municipality=municipality, key="leadership")
    services.reword_criterion(criterion, assessor, wording="Leadership and governance",
                              help="", order=criterion.order)
    services.set_criterion_retired(
        AssessmentCriterion.objects.get(municipality=municipality, key="media"), assessor)
    services.add_criterion(municipality, assessor, wording="Safeguarding policy")
    assert first.findings.get(key="leadership").wording == "Leadership"
    assert first.findings.filter(key="media").exists()

    services.withdraw(first, assessor, reason="Start again with the new criteria.")
    second = services.open_assessment(organisation, assessor)
    keys = set(second.findings.values_list("key", flat=True))
    assert "media" not in keys and "safeguarding-policy" in keys
    assert second.findings.get(key="leadership").wording == "Leadership and governance"


def test_only_one_assessment_under_way_per_organisation(organisation, assessor):
    services.open_assessment(organisation, assessor)
    with pytest.raises(ValidationError, match="already under way"):
        services.open_assessment(organisation, assessor)


# --- review ----------------------------------------------------------------------------------


def test_review_needs_the_organisation_informed_and_every_criterion_rated(organisation,
                                                                          assessor):
    assessment = services.open_assessment(organisation, assessor)
    with pytest.raises(ValidationError) as exc:
        services.submit_for_review(assessment, assessor)
    text = " ".join(exc.value.messages)
    assert "informed of the procedure" in text and "Sources of funding" in text
    fill(assessment, assessor)
    services.update_findings(assessment, assessor, {
        assessment.findings.get(key="funding").pk: {"rating": ""}})
    with pytest.raises(ValidationError, match="Sources of funding"):
        services.submit_for_review(assessment, assessor)


def test_findings_are_frozen_in_review(in_review, assessor):
    finding = in_review.findings.first()
    with pytest.raises(ValidationError, match="in review"):
        services.update_findings(in_review, assessor, {finding.pk: {"findings": "Late"}})


def test_the_procedure_cannot_be_informed_in_the_future(organisation, assessor):
    assessment = services.open_assessment(organisation, assessor)
    with pytest.raises(ValidationError):
        services.record_informed(assessment, assessor, what="procedure", how="letter",
                                 on=timezone.localdate() + datetime.timedelta(days=1))


def test_return_to_draft_reopens_the_findings(in_review, second_assessor):
    services.return_to_draft(in_review, second_assessor)
    finding = in_review.findings.first()
    services.update_findings(in_review, second_assessor, {finding.pk: {"findings": "More"}})
    finding.refresh_from_db()
    assert finding.findings == "More"


# --- four-eyes -------------------------------------------------------------------------------


def test_the_preparer_cannot_decide(in_review, assessor):
    with pytest.raises(ValidationError, match="Four-eyes"):
        _decide(in_review, assessor)
    in_review.refresh_from_db()
    assert in_review.status == AssessmentStatus.IN_REVIEW


def test_whoever_submitted_cannot_decide(organisation, assessor, second_assessor):
    assessment = services.open_assessment(organisation, assessor)
    fill(assessment, second_assessor)
    services.submit_for_review(assessment, second_assessor)
    for user in (assessor, second_assessor):
        with pytest.raises(ValidationError, match="Four-eyes"):
            _decide(assessment, user)


def test_a_second_assessor_decides(in_review, second_assessor):
    decided = _decide(in_review, second_assessor, outcome=Outcome.CLEARED_WITH_CONDITIONS,
                      conditions="Sign the charter.")
    assert decided.status == AssessmentStatus.DECIDED
    assert decided.decided_by == second_assessor and decided.decided_at is not None
    assert decided.conditions == "Sign the charter."


def test_a_municipal_admin_may_decide(in_review, municipal_admin):
    assert _decide(in_review, municipal_admin).status == AssessmentStatus.DECIDED


def test_a_coordinator_may_not_decide(in_review, coordinator):
    with pytest.raises(PermissionDenied):
        _decide(in_review, coordinator)


@pytest.mark.parametrize("kwargs, field", [
    ({"reasons": " "}, "reasons"),
    ({"outcome": Outcome.CLEARED_WITH_CONDITIONS}, "conditions"),
    ({"conditions": "Only with conditions"}, "conditions"),
    ({"review_on": None}, "review_on"),
    ({"review_on": datetime.date(2000, 1, 1)}, "review_on"),
    ({"review_on": datetime.date.today() + datetime.timedelta(days=4 * 365)}, "review_on"),
    ({"outcome": "maybe"}, "outcome"),
])
def test_a_decision_records_outcome_reasons_conditions_and_review_date(
        in_review, second_assessor, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        _decide(in_review, second_assessor, **kwargs)
    assert field in exc.value.message_dict


def test_not_cleared_needs_no_review_date(in_review, second_assessor):
    decided = _decide(in_review, second_assessor, outcome=Outcome.NOT_CLEARED, review_on=None)
    assert decided.outcome == Outcome.NOT_CLEARED


def test_a_decided_assessment_cannot_be_decided_again(in_review, second_assessor,
                                                      municipal_admin):
    _decide(in_review, second_assessor)
    with pytest.raises(ValidationError, match="decided"):
        _decide(in_review, municipal_admin)


# --- withdrawal ------------------------------------------------------------------------------


def test_withdrawal_needs_a_reason(in_review, assessor):
    with pytest.raises(ValidationError):
        services.withdraw(in_review, assessor, reason="")
    services.withdraw(in_review, assessor, reason="The organisation asked to stop.")
    in_review.refresh_from_db()
    assert in_review.status == AssessmentStatus.WITHDRAWN


def test_a_withdrawn_assessment_cannot_be_withdrawn_again(in_review, assessor):
    services.withdraw(in_review, assessor, reason="Stop.")
    with pytest.raises(ValidationError):
        services.withdraw(in_review, assessor, reason="Again.")


# --- history -----------------------------------------------------------------------------------


def test_every_transition_writes_a_history_row(organisation, assessor, second_assessor,
                                               django_capture_on_commit_callbacks):
    first = services.open_assessment(organisation, assessor)
    fill(first, assessor)
    services.submit_for_review(first, assessor)
    services.return_to_draft(first, second_assessor)
    services.submit_for_review(first, assessor)
    _decide(first, second_assessor)
    services.record_informed(first, assessor, what="outcome", on=timezone.localdate(),
                             how="letter")
    services.withdraw(first, second_assessor, reason="Misuse of funds reported.")

    second = services.open_assessment(organisation, assessor)
    fill(second, assessor)
    services.submit_for_review(second, assessor)
    _decide(second, second_assessor)
    Assessment.objects.filter(pk=second.pk).update(
        review_on=timezone.localdate() - datetime.timedelta(days=1))
    services.expire_due_assessments()

    reasons = list(first.history.order_by("history_date", "history_id")
                   .values_list("history_change_reason", "history_user"))
    assert reasons == [
        ("opened", assessor.pk),
        ("informed of the procedure", assessor.pk),
        ("submitted for review", assessor.pk),
        ("returned to draft", second_assessor.pk),
        ("submitted for review", assessor.pk),
        ("decided", second_assessor.pk),
        ("informed of the outcome", assessor.pk),
        ("withdrawn", second_assessor.pk),
    ]
    assert second.history.filter(history_change_reason="expired", history_user=None).exists()
    finding = first.findings.first()
    assert set(finding.history.values_list("history_change_reason", flat=True)) == {
        "opened", "findings edited"}
    assert [h.status for h in second.history.order_by("history_date", "history_id")][-1] == (
        "expired")


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_history_reads_in_the_reader_s_language(in_review, assessor, second_assessor,
                                                   language):
    """Each reason the workflow gives is a whole msgid, translated when shown; a person who
    decides where nobody had is a change from empty ("—"), never a "deleted user"."""
    _decide(in_review, second_assessor)
    services.record_informed(in_review, assessor, what="outcome", on=timezone.localdate(),
                             how="letter")
    with translation.override(language):
        rows = history_rows(in_review)
        reasons = [row.reason for row in rows]
        for english in ("informed of the outcome", "decided", "submitted for review",
                        "informed of the procedure", "opened"):
            assert gettext(english) in reasons and gettext(english) != english
        decided = next(row for row in rows if row.reason == gettext("decided"))
        by = next(change for change in decided.changes if change[0] == gettext("decided by"))
        assert by[1:] == ("—", second_assessor)


def test_findings_history_keeps_the_rating(organisation, assessor):
    assessment = services.open_assessment(organisation, assessor)
    finding = assessment.findings.first()
    services.update_findings(assessment, assessor, {finding.pk: {"rating": Rating.QUESTIONS}})
    assert finding.history.first().rating == Rating.QUESTIONS


# --- notifications -----------------------------------------------------------------------------


def test_decisions_notify_without_content(municipality, organisation, assessor,
                                          second_assessor, coordinator,
                                          django_capture_on_commit_callbacks):
    professional = member(municipality, Role.PARTNER_PROFESSIONAL)
    portal = member(municipality, Role.COMMUNITY_REPRESENTATIVE)
    outsider = member(MunicipalityFactory(), Role.COORDINATOR)
    assessment = services.open_assessment(organisation, assessor)
    services.update_findings(assessment, assessor, {
        f.pk: {"findings": "SECRET-FINDING", "sources": "SECRET-SOURCE", "rating": "meets"}
        for f in assessment.findings.all()})
    services.record_informed(assessment, assessor, what="procedure", on=timezone.localdate(),
                             how="meeting")
    services.submit_for_review(assessment, assessor)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(assessment, second_assessor, outcome=Outcome.CLEARED_WITH_CONDITIONS,
                conditions="SECRET-CONDITION", reasons="SECRET-REASON",
                review_on=datetime.date.today() + datetime.timedelta(days=200))
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    assert set(by_recipient) == {assessor.email, coordinator.email}  # not the decider
    for message in mail.outbox:
        for secret in ("SECRET-FINDING", "SECRET-SOURCE", "SECRET-CONDITION", "SECRET-REASON"):
            assert secret not in message.subject + message.body
    to_coordinator = by_recipient[coordinator.email].body
    assert "Cleared with conditions" in to_coordinator
    review = datetime.date.today() + datetime.timedelta(days=200)
    assert formats.date_format(review, "j F Y") in to_coordinator  # in the recipient's language
    assert "/assessments/" not in to_coordinator  # no link to content they cannot read
    for nobody in (professional, portal, outsider):
        assert nobody.email not in by_recipient


def test_opening_and_review_notify_assessors_only(municipality, organisation, assessor,
                                                  second_assessor, coordinator,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assessment = services.open_assessment(organisation, assessor)
    with django_capture_on_commit_callbacks(execute=True):
        fill(assessment, assessor)
        services.submit_for_review(assessment, assessor)
    assert [m.to for m in mail.outbox] == [[second_assessor.email], [second_assessor.email]]
    assert "submitted for review" in mail.outbox[1].body


def test_no_mail_when_the_transition_fails(in_review, assessor,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        _decide(in_review, assessor)
    assert mail.outbox == []
