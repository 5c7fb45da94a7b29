"""The engagement step a community's records show (issue 9, "The network, step by step"):
proposed from constructed records, accepted in one click, and going back a step only with a
reason kept in the history."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import OuterRef
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinator.access import Actor
from coordinator.models import Role
from engagement.models import Interaction
from engagement.steps import interaction_evidence
from networks import services, steps
from networks.models import Community, EngagementLevel, EngagementStep, Organisation

from ..factories import CommunityFactory, InteractionFactory, OrganisationFactory, member

pytestmark = pytest.mark.django_db

STEP = EngagementStep


def _collaborating(municipality, community):
    """An organisation of ``community`` at collaboration level. The level is set with an
    update: the assessment the gate asks for is vetting's business, not this test's."""
    organisation = OrganisationFactory(municipality=municipality)
    organisation.communities.add(community)
    Organisation.objects.filter(pk=organisation.pk).update(
        engagement_level=EngagementLevel.COLLABORATION)
    return organisation


def test_no_records_propose_preparations(municipality):
    community = CommunityFactory(municipality=municipality)
    assert steps.proposed_step(community) == STEP.PREPARATIONS


def test_a_first_interaction_means_contact_is_established(municipality):
    community = CommunityFactory(municipality=municipality)
    InteractionFactory(municipality=municipality, community=community)
    assert steps.proposed_step(community) == STEP.ESTABLISHING_CONTACT


def test_the_interaction_evidence_is_registered_by_engagement():
    assert interaction_evidence in steps.registered_step_evidence()


def test_a_partner_at_collaboration_level_means_dialogue(municipality):
    community = CommunityFactory(municipality=municipality)
    InteractionFactory(municipality=municipality, community=community)
    _collaborating(municipality, community)
    assert steps.proposed_step(community) == STEP.DIALOGUE_AND_COLLABORATION


def test_a_partner_at_dialogue_level_is_no_evidence_of_dialogue(municipality):
    community = CommunityFactory(municipality=municipality)
    OrganisationFactory(municipality=municipality).communities.add(community)
    assert steps.proposed_step(community) == STEP.PREPARATIONS


def test_registered_evidence_counts_and_the_highest_step_wins(municipality):
    quiet, met = CommunityFactory.create_batch(2, municipality=municipality)
    InteractionFactory(municipality=municipality, community=met)

    # as the meetings app would register it: every community with an interaction "met"
    meetings = steps.StepEvidence(
        step=STEP.DIALOGUE_AND_COLLABORATION,
        rows=lambda: Interaction._base_manager.filter(community_id=OuterRef("pk")))

    steps.register_step_evidence(meetings)
    steps.register_step_evidence(meetings)  # twice is once
    try:
        assert steps.registered_step_evidence().count(meetings) == 1
        assert steps.proposed_steps([quiet.pk, met.pk, 999_999]) == {
            quiet.pk: STEP.PREPARATIONS, met.pk: STEP.DIALOGUE_AND_COLLABORATION,
            999_999: STEP.PREPARATIONS}
    finally:
        steps.unregister_step_evidence(meetings)
    assert steps.proposed_step(met) == STEP.ESTABLISHING_CONTACT


def test_a_batch_costs_one_query_whatever_the_kinds_of_evidence(municipality):
    def ask(count):
        communities = CommunityFactory.create_batch(count, municipality=municipality)
        for community in communities:
            InteractionFactory(municipality=municipality, community=community)
            _collaborating(municipality, community)
        with CaptureQueriesContext(connection) as queries:
            proposal = steps.proposed_steps([c.pk for c in communities])
        assert set(proposal.values()) == {STEP.DIALOGUE_AND_COLLABORATION}
        return len(queries)

    assert ask(2) == ask(20) == 1
    assert steps.proposed_steps([]) == {}


def test_the_community_page_offers_to_accept_a_step_ahead(coordinator_client, municipality):
    community = CommunityFactory(municipality=municipality)
    InteractionFactory(municipality=municipality, community=community)
    page = coordinator_client.get(community.get_absolute_url()).content.decode()
    assert "The records show a later step: 2. Establishing contact." in page
    assert reverse("networks:community_accept_step", args=[community.pk]) in page

    response = coordinator_client.post(
        reverse("networks:community_accept_step", args=[community.pk]), {"step": "2"})
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.engagement_step == STEP.ESTABLISHING_CONTACT
    record = community.history.first()
    assert record.history_change_reason == services.ACCEPTED_REASON
    assert record.history_user is not None
    page = coordinator_client.get(community.get_absolute_url()).content.decode()
    assert "The records show the same step." in page
    assert reverse("networks:community_accept_step", args=[community.pk]) not in page


def test_accepting_a_stale_proposal_changes_nothing(coordinator_client, municipality):
    community = CommunityFactory(municipality=municipality)
    InteractionFactory(municipality=municipality, community=community)
    response = coordinator_client.post(
        reverse("networks:community_accept_step", args=[community.pk]), {"step": "4"},
        follow=True)
    assert "The records now show another step" in response.content.decode()
    community.refresh_from_db()
    assert community.engagement_step == STEP.PREPARATIONS


def test_nothing_to_accept_when_the_recorded_step_is_further(municipality, coordinator):
    community = CommunityFactory(municipality=municipality,
                                 engagement_step=STEP.SELECTING_PARTNERS)
    InteractionFactory(municipality=municipality, community=community)
    actor = Actor(coordinator, coordinator.memberships.get())
    with pytest.raises(ValidationError, match="nothing to accept"):
        services.accept_proposed_step(actor, community)
    assert Community.objects.get(pk=community.pk).engagement_step == STEP.SELECTING_PARTNERS


def test_the_assessor_may_not_accept(client_for, municipality):
    community = CommunityFactory(municipality=municipality)
    InteractionFactory(municipality=municipality, community=community)
    assessor = client_for(member(municipality, Role.ASSESSOR))
    page = assessor.get(community.get_absolute_url()).content.decode()
    assert "The records show" not in page
    response = assessor.post(reverse("networks:community_accept_step", args=[community.pk]))
    assert response.status_code == 403
    assert Community.objects.get(pk=community.pk).engagement_step == STEP.PREPARATIONS


def _edit(client, community, step, reason=""):
    community.refresh_from_db()
    data = {
        "name": community.name, "kind": community.kind, "engagement_step": str(step),
        "step_change_reason": reason, "lock_version": community.lock_version,
    }
    return client.post(reverse("networks:community_update", args=[community.pk]), data)


def test_going_back_a_step_in_the_form_needs_a_reason(coordinator_client, municipality):
    community = CommunityFactory(municipality=municipality,
                                 engagement_step=STEP.DIALOGUE_AND_COLLABORATION)
    response = _edit(coordinator_client, community, STEP.ESTABLISHING_CONTACT)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "say why" in " ".join(errors["step_change_reason"])
    assert Community.objects.get(pk=community.pk).engagement_step == STEP.DIALOGUE_AND_COLLABORATION

    reason = "The board of the association changed; contact starts again."
    response = _edit(coordinator_client, community, STEP.ESTABLISHING_CONTACT, reason)
    assert response.status_code == 302, response.context["form"].errors
    community.refresh_from_db()
    assert community.engagement_step == STEP.ESTABLISHING_CONTACT
    assert community.history.first().history_change_reason == reason
    page = coordinator_client.get(community.get_absolute_url()).content.decode()
    assert reason in page  # the history on the page shows it


def test_going_forward_needs_no_reason(coordinator_client, municipality):
    community = CommunityFactory(municipality=municipality)
    response = _edit(coordinator_client, community, STEP.SELECTING_PARTNERS)
    assert response.status_code == 302
    assert Community.objects.get(pk=community.pk).engagement_step == STEP.SELECTING_PARTNERS


def test_a_new_community_has_no_reason_field(coordinator_client):
    form = coordinator_client.get(reverse("networks:community_create")).context["form"]
    assert "step_change_reason" not in form.fields


def test_going_back_anywhere_else_needs_a_reason(municipality):
    community = CommunityFactory(municipality=municipality,
                                 engagement_step=STEP.SELECTING_PARTNERS)
    community = Community.objects.get(pk=community.pk)
    community.engagement_step = STEP.PREPARATIONS
    with pytest.raises(ValidationError):
        community.save()
    with pytest.raises(ValidationError):
        community.full_clean()
    fresh = Community.objects.get(pk=community.pk)  # an instance not loaded with its step
    fresh.engagement_step = STEP.PREPARATIONS
    fresh._stored_step = None
    with pytest.raises(ValidationError):
        fresh.save(update_fields=["engagement_step"])
    community._change_reason = "Mapped again after the merger of two neighbourhoods."
    community.save()
    assert Community.objects.get(pk=community.pk).engagement_step == STEP.PREPARATIONS
    assert community.history.first().history_change_reason == community._change_reason


def test_the_community_pages_run_a_constant_number_of_queries(coordinator_client,
                                                              municipality):
    community = CommunityFactory(municipality=municipality)

    def queries_with(rows):
        for _ in range(rows):
            InteractionFactory(municipality=municipality, community=community)
            _collaborating(municipality, community)
            InteractionFactory(municipality=municipality,
                               community=CommunityFactory(municipality=municipality))
        counts = []
        for url in (community.get_absolute_url(), reverse("networks:community_list")):
            coordinator_client.get(url)  # caches warmed
            with CaptureQueriesContext(connection) as queries:
                response = coordinator_client.get(url)
            assert response.status_code == 200
            counts.append(len(queries))
        return counts

    assert queries_with(2) == queries_with(20)
    page = coordinator_client.get(reverse("networks:community_list")).content.decode()
    assert "records show step 4" in page
