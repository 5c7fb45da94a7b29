"""Sections of a record's page added by a higher layer (coordinator/sections.py): the community
page of ``networks`` shows what ``engagement`` registers, without importing it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coordinator import sections
from coordinator.access import InformationCategory
from coordinator.models import Role
from sharing.models import Agreement, AgreementParty, AgreementState

from .factories import CommunityFactory, OrganisationFactory, member

pytestmark = pytest.mark.django_db


def test_engagement_registers_the_community_sections_in_order():
    assert [s.name for s in sections.registered_sections("networks.community")] == [
        "reciprocity", "community_concerns"]
    assert [s.name for s in sections.registered_sections("networks.organisation")] == [
        "portal_representatives", "relationships"]


def test_a_section_runs_only_for_those_who_may_see_its_model(municipality, client_for,
                                                             monkeypatch):
    community = CommunityFactory(municipality=municipality)
    seen = []

    def context_fn(request, obj):
        seen.append(obj)
        return {"reciprocity": None} if len(seen) > 1 else None

    monkeypatch.setattr(sections, "_sections", {})
    sections.register_section("networks.community", "probe", "engagement/sections/reciprocity.html",
                              context_fn, order=1, model="engagement.concern")
    url = reverse("networks:community_detail", args=[community.pk])
    coordinator = client_for(member(municipality, Role.COORDINATOR))
    assert coordinator.get(url).context["sections"] == []  # None: left out
    assert [s.name for s in coordinator.get(url).context["sections"]] == ["probe"]
    assert seen == [community, community]
    # A partner who sees the community but not concerns never gets the function run.
    police = OrganisationFactory(municipality=municipality)
    agreement = Agreement.objects.create(
        municipality=municipality, title="Profiles", purpose="Casework",
        lawful_basis="public_task", categories=[InformationCategory.COMMUNITY_PROFILE],
        starts_on=timezone.localdate(), state=AgreementState.ACTIVE)
    AgreementParty.objects.create(agreement=agreement, organisation=police, contact_name="Desk")
    partner = client_for(member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police))
    assert partner.get(url).context["sections"] == []
    assert len(seen) == 2
