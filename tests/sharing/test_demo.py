"""The demo agreements: loaded by ``load_demo``, twice without change, and granting what they
say to the demo partner professionals."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from coordinator.passwords import DEMO_PASSWORD
from demo.loader import load_demo
from sharing.models import Agreement, AgreementParty, AgreementState, InteractionGrant
from tests.clients import Client


def _rows():
    counts = {m.__name__: m.objects.count() for m in (Agreement, AgreementParty,
                                                       InteractionGrant)}
    counts["history"] = sum(m.objects.count() for m in apps.get_models()
                            if m.__name__.startswith("Historical")
                            and m._meta.app_label == "sharing")
    return counts


@pytest.fixture
def loaded(db):
    """Loaded twice (one fixture: ``load_demo`` is slow): the first result, the rows after it,
    the second result and the rows after that."""
    first = load_demo()
    rows = _rows()
    second = load_demo()
    return first, rows, second, _rows()


def _client(username):
    user = get_user_model().objects.get(username=username)
    assert user.check_password(DEMO_PASSWORD)
    client = Client()
    client.force_login(user)  # axes wants a request for login(); the password is checked above
    return client


def test_the_demo_loads_twice_and_grants_what_it_says(loaded):
    first, rows, second, rows_again = loaded
    assert rows == rows_again
    assert rows["Agreement"] == 3 and rows["InteractionGrant"] == 1
    usernames = {row["username"] for row in second["logins"]}
    assert {"rotterdam-police", "rotterdam-school", "sarcelles-partner",
            "sarcelles-school"} <= usernames

    rotterdam = Agreement.objects.get(municipality__slug="rotterdam")
    assert rotterdam.state == AgreementState.ACTIVE and rotterdam.is_active_on()
    assert set(rotterdam.parties.values_list("organisation__name", flat=True)) == {
        "Rotterdam police", "Youth care Rotterdam", "Mental health service"}
    assert set(rotterdam.categories) == {"interaction_notes", "commitments",
                                         "community_profile"}
    states = set(Agreement.objects.filter(municipality__slug="sarcelles")
                 .values_list("state", flat=True))
    assert states == {AgreementState.ACTIVE, AgreementState.ENDED}

    police = _client("rotterdam-police")
    assert "Partners want earlier signals" in police.get(reverse("interaction_list")).content.decode()
    assert "Safety House Rotterdam Region" in police.get(
        reverse("sharing:my_agreement_list")).content.decode()
    assert _client("rotterdam-school").get(reverse("interaction_list")).status_code == 403
    ended = _client("sarcelles-partner")
    assert ended.get(reverse("networks:community_list")).status_code == 403
    assert "Street mediation pilot" in ended.get(
        reverse("sharing:my_agreement_list")).content.decode()
    grant = InteractionGrant.objects.get()
    school = _client("sarcelles-school")
    assert school.get(reverse("interaction_detail",
                              args=[grant.content_object_id])).status_code == 200
