"""What the portal adds to the coordinator's pages (issue 10): the dashboard panel of corrections
waiting for a decision, and the representatives section of an organisation's page."""

import pytest
from django.urls import reverse

from coordinator.models import Role
from portal.models import CorrectionStatus, ProfileCorrection
from tests.factories import OrganisationFactory, member

from .conftest import page

pytestmark = pytest.mark.django_db

PANEL = "Corrections proposed in the portal"
SECTION = "Representatives in the portal"


def correction(organisation, **fields):
    return ProfileCorrection.objects.create(
        municipality=organisation.municipality, organisation=organisation,
        changes={"mandate": "New words"}, previous={"mandate": "Old words"}, **fields)


def test_the_dashboard_lists_the_corrections_that_wait(
        municipality, other_municipality, organisation, neighbour, coordinator_client):
    waiting = correction(organisation)
    correction(neighbour, status=CorrectionStatus.DECLINED, decision_note="No.")
    correction(OrganisationFactory(municipality=other_municipality, name="Elsewhere"))

    response = coordinator_client.get(reverse("dashboard"))
    html = page(response)
    panel = next(p for row in response.context["panels"].rows for p in row
                 if p.name == "corrections_waiting")
    assert int(panel.context["count"]) == 1  # neither the decided one nor the foreign one
    assert PANEL in html and '<span class="stat">1</span> waiting for your decision' in html
    assert reverse("representatives:corrections") in html
    assert "Elsewhere" not in html
    assert waiting.is_pending


def test_the_dashboard_panel_says_when_nothing_waits(coordinator_client, organisation):
    correction(organisation, status=CorrectionStatus.ACCEPTED)
    html = page(coordinator_client.get(reverse("dashboard")))
    assert '<span class="stat">0</span> waiting for your decision' in html


def test_an_assessor_sees_no_corrections(municipality, organisation, client_for):
    correction(organisation)
    html = page(client_for(member(municipality, Role.ASSESSOR)).get(reverse("dashboard")))
    assert PANEL not in html


def test_the_organisation_page_shows_its_representatives(
        municipality, organisation, neighbour, representative, coordinator_client):
    member(municipality, Role.COMMUNITY_REPRESENTATIVE, organisation=neighbour,
           user__first_name="Walter", user__last_name="West")
    waiting = correction(organisation)

    html = page(coordinator_client.get(organisation.get_absolute_url()))
    assert SECTION in html
    assert "Rachida Rep" in html and representative.email in html
    assert "Walter West" not in html
    assert "1 proposed correction waits for a decision" in html
    assert reverse("representatives:correction", args=[waiting.pk]) in html
    assert f'{reverse("representatives:invite")}?organisation={organisation.pk}' in html


def test_an_organisation_without_representatives_says_so(neighbour, coordinator_client):
    html = page(coordinator_client.get(neighbour.get_absolute_url()))
    assert "Nobody represents this organisation in the portal yet." in html


def test_an_assessor_does_not_see_who_represents_it(municipality, organisation, representative,
                                                   client_for):
    html = page(client_for(member(municipality, Role.ASSESSOR)).get(
        organisation.get_absolute_url()))
    assert SECTION not in html and "Rachida Rep" not in html
