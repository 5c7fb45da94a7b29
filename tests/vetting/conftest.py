"""Fixtures for assessing partners: a municipality's assessors, an organisation with a logged
contact, and helpers that walk an assessment through its states."""

import datetime

import pytest
from django.utils import timezone

from coordinator.celery import app as celery_app
from coordinator.models import Role
from tests.factories import InteractionFactory, OrganisationFactory, member
from vetting import services
from vetting.models import Outcome, Rating


@pytest.fixture(autouse=True)
def eager_celery():
    """Run the e-mail tasks the services enqueue at once, in the test (``mail.outbox``)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def assessor(municipality):
    return member(municipality, Role.ASSESSOR)


@pytest.fixture
def second_assessor(municipality):
    return member(municipality, Role.ASSESSOR)


@pytest.fixture
def municipal_admin(municipality):
    return member(municipality, Role.MUNICIPAL_ADMIN)


@pytest.fixture
def organisation(municipality):
    """An organisation with one logged interaction (so an assessment may be opened)."""
    org = OrganisationFactory(municipality=municipality, name="Youth House North")
    InteractionFactory(municipality=municipality).organisations.add(org)
    return org


def fill(assessment, by):
    """Rate every criterion and record that the organisation was informed of the procedure."""
    services.update_findings(assessment, by, {
        f.pk: {"findings": f"Checked {f.key}.", "sources": "https://example.org/annual-report",
               "rating": Rating.MEETS}
        for f in assessment.findings.all()
    })
    return services.record_informed(
        assessment, by, what="procedure", on=timezone.localdate(), how="meeting",
        notes="Explained the procedure and the criteria at their office.")


def in_a_year():
    return timezone.localdate() + datetime.timedelta(days=365)


@pytest.fixture
def make_decided(assessor, second_assessor):
    """``make_decided(org, outcome=..., review_on=...)``: an assessment opened, filled,
    submitted by ``assessor`` and decided by ``second_assessor``."""

    def make(org, outcome=Outcome.CLEARED, review_on=None, conditions=""):
        assessment = services.open_assessment(org, assessor)
        fill(assessment, assessor)
        services.submit_for_review(assessment, assessor)
        if outcome == Outcome.CLEARED_WITH_CONDITIONS and not conditions:
            conditions = "Sign the charter for democratic values within three months."
        if review_on is None and outcome != Outcome.NOT_CLEARED:
            review_on = in_a_year()
        return services.decide(
            assessment, second_assessor, outcome=outcome, reasons="Cross-checked references.",
            conditions=conditions, review_on=review_on)

    return make
