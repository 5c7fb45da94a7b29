"""Issue 8, bad input on the action plan screens: rows of element 5 or 6 without an organisation
(125 of the 145 server errors the fuzzer found), invalid and foreign organisation ids, the race
of two plans with one title, implausible dates and amounts, and the PDF task's time limit."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.urls import reverse

from actionplans import services
from actionplans.forms import PlanForm
from actionplans.models import (
    ActionPlan,
    ExportStatus,
    KeyOrganisation,
    PartnerRole,
    ResourceCommitment,
    VersionState,
)
from actionplans.tasks import render_plan_pdf
from tests.factories import OrganisationFactory


def formset_data(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return data


def element_url(version, element):
    return reverse("actionplans:element_edit", args=[version.pk, element])


@pytest.mark.parametrize("organisation", ["", "999999", "abc", "²", "foreign"])
def test_a_key_organisation_row_without_a_valid_organisation_is_a_form_error(
        coordinator_client, version, other_municipality, organisation):
    if organisation == "foreign":
        organisation = str(OrganisationFactory(municipality=other_municipality).pk)
    data = formset_data("keyorganisation", [
        {"organisation": organisation, "reason": "Trusted by parents", "aim": "", "position": "0"}])
    response = coordinator_client.post(element_url(version, 5), data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not KeyOrganisation.objects.exists()


@pytest.mark.parametrize("organisation", ["", "999999", "foreign"])
def test_a_partner_role_row_without_a_valid_organisation_is_a_form_error(
        coordinator_client, version, other_municipality, organisation):
    if organisation == "foreign":
        organisation = str(OrganisationFactory(municipality=other_municipality).pk)
    data = {
        **formset_data("sharedsubgoal", []),
        **formset_data("partnerrole", [{"organisation": organisation, "role": "Education",
                                        "position": "0"}]),
        **formset_data("sharedinformation", []),
        "fields-overall_coordinator": "The coordinator",
    }
    response = coordinator_client.post(element_url(version, 6), data)
    assert response.status_code == 200
    assert not PartnerRole.objects.exists()


def test_a_negative_amount_is_refused(coordinator_client, version):
    data = {**formset_data("politicalsponsor", []), **formset_data("resourcecommitment", [
        {"description": "Coordinator", "amount_eur": "-1", "position": "0"}])}
    response = coordinator_client.post(element_url(version, 3), data)
    assert response.status_code == 200
    assert "greater than or equal to 0" in response.content.decode()
    assert not ResourceCommitment.objects.exists()


def test_two_plans_of_one_title_at_the_same_moment(coordinator_client, municipality, monkeypatch):
    """The form's check passes for both requests; the database decides, and the loser gets the
    form back with a message, not a server error."""
    services.create_plan(municipality, "Living together")
    monkeypatch.setattr(PlanForm, "clean_title", lambda form: form.cleaned_data["title"])
    response = coordinator_client.post(reverse("actionplans:plan_create"),
                                       {"title": "Living together"})
    assert response.status_code == 200
    assert "A plan with this title exists already." in response.content.decode()
    assert ActionPlan.objects.count() == 1


@pytest.mark.parametrize("day, message", [
    ("9999-12-31", "Give a date between 1900-01-01 and"),
    ("0001-01-01", "Give a date between 1900-01-01 and"),
    ("2999-01-01", "Give a date between 1900-01-01 and"),
])
def test_a_council_decision_needs_a_plausible_date(complete_version, coordinator, admin_user,
                                                   client_for, day, message):
    services.send_to_consultation(complete_version, coordinator)
    response = client_for(admin_user).post(
        reverse("actionplans:approve", args=[complete_version.pk]),
        {"council_decision_reference": "Council 2025-12", "approved_on": day})
    assert response.status_code == 200
    assert message in response.content.decode()
    complete_version.refresh_from_db()
    assert complete_version.state == VersionState.IN_CONSULTATION


def test_the_pdf_task_has_time_limits(settings):
    assert render_plan_pdf.soft_time_limit == settings.LINCHPIN_PDF_SOFT_TIME_LIMIT
    assert render_plan_pdf.time_limit == settings.LINCHPIN_PDF_TIME_LIMIT
    assert render_plan_pdf.soft_time_limit < render_plan_pdf.time_limit


def test_an_export_stopped_at_the_soft_time_limit_is_failed_with_a_reason(
        approved_version, coordinator, monkeypatch):
    from actionplans import pdf

    def too_slow(html):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(pdf, "layout", too_slow)
    export = approved_version.exports.create(requested_by=coordinator)
    render_plan_pdf(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.finished_at is not None
    assert "took longer than" in export.error and "stopped" in export.error
