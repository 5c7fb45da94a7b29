"""Staff screens of networks (and, in the shared matrices, those of the engagement process):
scoping, validation, history. The engagement rules are in tests/engagement/test_views.py."""


import pytest
from django.urls import reverse

from coordinator.models import Role
from networks.models import Community, CommunityKind, Organisation

from ..factories import (
    CommitmentFactory,
    CommunityFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(municipality):
    community = CommunityFactory(municipality=municipality)
    organisation = OrganisationFactory(municipality=municipality)
    person = PersonFactory(municipality=municipality, organisation=organisation)
    interaction = InteractionFactory(municipality=municipality, community=community)
    commitment = CommitmentFactory(municipality=municipality, community=community)
    return {
        "networks:community": community, "networks:organisation": organisation,
        "networks:person": person, "interaction": interaction, "commitment": commitment,
    }


OBJECT_VIEWS = ["detail", "update"]
LIST_VIEWS = [
    "networks:community_list", "networks:organisation_list", "networks:person_list",
    "interaction_list", "commitment_list",
]
CREATE_VIEWS = [
    "networks:community_create", "networks:organisation_create", "networks:person_create",
    "interaction_create", "commitment_create",
]


@pytest.mark.parametrize("prefix", ["networks:community", "networks:organisation",
                                    "networks:person", "interaction", "commitment"])
@pytest.mark.parametrize("view", OBJECT_VIEWS)
def test_object_views_are_scoped_to_the_municipality(access, records, prefix, view):
    access.assert_scoped(reverse(f"{prefix}_{view}", args=[records[prefix].pk]))


@pytest.mark.parametrize("name", LIST_VIEWS + CREATE_VIEWS + ["dashboard", "preconditions"])
def test_portal_users_are_kept_out_of_staff_pages(access, name):
    access.assert_portal_kept_out(reverse(name))


@pytest.mark.parametrize("name", LIST_VIEWS)
def test_lists_show_only_the_municipalitys_records(access, records, other_municipality, name):
    foreign = {
        "networks:community_list": lambda: CommunityFactory(
            municipality=other_municipality, name="Foreign community"),
        "networks:organisation_list": lambda: OrganisationFactory(
            municipality=other_municipality, name="Foreign organisation"),
        "networks:person_list": lambda: PersonFactory(
            municipality=other_municipality, name="Foreign person"),
        "interaction_list": lambda: InteractionFactory(
            municipality=other_municipality, needs_heard="Foreign need"),
        "commitment_list": lambda: CommitmentFactory(
            municipality=other_municipality, description="Foreign promise"),
    }[name]()
    response = access.owner.get(reverse(name))
    assert response.status_code == 200
    assert foreign not in response.context["object_list"]
    assert len(response.context["object_list"]) == 1


def test_mapping_a_community_records_history(coordinator_client, municipality, coordinator):
    response = coordinator_client.post(reverse("networks:community_create"), {
        "name": "Lochamp residents", "kind": CommunityKind.LOCATION, "engagement_step": 1,
        "gathering_places": ["library", "sports_club"], "languages": "French, Arabic",
    })
    community = Community.objects.get(name="Lochamp residents")
    assert response.status_code == 302
    assert community.municipality == municipality
    assert community.languages == ["French", "Arabic"]
    response = coordinator_client.post(
        reverse("networks:community_update", args=[community.pk]),
        {"name": "Lochamp residents", "kind": CommunityKind.LOCATION, "engagement_step": 2,
         "languages": "French"},
    )
    assert response.status_code == 302
    records = list(community.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].history_user == coordinator
    assert records[-1].engagement_step == 2
    detail = coordinator_client.get(community.get_absolute_url())
    assert "2. Establishing contact" in detail.content.decode()


def test_invalid_form_rerenders_with_message_and_keeps_input(coordinator_client):
    response = coordinator_client.post(reverse("networks:person_create"), {
        "name": "Imam, local mosque", "preferred_channel": "email", "email": "",
    })
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert "Imam, local mosque" in response.content.decode()
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.PARTNER_PROFESSIONAL])
def test_roles_without_edit_rights_cannot_edit(client_for, municipality, role):
    community = CommunityFactory(municipality=municipality)
    client = client_for(member(municipality, role))
    response = client.post(reverse("networks:community_update", args=[community.pk]),
                           {"name": "Renamed", "kind": "location", "engagement_step": 1})
    # The assessor sees the community (403); a partner professional without an agreement does
    # not see it at all (404).
    assert response.status_code == (403 if role == Role.ASSESSOR else 404)
    community.refresh_from_db()
    assert community.name != "Renamed"


def test_partner_professionals_see_no_network_records_without_an_agreement(
        client_for, municipality):
    client = client_for(member(municipality, Role.PARTNER_PROFESSIONAL))
    assert client.get(reverse("networks:community_list")).status_code == 403
    assert client.get(reverse("dashboard")).status_code == 200


def test_search_never_matches_special_category_fields(coordinator_client, municipality):
    CommunityFactory(municipality=municipality, name="Garges side", faith="Judaism")
    response = coordinator_client.get(reverse("networks:community_list"), {"q": "Judaism"})
    assert list(response.context["object_list"]) == []


def test_list_filters_and_sorting(coordinator_client, municipality):
    OrganisationFactory(municipality=municipality, name="B school", kind="school")
    OrganisationFactory(municipality=municipality, name="A mosque", kind="faith_organisation")
    url = reverse("networks:organisation_list")
    formal = coordinator_client.get(url, {"network": "formal"}).context["object_list"]
    assert [o.name for o in formal] == ["B school"]
    ordered = coordinator_client.get(url, {"o": "-name"}).context["object_list"]
    assert [o.name for o in ordered] == ["B school", "A mosque"]
    assert Organisation.objects.count() == 2


EDITS = {
    "networks:organisation": {"name": "Renamed organisation", "kind": "youth_work",
                              "engagement_level": "dialogue"},
    "networks:person": {"name": "Renamed person", "preferred_channel": "in_person"},
    "interaction": {"kind": "phone_call", "occurred_on": "2026-01-05", "needs_heard": "Edited"},
    "commitment": {"description": "Edited promise", "made_to": "Parents",
                   "due_on": "2027-02-01", "status": "open"},
}


@pytest.mark.parametrize("prefix", list(EDITS))
def test_editing_through_the_screens_writes_history(coordinator_client, records, coordinator,
                                                    prefix):
    record = records[prefix]
    data = dict(EDITS[prefix])
    if prefix == "interaction":
        data["community"] = record.community_id
    response = coordinator_client.post(reverse(f"{prefix}_update", args=[record.pk]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    latest = record.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == coordinator
    assert record.history.count() == 2
    detail = coordinator_client.get(reverse(f"{prefix}_detail", args=[record.pk]))
    assert detail.context["history"][0].action == "changed"
