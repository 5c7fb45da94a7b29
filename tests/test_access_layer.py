"""The access layer itself (coordinator.access): tenancy raises outside a scope, a model with
no policy raises, and agreements grant and revoke at query time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import ScopeError

from coordinator.access import Actor, InformationCategory, NoPolicy, policy_for, visible
from coordinator.models import Role
from engagement.models import Interaction
from networks.models import Community
from sharing.models import Agreement, AgreementParty, AgreementState

from .factories import CommunityFactory, InteractionFactory, OrganisationFactory, member


@pytest.mark.tenancy_scopes
@pytest.mark.django_db
def test_a_query_outside_a_municipality_scope_raises():
    with pytest.raises(ScopeError):
        list(Community.objects.all())
    with pytest.raises(ScopeError):
        Interaction.objects.filter(kind="phone_call").count()


def test_a_model_without_a_policy_raises(db):
    from django.contrib.auth.models import Group

    with pytest.raises(NoPolicy):
        policy_for(Group)


@pytest.fixture
def police(municipality):
    return OrganisationFactory(municipality=municipality, name="Police", kind="police")


@pytest.fixture
def partner(municipality, police):
    return member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police)


def _agreement(municipality, police, **fields):
    values = {"title": "Safety House", "purpose": "Multi-agency casework",
              "categories": [InformationCategory.INTERACTION_NOTES],
              "lawful_basis": "public_task", "starts_on": timezone.localdate(),
              "state": AgreementState.ACTIVE, **fields}
    agreement = Agreement.objects.create(municipality=municipality, **values)
    AgreementParty.objects.create(agreement=agreement, organisation=police,
                                  contact_name="Desk officer")
    return agreement


def test_an_active_agreement_opens_its_category_and_nothing_else(municipality, police, partner):
    note = InteractionFactory(municipality=municipality, needs_heard="A school needs support")
    community = CommunityFactory(municipality=municipality)
    actor = Actor(partner, partner.memberships.get())
    assert not visible(actor, Interaction.objects.all()).exists()
    _agreement(municipality, police)
    actor = Actor(partner, partner.memberships.get())
    assert list(visible(actor, Interaction.objects.all())) == [note]
    assert not visible(actor, Community.objects.filter(pk=community.pk)).exists()


@pytest.mark.parametrize("change", [
    {"state": AgreementState.SUSPENDED},
    {"state": AgreementState.ENDED},
    {"ends_on": timezone.localdate() - datetime.timedelta(days=1),
     "starts_on": timezone.localdate() - datetime.timedelta(days=30)},
])
def test_suspending_ending_or_passing_the_end_revokes_on_the_next_request(
        municipality, police, partner, client_for, change):
    note = InteractionFactory(municipality=municipality, needs_heard="Shared note")
    agreement = _agreement(municipality, police)
    client = client_for(partner)
    url = reverse("interaction_detail", args=[note.pk])
    assert client.get(url).status_code == 200
    Agreement.objects.filter(pk=agreement.pk).update(**change)
    assert client.get(url).status_code == 404


def test_ethnicity_and_faith_reach_a_partner_only_under_an_article_9_condition(
        municipality, police, partner, client_for):
    community = CommunityFactory(municipality=municipality, ethnicity="Zzethnicity",
                                 faith="Zzfaith")
    agreement = _agreement(municipality, police,
                           categories=[InformationCategory.COMMUNITY_PROFILE])
    url = reverse("networks:community_detail", args=[community.pk])
    body = client_for(partner).get(url).content.decode()
    assert community.name in body and "Zzethnicity" not in body and "Zzfaith" not in body
    Agreement.objects.filter(pk=agreement.pk).update(
        special_category_condition="substantial_public_interest")
    body = client_for(partner).get(url).content.decode()
    assert "Zzethnicity" in body and "Zzfaith" in body


def test_the_partner_sees_no_history_and_no_edit_link(municipality, police, partner, client_for):
    note = InteractionFactory(municipality=municipality)
    _agreement(municipality, police)
    response = client_for(partner).get(reverse("interaction_detail", args=[note.pk]))
    assert response.status_code == 200
    assert response.context["history"] == [] and not response.context["can_edit"]
    assert reverse("interaction_update", args=[note.pk]) not in response.content.decode()
    assert client_for(partner).get(reverse("interaction_update", args=[note.pk])).status_code == 403
