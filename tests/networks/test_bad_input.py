"""Issue 8, bad input on the network screens: each case below gave a server error (or stored a
value nobody meant) on main; now the form comes back with a message and nothing is saved."""

import pytest
from django.urls import reverse

from networks.forms import CommunityForm
from networks.models import Community, Organisation, Person
from tests.factories import CommunityFactory, OrganisationFactory


def community_data(**overrides):
    return {"name": "Garges youth", "kind": "location", "engagement_step": "1", **overrides}


def assert_refused(response, text):
    assert response.status_code == 200
    assert text in response.content.decode(), response.content.decode()[:3000]


@pytest.fixture
def existing(municipality):
    return CommunityFactory(municipality=municipality, name="Lochères")


def test_a_duplicate_community_name_is_refused_on_create(coordinator_client, existing):
    response = coordinator_client.post(reverse("networks:community_create"),
                                       community_data(name="Lochères"))
    assert_refused(response, "This name is already taken by another community of this municipality")
    assert Community.objects.count() == 1


def test_a_duplicate_community_name_is_refused_on_rename(coordinator_client, existing, municipality):
    other = CommunityFactory(municipality=municipality, name="Village")
    response = coordinator_client.post(reverse("networks:community_update", args=[other.pk]),
                                       community_data(name="Lochères"))
    assert_refused(response, "is already taken by another community of this municipality")
    other.refresh_from_db()
    assert other.name == "Village"


def test_the_same_name_in_another_municipality_is_fine(coordinator_client, other_municipality):
    CommunityFactory(municipality=other_municipality, name="Lochères")
    response = coordinator_client.post(reverse("networks:community_create"),
                                       community_data(name="Lochères"))
    assert response.status_code == 302


def test_a_duplicate_organisation_name_is_refused(coordinator_client, municipality):
    OrganisationFactory(municipality=municipality, name="Youth House")
    response = coordinator_client.post(reverse("networks:organisation_create"), {
        "name": "Youth House", "kind": "youth_work", "engagement_level": "dialogue"})
    assert_refused(response, "This name is already taken by another organisation of this municipality")
    assert Organisation.objects.count() == 1


def test_a_second_click_on_create_is_a_form_error_not_a_server_error(
        coordinator_client, municipality, monkeypatch):
    """The race: the same name is saved by another request after this form was validated."""
    original = CommunityForm._post_clean

    def validated_then_raced(form):
        original(form)
        CommunityFactory(municipality=municipality, name="Garges youth")

    monkeypatch.setattr(CommunityForm, "_post_clean", validated_then_raced)
    response = coordinator_client.post(reverse("networks:community_create"), community_data())
    assert_refused(response, "is already taken by another community of this municipality")
    assert Community.objects.count() == 1


@pytest.mark.parametrize("url_name, data, model", [
    ("networks:community_create", community_data(languages="French, Ara\x00bic"), Community),
    ("networks:person_create", {"name": "Imam", "preferred_channel": "in_person",
                                "languages": "Arabic\x00, French"}, Person),
])
def test_a_nul_byte_in_languages_is_refused(coordinator_client, url_name, data, model):
    response = coordinator_client.post(reverse(url_name), data)
    assert_refused(response, "Remove the invisible control characters")
    assert model.objects.count() == 0


def test_other_control_characters_are_refused_but_rtl_and_emoji_pass(coordinator_client):
    response = coordinator_client.post(reverse("networks:community_create"),
                                       community_data(description="bell \x07"))
    assert_refused(response, "Remove the invisible control characters")
    response = coordinator_client.post(reverse("networks:community_create"), community_data(
        name="\u200fجمعية الأمهات 👩‍👧", description="Line one\r\n\tline two \u202bمرحبا\u202c"))
    assert response.status_code == 302
    assert Community.objects.get().name == "\u200fجمعية الأمهات 👩‍👧"


def test_a_text_area_has_a_maximum_length(coordinator_client):
    response = coordinator_client.post(reverse("networks:community_create"),
                                       community_data(local_history="x" * 10_001))
    assert_refused(response, "Shorten this text to at most 10000 characters (it has 10001)")
    assert Community.objects.count() == 0
    page = coordinator_client.get(reverse("networks:community_create")).content.decode()
    assert 'maxlength="10000"' in page


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31"])
def test_a_verification_date_needs_plausible_bounds(coordinator_client, day):
    response = coordinator_client.post(reverse("networks:community_create"),
                                       community_data(last_verified_on=day))
    assert_refused(response, "Give a date between 1900-01-01 and")
    assert Community.objects.count() == 0
