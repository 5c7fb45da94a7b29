"""The engagement process screens (interactions, commitments): choices scoped to the
municipality, the rules of each form, recording a commitment from an interaction. Scoping and
history of every screen are in the shared matrices of tests/networks/test_views.py."""

import datetime

import pytest
from django.urls import reverse

from engagement.models import Commitment, CommitmentStatus, Interaction

from ..factories import CommitmentFactory, CommunityFactory, InteractionFactory

pytestmark = pytest.mark.django_db



def test_form_choices_only_offer_the_municipalitys_records(coordinator_client, municipality,
                                                           other_municipality):
    CommunityFactory(municipality=municipality, name="Our community")
    CommunityFactory(municipality=other_municipality, name="Their community")
    form = coordinator_client.get(reverse("interaction_create")).context["form"]
    names = [c.name for c in form.fields["community"].queryset]
    assert names == ["Our community"]


def test_a_posted_foreign_community_is_refused(coordinator_client, other_municipality):
    foreign = CommunityFactory(municipality=other_municipality)
    response = coordinator_client.post(reverse("interaction_create"), {
        "kind": "meeting", "occurred_on": "2026-01-10", "community": foreign.pk,
    })
    assert response.status_code == 200
    assert "community" in response.context["form"].errors
    assert not Interaction.objects.exists()


def test_dropping_a_commitment_needs_a_reason(coordinator_client, municipality):
    commitment = CommitmentFactory(municipality=municipality)
    url = reverse("commitment_update", args=[commitment.pk])
    data = {"description": commitment.description, "made_to": commitment.made_to,
            "due_on": commitment.due_on.isoformat(), "status": CommitmentStatus.DROPPED}
    response = coordinator_client.post(url, data)
    assert "dropped_reason" in response.context["form"].errors
    response = coordinator_client.post(url, {**data, "dropped_reason": "Budget cut by council."})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.DROPPED
    assert commitment.closed_on is not None


def test_interactions_cannot_be_logged_in_the_future(coordinator_client, municipality):
    community = CommunityFactory(municipality=municipality)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = coordinator_client.post(reverse("interaction_create"), {
        "kind": "meeting", "occurred_on": tomorrow.isoformat(), "community": community.pk,
    })
    assert "occurred_on" in response.context["form"].errors


def test_an_interaction_needs_someone_to_have_been_met(coordinator_client):
    response = coordinator_client.post(reverse("interaction_create"), {
        "kind": "meeting", "occurred_on": "2026-01-10",
    })
    assert response.context["form"].non_field_errors()


def test_commitment_recorded_from_an_interaction(coordinator_client, municipality):
    interaction = InteractionFactory(municipality=municipality)
    url = reverse("commitment_create") + f"?interaction={interaction.pk}"
    form = coordinator_client.get(url).context["form"]
    assert form.initial["interaction"] == str(interaction.pk)
    response = coordinator_client.post(reverse("commitment_create"), {
        "description": "Open the youth centre on Friday evenings", "made_to": "Parents",
        "interaction": interaction.pk, "due_on": "2027-01-01", "status": "open",
    })
    assert response.status_code == 302
    assert Commitment.objects.get().interaction == interaction
