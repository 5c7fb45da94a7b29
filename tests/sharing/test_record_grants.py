"""Per-record grants (issue 7 "Enforcement"): a coordinator shares one interaction note with one
partner organisation under an active agreement; the partner opens it, it is logged under that
agreement, it is listed apart ("Shared with you individually"), and it dies with its agreement
or when revoked."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from coordinator.access import InformationCategory
from coordinator.models import Role
from sharing.models import AccessEvent, Agreement, AgreementState, InteractionGrant, PartnerGroup
from tests.factories import CommunityFactory, InteractionFactory, OrganisationFactory, member

IC = InformationCategory


@pytest.fixture
def note(municipality):
    return InteractionFactory(municipality=municipality,
                              needs_heard="The school asks for support after the incident")


@pytest.fixture
def covenant(make_agreement):
    """An agreement with the police that covers commitments only: interaction notes reach the
    police only when shared one by one."""
    return make_agreement(title="Safety House", categories=[IC.COMMITMENTS])


def _share(client, note, agreement, organisation):
    return client.post(reverse("sharing_grants:share_interaction", args=[note.pk]),
                       {"target": f"{agreement.pk}:{organisation.pk}"})


def test_a_coordinator_shares_one_note_and_the_partner_opens_it(
        municipality, coordinator_client, partner, police, note, covenant, client_for):
    share_page = reverse("sharing_grants:share_interaction", args=[note.pk])
    detail = reverse("interaction_detail", args=[note.pk])
    assert share_page in coordinator_client.get(detail).content.decode()
    form = coordinator_client.get(share_page)
    assert "Police Sarcelles, under “Safety House”" in form.content.decode()
    partner_client = client_for(partner)
    assert partner_client.get(detail).status_code == 404

    response = _share(coordinator_client, note, covenant, police)
    assert response.status_code == 302
    grant = InteractionGrant.objects.get()
    assert (grant.content_object, grant.agreement, grant.permission.codename) == (
        note, covenant, "view_interaction")
    assert PartnerGroup.objects.get(organisation=police).group == grant.group
    listing = coordinator_client.get(share_page).content.decode()
    assert "Stop sharing with Police Sarcelles" in listing

    page = partner_client.get(detail)
    assert page.status_code == 200
    assert "The school asks for support after the incident" in page.content.decode()
    event = AccessEvent.objects.get()
    assert (event.object_ids, event.agreement_ids) == ([note.pk], [covenant.pk])


def test_the_grant_dies_with_its_agreement(municipality, coordinator_client, partner, police,
                                           note, covenant, client_for):
    _share(coordinator_client, note, covenant, police)
    client = client_for(partner)
    url = reverse("interaction_detail", args=[note.pk])
    assert client.get(url).status_code == 200
    Agreement.objects.filter(pk=covenant.pk).update(state=AgreementState.ENDED)
    assert client.get(url).status_code == 404
    shared = client.get(reverse("sharing_grants:shared_with_you"))
    assert list(shared.context["grants"]) == []
    assert "Nothing is shared with your organisation individually" in shared.content.decode()


def test_shared_individually_is_listed_apart_from_the_main_list(
        municipality, coordinator_client, partner, police, make_agreement, client_for):
    """The police see notes of one community by agreement; a note of another community shared
    one by one is in "Shared with you individually", never in the main list."""
    north, south = CommunityFactory(municipality=municipality), CommunityFactory(municipality=municipality)
    by_agreement = InteractionFactory(municipality=municipality, community=north)
    one_by_one = InteractionFactory(municipality=municipality, community=south)
    agreement = make_agreement(title="North", communities=[north])
    _share(coordinator_client, one_by_one, agreement, police)
    client = client_for(partner)

    main = client.get(reverse("interaction_list"))
    assert [i.pk for i in main.context["object_list"]] == [by_agreement.pk]
    apart = client.get(reverse("sharing_grants:shared_with_you"))
    assert [g.content_object_id for g in apart.context["grants"]] == [one_by_one.pk]
    assert reverse("interaction_detail", args=[one_by_one.pk]) in apart.content.decode()
    logged = AccessEvent.objects.get(view="sharing_grants:shared_with_you")
    assert (logged.object_ids, logged.agreement_ids) == ([one_by_one.pk], [agreement.pk])


def test_only_parties_to_an_agreement_in_force_are_offered(
        municipality, coordinator_client, police, note, make_agreement):
    outsider = OrganisationFactory(municipality=municipality, name="Not a party")
    draft = make_agreement(title="Draft one", state=AgreementState.DRAFT)
    active = make_agreement(title="In force")
    page = coordinator_client.get(reverse("sharing_grants:share_interaction", args=[note.pk]))
    choices = dict(page.context["form"].fields["target"].choices)
    assert f"{active.pk}:{police.pk}" in choices
    assert f"{draft.pk}:{police.pk}" not in choices
    # A crafted value is refused with a message, never a 500, and nothing is shared.
    for agreement, organisation in ((draft, police), (active, outsider)):
        response = _share(coordinator_client, note, agreement, organisation)
        assert response.status_code == 200
        assert response.context["form"].errors["target"]
    assert not InteractionGrant.objects.exists()


def test_sharing_twice_under_the_same_agreement_is_not_offered_again(
        coordinator_client, police, note, covenant):
    _share(coordinator_client, note, covenant, police)
    response = _share(coordinator_client, note, covenant, police)
    assert response.status_code == 200 and response.context["form"].errors
    assert InteractionGrant.objects.count() == 1


def test_revoking_asks_first_then_the_partner_loses_the_note(
        coordinator_client, partner, police, note, covenant, client_for):
    _share(coordinator_client, note, covenant, police)
    grant = InteractionGrant.objects.get()
    revoke = reverse("sharing_grants:revoke", args=[grant.pk])
    confirm = coordinator_client.get(revoke)
    assert "Stop sharing this note with Police Sarcelles?" in confirm.content.decode()
    assert InteractionGrant.objects.exists()
    assert coordinator_client.post(revoke).status_code == 302
    assert not InteractionGrant.objects.exists()
    assert client_for(partner).get(reverse("interaction_detail", args=[note.pk])).status_code == 404


def test_partners_and_outsiders_cannot_share_or_revoke(
        municipality, other_municipality, coordinator_client, partner, police, note, covenant,
        client_for):
    _share(coordinator_client, note, covenant, police)
    grant = InteractionGrant.objects.get()
    share = reverse("sharing_grants:share_interaction", args=[note.pk])
    revoke = reverse("sharing_grants:revoke", args=[grant.pk])
    partner_client = client_for(partner)
    assert partner_client.get(share).status_code == 403  # the note is shared: visible to them
    assert _share(partner_client, note, covenant, police).status_code == 403
    assert partner_client.post(revoke).status_code == 404
    outsider = client_for(member(other_municipality, Role.COORDINATOR))
    assert outsider.get(share).status_code == 404
    assert outsider.post(revoke).status_code == 404
    assert InteractionGrant.objects.count() == 1
    assert Group.objects.count() == 1


def test_shared_with_you_is_for_partner_professionals(coordinator_client):
    assert coordinator_client.get(reverse("sharing_grants:shared_with_you")).status_code == 403
