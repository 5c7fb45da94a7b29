"""Personal API tokens (issue 13): made and revoked by their user on a page of their account,
shown once, stored as a hash, scoped to the municipality and role they were made in, and
counted per token."""

import hashlib

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from api import services
from api.models import ApiToken
from api.throttling import TokenRateThrottle
from api.token_views import NEW_TOKEN_SESSION_KEY
from coordinator.access import actor_for
from coordinator.models import Role
from coordinator.users import services as user_services
from tests.factories import member

from .conftest import bearer, make_token

pytestmark = pytest.mark.django_db

PAGE = "api_tokens:list"
COMMUNITIES = "api:community-list"


def make_on_the_page(client, name="Monthly report") -> str:
    """Make a token through the page as a user would; return the token the page shows."""
    page = client.get(reverse(PAGE))
    data = {"name": name, **{field.name: field.value() for field in page.context["form"]
                             if field.is_hidden}}
    response = client.post(reverse(PAGE), data)
    assert response.status_code == 302, response.content
    shown = client.get(response["Location"])
    return shown.context["new_token"]


def test_a_token_is_made_on_the_page_and_shown_once(records, client_for):
    client = client_for(records["coordinator"])
    raw = make_on_the_page(client)
    assert raw and raw.startswith("lp_")
    again = client.get(reverse(PAGE))
    assert again.context["new_token"] is None
    assert raw.encode() not in again.content
    assert b"Monthly report" in again.content
    assert NEW_TOKEN_SESSION_KEY not in client.session
    # It works, as its maker, in their municipality.
    assert bearer(raw).get(reverse(COMMUNITIES)).status_code == 200


def test_only_a_hash_is_stored(records):
    raw = make_token(records["coordinator"], records["community"].municipality)
    token = ApiToken.objects.get()
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    stored = " ".join(str(value) for value in ApiToken.objects.values().get().values())
    assert raw not in stored and raw[3:] not in stored
    assert token.role == Role.COORDINATOR and token.user == records["coordinator"]


def test_a_token_is_revoked_on_the_page(records, client_for):
    client = client_for(records["coordinator"])
    raw = make_on_the_page(client)
    token = ApiToken.objects.get()
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer(raw).get(reverse(COMMUNITIES)).status_code == 401
    assert client.get(reverse(PAGE)).context["tokens"] == []
    # Revoked once: a second revoke finds nothing.
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404


def test_a_user_sees_and_revokes_only_their_own_tokens(municipality, records, client_for):
    colleague = member(municipality, Role.COORDINATOR)
    theirs = make_token(colleague, municipality, name="Colleague's script")
    token = ApiToken.objects.get()
    client = client_for(records["coordinator"])
    assert b"Colleague" not in client.get(reverse(PAGE)).content
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    assert bearer(theirs).get(reverse(COMMUNITIES)).status_code == 200


def test_a_name_is_required(records, client_for):
    client = client_for(records["coordinator"])
    response = client.post(reverse(PAGE), {"name": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_a_community_representative_cannot_make_one(municipality, records, client_for):
    representative = member(municipality, Role.COMMUNITY_REPRESENTATIVE,
                            organisation=records["school"])
    response = client_for(representative).get(reverse(PAGE))
    assert response.status_code == 302 and response["Location"].startswith("/portal/")
    with pytest.raises(PermissionDenied):
        services.create_token(actor_for(representative, municipality.pk), "mine")
    assert not ApiToken.objects.exists()


def test_a_deactivated_user_is_refused(municipality, records):
    user = records["coordinator"]
    client = bearer(make_token(user, municipality))
    assert client.get(reverse(COMMUNITIES)).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse(COMMUNITIES)).status_code == 401


def test_an_ended_membership_stops_the_token(municipality, records):
    user = records["coordinator"]
    client = bearer(make_token(user, municipality))
    admin = member(municipality, Role.MUNICIPAL_ADMIN)
    user_services.deactivate(actor_for(admin, municipality.pk), user.memberships.get())
    assert client.get(reverse(COMMUNITIES)).status_code == 401


@pytest.mark.parametrize("new_role", [Role.ASSESSOR, Role.MUNICIPAL_ADMIN,
                                      Role.COMMUNITY_REPRESENTATIVE])
def test_a_changed_role_stops_the_token(municipality, records, new_role):
    user = records["coordinator"]
    client = bearer(make_token(user, municipality))
    membership = user.memberships.get()
    membership.role = new_role
    membership.organisation = records["school"] if new_role == Role.COMMUNITY_REPRESENTATIVE else None
    membership.save()
    assert client.get(reverse(COMMUNITIES)).status_code == 401


def test_a_partner_moved_to_another_organisation_loses_the_token(
        municipality, records, partner):
    client = bearer(make_token(partner, municipality))
    assert client.get(reverse("api:api-root")).status_code == 200
    membership = partner.memberships.get()
    membership.organisation = records["school"]
    membership.save()
    assert client.get(reverse("api:api-root")).status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer lp_not-a-token-of-anyone",
                                    "Bearer lp_short", "Bearer " + "x" * 500])
def test_a_bad_token_is_refused_not_passed_on_to_the_session(records, client_for, header):
    client = client_for(records["coordinator"])  # a session would be enough
    response = client.get(reverse(COMMUNITIES), headers={"Authorization": header})
    assert response.status_code == 401


def test_a_non_ascii_token_is_refused(records, client):
    header = "Bearer lp_é".encode().decode("latin-1")  # as a WSGI server passes it on
    response = client.get(reverse(COMMUNITIES), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_last_used_is_recorded(municipality, records):
    bearer(make_token(records["coordinator"], municipality)).get(reverse(COMMUNITIES))
    assert ApiToken.objects.get().last_used_at is not None


def test_token_requests_are_throttled_per_token(municipality, records, client_for, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api_token": "2/minute"})
    cache.clear()
    try:
        client = bearer(make_token(records["coordinator"], municipality))
        assert [client.get(reverse(COMMUNITIES)).status_code for _ in range(3)] == [200, 200, 429]
        # Another token of the same user has its own count; the browser session none.
        other = bearer(make_token(records["coordinator"], municipality, name="other"))
        assert other.get(reverse(COMMUNITIES)).status_code == 200
        session = client_for(records["coordinator"])
        assert all(session.get(reverse(COMMUNITIES)).status_code == 200 for _ in range(3))
    finally:
        cache.clear()
