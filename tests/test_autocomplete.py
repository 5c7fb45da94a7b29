"""Choosing people and organisations among thousands (issue 13): the meeting and interaction
forms offer an autocomplete (a multiple select the script enhances) instead of a checkbox per
record, fed by a search that goes through the access layer."""

import pytest
from django.urls import reverse

from coordinator.autocomplete import MAX_RESULTS
from coordinator.models import Role
from tests.factories import CommunityFactory, OrganisationFactory, PersonFactory, member

pytestmark = pytest.mark.django_db

SEARCH = reverse("record_search")


def _found(client, model, q):
    response = client.get(SEARCH, {"model": model, "q": q})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return [r["label"] for r in response.json()["results"]]


def test_the_search_finds_only_what_the_user_may_see(coordinator_client, municipality,
                                                     other_municipality):
    OrganisationFactory(municipality=municipality, name="Mosque association")
    OrganisationFactory(municipality=municipality, name="Youth club")
    OrganisationFactory(municipality=other_municipality, name="Mosque of elsewhere")
    assert _found(coordinator_client, "networks.organisation", "mosque") == ["Mosque association"]
    assert _found(coordinator_client, "networks.organisation", "  ") == []
    PersonFactory(municipality=municipality, name="Amina", role="Youth worker")
    assert _found(coordinator_client, "networks.person", "youth w") == ["Amina (Youth worker)"]
    CommunityFactory(municipality=other_municipality, name="Far community")
    assert _found(coordinator_client, "networks.community", "far") == []


def test_the_search_returns_a_bounded_page(coordinator_client, municipality):
    OrganisationFactory.create_batch(MAX_RESULTS + 5, municipality=municipality)
    response = coordinator_client.get(SEARCH, {"model": "networks.organisation", "q": "a"})
    assert 0 < len(response.json()["results"]) <= MAX_RESULTS


def test_the_search_refuses_other_models_and_users_without_the_right(client, municipality,
                                                                     coordinator_client):
    assert coordinator_client.get(SEARCH, {"model": "coordinator.membership", "q": "a"}
                                  ).status_code == 404
    assert coordinator_client.get(SEARCH, {"q": "a"}).status_code == 404
    partner = member(municipality, Role.PARTNER_PROFESSIONAL,
                     organisation=OrganisationFactory(municipality=municipality))
    client.force_login(partner)
    assert client.get(SEARCH, {"model": "networks.organisation", "q": "a"}).status_code == 403


def test_the_meeting_and_interaction_forms_offer_the_autocomplete(coordinator_client,
                                                                  municipality):
    OrganisationFactory(municipality=municipality, name="Local police")
    page = coordinator_client.get(reverse("dialogue:meeting_create")).content.decode()
    select = page[page.index('<select name="invited_organisations"'):]
    select = select[:select.index(">")]
    assert 'data-autocomplete="/search/records/?model=networks.organisation"' in select
    assert "multiple" in select
    assert 'name="invited_organisations" value=' not in page  # no checkbox per organisation
    assert ">Local police</option>" in page  # without the script, a plain multiple select
    page = coordinator_client.get(reverse("interaction_create")).content.decode()
    assert 'data-autocomplete="/search/records/?model=networks.person"' in page
    assert '<script src="/static/js/linchpin.js' in page
