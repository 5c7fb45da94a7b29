"""The e-mails of assessing partners leave through Celery (``vetting.tasks.send_notice``), one
task per recipient, from templates, never inside the request, and carry no assessment
content (issue 8)."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from coordinator.models import Role
from tests.factories import member
from vetting import services, tasks
from vetting.models import Outcome

from .conftest import fill

SECRETS = ("SECRET-FINDING", "SECRET-REASON", "SECRET-CONDITION")


@pytest.fixture
def enqueued(monkeypatch):
    """The ``send_notice`` tasks enqueued, as (user_id, name, context, language)."""
    calls = []
    monkeypatch.setattr(tasks.send_notice, "delay", lambda *args: calls.append(args))
    return calls


def test_a_transition_in_a_request_enqueues_instead_of_sending(
        organisation, assessor, second_assessor, client_for, enqueued,
        django_capture_on_commit_callbacks):
    assessment = services.open_assessment(organisation, assessor)
    fill(assessment, assessor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(assessor).post(
            reverse("vetting:submit", args=[assessment.pk]), {"confirm": "on"})
    assert response.status_code == 302

    assert mail.outbox == []
    assert enqueued == [(second_assessor.pk, "assessment_notice", {
        "organisation": "Youth House North",
        "event": "submitted for review; a second assessor decides",
        "state": "In review",
        "link": f"http://127.0.0.1:8000/assessments/{assessment.pk}/",
    }, "en")]


def test_a_decision_enqueues_one_task_per_recipient_without_content(
        municipality, organisation, assessor, second_assessor, coordinator, enqueued,
        django_capture_on_commit_callbacks):
    assessment = services.open_assessment(organisation, assessor)
    fill(assessment, assessor)
    services.update_findings(assessment, assessor, {
        f.pk: {"findings": "SECRET-FINDING"} for f in assessment.findings.all()})
    services.submit_for_review(assessment, assessor)
    review = datetime.date.today() + datetime.timedelta(days=200)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(assessment, second_assessor, outcome=Outcome.CLEARED_WITH_CONDITIONS,
                        reasons="SECRET-REASON", conditions="SECRET-CONDITION", review_on=review)

    by_user = {user_id: (name, context) for user_id, name, context, _language in enqueued}
    assert by_user == {
        assessor.pk: ("assessment_notice", {
            "organisation": "Youth House North", "event": "decided",
            "state": "Cleared with conditions",
            "link": f"http://127.0.0.1:8000/assessments/{assessment.pk}/"}),
        coordinator.pk: ("assessment_outcome", {
            "organisation": "Youth House North", "state": "Cleared with conditions",
            "review": f"{review.day} {review:%B %Y}"}),
    }
    assert not any(secret in str(enqueued) for secret in SECRETS)


def test_the_task_renders_the_templates(assessor):
    sent = tasks.send_notice(assessor.pk, "assessment_notice", {
        "organisation": "Youth & Co", "event": "opened", "state": "Draft", "link": ""})

    assert sent == 1
    [message] = mail.outbox
    assert message.to == [assessor.email]
    assert message.subject == "Assessing partners: Youth & Co"
    assert message.body.startswith("The assessment of Youth & Co: opened.\n\nState: Draft.\n")
    assert "Open it in Linchpin to read it: the assessments page" in message.body
    assert "carries no content of the assessment on purpose" in message.body


def test_the_compliance_alert_keeps_its_wording(coordinator):
    tasks.send_notice(coordinator.pk, "compliance_alert", {
        "organisation": "Youth House North", "what": "receives municipal funding",
        "link": "https://linchpin.example.org/networks/organisations/3/"})

    [message] = mail.outbox
    assert message.subject == "Assessing partners: a decision is needed for Youth House North"
    assert message.body.startswith(
        "Youth House North receives municipal funding, but no longer has a current, cleared "
        "assessment.\n\nNothing has been changed:")
    assert "https://linchpin.example.org/networks/organisations/3/" in message.body


def test_the_task_refuses_unplanned_content(coordinator):
    with pytest.raises(ValueError):
        tasks.send_notice(coordinator.pk, "assessment_outcome", {
            "organisation": "X", "state": "Cleared", "review": "none", "reasons": "SECRET"})
    with pytest.raises(ValueError):
        tasks.send_notice(coordinator.pk, "../registration/password_reset_email", {})
    assert mail.outbox == []


def test_the_task_skips_a_user_who_left(municipality):
    gone = member(municipality, Role.ASSESSOR)
    gone.is_active = False
    gone.save()
    assert tasks.send_notice(gone.pk, "assessment_outcome", {"organisation": "X"}) == 0
    assert mail.outbox == []


def test_the_task_retries_on_mail_errors():
    assert issubclass(smtplib.SMTPServerDisconnected, tasks.send_notice.autoretry_for)
    assert tasks.send_notice.max_retries
