"""Municipal admins manage their own users (issue 7): the members page, invitations by e-mail
with a one-time link, changing role and organisation, deactivating, the last-admin guard."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coordinator import tasks
from coordinator.models import Invitation, Membership, Role
from coordinator.users.services import hash_token

from .factories import PASSWORD, MembershipFactory, OrganisationFactory, member

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "amber ladder quietly folds seven maps"


@pytest.fixture
def admin(municipality):
    return member(municipality, Role.MUNICIPAL_ADMIN, user__first_name="Ada",
                  user__last_name="Admin")


@pytest.fixture
def admin_client(admin, client_for):
    return client_for(admin)


@pytest.fixture
def organisation(municipality):
    return OrganisationFactory(municipality=municipality, name="Lycée Jean-Jacques Rousseau")


@pytest.fixture
def enqueued(monkeypatch):
    """The ``send_invitation`` tasks enqueued, as argument tuples (nothing is sent)."""
    calls = []
    monkeypatch.setattr(tasks.send_invitation, "delay", lambda *args: calls.append(args))
    return calls


def invite(client, capture, **data):
    with capture(execute=True):
        return client.post(reverse("users:invite"), {"role": Role.COORDINATOR, **data})


def send_and_get_link(invitation) -> str:
    """Run the e-mail task as the worker would; return the path of the link it sent."""
    mail.outbox.clear()
    assert tasks.send_invitation(invitation.pk, invitation.municipality_id) == 1
    assert [m.to for m in mail.outbox] == [[invitation.email]]
    return re.search(r"https?://[^/\s]+(/invitation/\S+/)", mail.outbox[0].body).group(1)


def new_invitation(municipality, admin, email="new.person@example.org", role=Role.COORDINATOR,
                   **fields):
    now = timezone.now()
    return Invitation.objects.create(
        municipality=municipality, email=email, role=role, invited_by=admin,
        expires_at=now + datetime.timedelta(hours=72), **fields)


def accept_with_password(link, client=None, **data):
    client = client or Client()
    opened = client.get(link)
    assert opened.status_code == 302 and opened["Location"] == reverse("invitation_accept")
    response = client.post(reverse("invitation_accept"), {
        "first_name": "Nadia", "last_name": "Benali", "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD, **data})
    return client, response


# --------------------------------------------------------------------------- who gets in


def _urls(membership, invitation):
    return [reverse("users:list"), reverse("users:invite"),
            reverse("users:change", args=[membership.pk]),
            reverse("users:deactivate", args=[membership.pk])]


def test_only_municipal_admins_reach_the_users_pages(municipality, admin, admin_client,
                                                      client_for, organisation):
    target = MembershipFactory(municipality=municipality, role=Role.COORDINATOR)
    invitation = new_invitation(municipality, admin)
    urls = _urls(target, invitation)
    for role in (Role.COORDINATOR, Role.ASSESSOR, Role.PARTNER_PROFESSIONAL):
        client = client_for(member(municipality, role, organisation=organisation
                                   if role == Role.PARTNER_PROFESSIONAL else None))
        for url in urls:
            assert client.get(url).status_code == 403, (role, url)
        assert client.post(reverse("users:deactivate", args=[target.pk])).status_code == 403
        assert client.post(reverse("users:revoke", args=[invitation.pk])).status_code == 403
    portal = client_for(member(municipality, Role.COMMUNITY_REPRESENTATIVE,
                               organisation=organisation))
    for url in urls:
        response = portal.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert admin_client.get(url).status_code == 200, url
    assert Membership.objects.filter(pk=target.pk).exists()
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_another_municipalitys_records_are_not_found(municipality, other_municipality, admin,
                                                     admin_client):
    foreign = MembershipFactory(municipality=other_municipality, role=Role.COORDINATOR)
    foreign_invitation = new_invitation(other_municipality, None)
    assert admin_client.get(reverse("users:change", args=[foreign.pk])).status_code == 404
    assert admin_client.get(reverse("users:deactivate", args=[foreign.pk])).status_code == 404
    assert admin_client.post(reverse("users:deactivate", args=[foreign.pk])).status_code == 404
    assert admin_client.post(reverse("users:revoke",
                                     args=[foreign_invitation.pk])).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()
    assert Invitation.objects.get(pk=foreign_invitation.pk).revoked_at is None


def test_the_nav_shows_users_to_admins_only(admin_client, coordinator_client):
    link = f'href="{reverse("users:list")}"'
    assert link in admin_client.get(reverse("dashboard")).content.decode()
    assert link not in coordinator_client.get(reverse("dashboard")).content.decode()


# --------------------------------------------------------------------------- the members page


def test_the_members_page_shows_each_member_and_no_other_municipality(
        municipality, other_municipality, admin, admin_client, organisation):
    partner = member(municipality, Role.PARTNER_PROFESSIONAL, organisation=organisation,
                     user__first_name="Paul", user__last_name="Partner",
                     user__email="paul@lycee.example")
    partner.last_login = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 30))
    partner.save()
    member(municipality, Role.ASSESSOR, user__first_name="Nico", user__last_name="Never")
    member(other_municipality, Role.COORDINATOR, user__first_name="Olga",
           user__last_name="Outsider")
    new_invitation(municipality, admin, email="invited@example.org",
                   role=Role.PARTNER_PROFESSIONAL, organisation=organisation)
    new_invitation(other_municipality, None, email="elsewhere@example.org")

    page = admin_client.get(reverse("users:list")).content.decode()
    for text in ("Paul Partner", "paul@lycee.example", "Partner professional",
                 "Lycée Jean-Jacques Rousseau", "Active", "2 Mar 2026", "Ada Admin", "Nico Never",
                 "invited@example.org", "Invited, e-mail not sent yet"):
        assert text in page, text
    assert re.search(r"Nico Never.*?<td>Never</td>", page, re.S)
    assert "Olga Outsider" not in page
    assert "elsewhere@example.org" not in page


def test_search_role_filter_pages_and_empty_state(municipality, admin, admin_client):
    for n in range(26):
        # A fixed first name: a random one ("Natasha") could match the search below.
        member(municipality, Role.COORDINATOR, user__first_name="Zoe", user__last_name=f"Zed{n:02}")
    member(municipality, Role.ASSESSOR, user__first_name="Asha", user__last_name="Assessor")

    found = admin_client.get(reverse("users:list"), {"q": "asha"})
    assert [m.user.last_name for m in found.context["object_list"]] == ["Assessor"]
    by_role = admin_client.get(reverse("users:list"), {"role": Role.ASSESSOR})
    assert [m.user.last_name for m in by_role.context["object_list"]] == ["Assessor"]

    first = admin_client.get(reverse("users:list"), {"role": Role.COORDINATOR})
    assert len(first.context["object_list"]) == 25
    assert "Page 1 of 2" in first.content.decode()
    second = admin_client.get(reverse("users:list"), {"role": Role.COORDINATOR, "page": 2})
    assert [m.user.last_name for m in second.context["object_list"]] == ["Zed25"]

    nothing = admin_client.get(reverse("users:list"), {"q": "nobody-by-this-name"})
    assert "No member matches these filters." in nothing.content.decode()


# --------------------------------------------------------------------------- inviting


def test_inviting_enqueues_the_email_and_sends_nothing_in_the_request(
        municipality, admin, admin_client, enqueued, django_capture_on_commit_callbacks):
    response = invite(admin_client, django_capture_on_commit_callbacks,
                      email=" New.Person@Example.org ")
    assert response.status_code == 302 and response["Location"] == reverse("users:list")
    assert mail.outbox == []
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "new.person@example.org", Role.COORDINATOR, admin)
    assert invitation.token_hash is None  # drawn by the task, never in the request
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(hours=72)
    assert enqueued == [(invitation.pk, municipality.pk)]
    assert invitation.history.get().history_user == admin


def test_the_task_sends_a_link_whose_token_is_stored_only_as_a_digest(municipality, admin):
    invitation = new_invitation(municipality, admin)
    link = send_and_get_link(invitation)
    token = link.strip("/").split("/")[-1]
    invitation.refresh_from_db()
    assert invitation.token_hash == hash_token(token) != token
    assert invitation.sent_at is not None
    stored = " ".join(str(v) for v in Invitation.objects.values().get().values())
    history = " ".join(str(v) for row in invitation.history.values() for v in row.values())
    assert token not in stored and token not in history
    assert "Ada Admin invites you to Linchpin, the workspace of Sarcelles, as Coordinator" in \
        mail.outbox[0].body


def test_accepting_creates_the_account_signs_in_and_works_once(municipality, admin):
    invitation = new_invitation(municipality, admin)
    link = send_and_get_link(invitation)
    client, response = accept_with_password(link)

    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = get_user_model().objects.get(email="new.person@example.org")
    assert (user.first_name, user.is_active, user.check_password(GOOD_PASSWORD)) == (
        "Nadia", True, True)
    membership = user.memberships.get()
    assert (membership.municipality, membership.role) == (municipality, Role.COORDINATOR)
    assert client.get(reverse("dashboard")).status_code == 200  # signed in
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert membership.history.get().history_type == "+"

    again = Client().get(link, follow=True)
    assert again.status_code == 410
    assert "already used" in again.content.decode()
    assert get_user_model().objects.filter(email="new.person@example.org").count() == 1


def test_the_token_leaves_the_address_bar(municipality, admin):
    link = send_and_get_link(new_invitation(municipality, admin))
    response = Client().get(link)
    assert response["Location"] == reverse("invitation_accept")
    assert link.strip("/").split("/")[-1] not in response["Location"]


def test_an_expired_link_answers_with_a_clear_page(municipality, admin):
    invitation = new_invitation(municipality, admin)
    link = send_and_get_link(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client, response = accept_with_password(link)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert not get_user_model().objects.filter(email=invitation.email).exists()


def test_an_unknown_link_answers_with_a_clear_page():
    response = Client().get(reverse("invitation", args=["not-a-real-token"]), follow=True)
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_a_revoked_link_no_longer_works(municipality, admin, admin_client):
    invitation = new_invitation(municipality, admin)
    link = send_and_get_link(invitation)
    assert admin_client.post(reverse("users:revoke", args=[invitation.pk])).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert invitation.history.first().history_user == admin
    client, response = accept_with_password(link)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert not get_user_model().objects.filter(email=invitation.email).exists()


def test_reinviting_replaces_the_open_invitation(municipality, admin, admin_client, enqueued,
                                                 django_capture_on_commit_callbacks):
    invite(admin_client, django_capture_on_commit_callbacks, email="twice@example.org")
    first = Invitation.objects.get()
    first_link = send_and_get_link(first)
    invite(admin_client, django_capture_on_commit_callbacks, email="twice@example.org",
           role=Role.ASSESSOR)
    first.refresh_from_db()
    second = Invitation.objects.exclude(pk=first.pk).get()
    assert first.revoked_at is not None and second.revoked_at is None
    assert tasks.send_invitation(first.pk, municipality.pk) == 0  # a replaced one is not sent
    assert accept_with_password(first_link)[1].status_code == 410
    client, response = accept_with_password(send_and_get_link(second))
    assert response.status_code == 302
    assert Membership.objects.get(user__email="twice@example.org").role == Role.ASSESSOR


def test_a_weak_password_is_refused_with_a_message(municipality, admin):
    link = send_and_get_link(new_invitation(municipality, admin))
    client, response = accept_with_password(link, password1="Sarcelles2026",
                                            password2="Sarcelles2026")
    assert response.status_code == 200
    assert "built on a place or site name" in response.content.decode()
    assert not get_user_model().objects.filter(email="new.person@example.org").exists()


@pytest.mark.parametrize("role", [Role.PARTNER_PROFESSIONAL, Role.COMMUNITY_REPRESENTATIVE])
def test_partner_and_portal_roles_need_an_organisation_of_this_municipality(
        role, municipality, other_municipality, admin_client, organisation, enqueued,
        django_capture_on_commit_callbacks):
    foreign = OrganisationFactory(municipality=other_municipality, name="Police of elsewhere")

    missing = invite(admin_client, django_capture_on_commit_callbacks, email="a@example.org",
                     role=role)
    assert missing.status_code == 200
    assert "belong to an organisation of the municipality" in missing.content.decode()
    refused = invite(admin_client, django_capture_on_commit_callbacks, email="a@example.org",
                     role=role, organisation=foreign.pk)
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert "Police of elsewhere" not in refused.content.decode()
    assert not Invitation.objects.exists() and enqueued == []

    accepted = invite(admin_client, django_capture_on_commit_callbacks, email="a@example.org",
                      role=role, organisation=organisation.pk)
    assert accepted.status_code == 302
    assert Invitation.objects.get().organisation == organisation


def test_other_roles_take_no_organisation(admin_client, organisation, enqueued,
                                         django_capture_on_commit_callbacks):
    response = invite(admin_client, django_capture_on_commit_callbacks, email="c@example.org",
                      role=Role.COORDINATOR, organisation=organisation.pk)
    assert response.status_code == 200
    assert "leave it empty for this role" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_address_of_a_member_cannot_be_invited(municipality, admin, admin_client, enqueued,
                                                  django_capture_on_commit_callbacks):
    response = invite(admin_client, django_capture_on_commit_callbacks,
                      email=admin.email.upper())
    assert response.status_code == 200
    assert "already belongs to a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_existing_account_signs_in_and_joins(municipality, other_municipality, admin,
                                                client_for):
    existing = member(other_municipality, Role.COORDINATOR, user__email="both@example.org")
    link = send_and_get_link(new_invitation(municipality, admin, email="both@example.org"))
    anonymous = Client()
    anonymous.get(link)
    asked = anonymous.get(reverse("invitation_accept"))
    assert "Sign in to accept" in asked.content.decode()

    client = client_for(existing)
    client.get(link)
    assert "Join" in client.get(reverse("invitation_accept")).content.decode()
    assert client.post(reverse("invitation_accept")).status_code == 302
    assert set(existing.memberships.values_list("municipality", flat=True)) == {
        municipality.pk, other_municipality.pk}
    assert existing.check_password(PASSWORD)  # unchanged
    assert get_user_model().objects.filter(email__iexact="both@example.org").count() == 1


def test_signed_in_as_someone_else_is_told_to_sign_out(municipality, admin, admin_client):
    link = send_and_get_link(new_invitation(municipality, admin))
    admin_client.get(link)
    response = admin_client.post(reverse("invitation_accept"))
    assert "This invitation is for someone else" in response.content.decode()
    assert not Membership.objects.filter(user__email="new.person@example.org").exists()


# --------------------------------------------------------------------------- changing, deactivating


def test_changing_the_role_asks_for_confirmation_then_saves_with_history(
        municipality, admin, admin_client, organisation):
    target = MembershipFactory(municipality=municipality, role=Role.COORDINATOR,
                               user__first_name="Carla", user__last_name="Coord")
    url = reverse("users:change", args=[target.pk])
    data = {"role": Role.PARTNER_PROFESSIONAL, "organisation": organisation.pk}

    review = admin_client.post(url, data)
    page = review.content.decode()
    assert review.status_code == 200 and "Confirm the change" in page
    assert "Coordinator" in page and "Partner professional" in page
    target.refresh_from_db()
    assert target.role == Role.COORDINATOR  # nothing saved yet

    done = admin_client.post(url, {**data, "confirm": "yes"})
    assert done.status_code == 302
    target.refresh_from_db()
    assert (target.role, target.organisation) == (Role.PARTNER_PROFESSIONAL, organisation)
    latest = target.history.first()
    assert (latest.history_type, latest.history_user, latest.role) == (
        "~", admin, Role.PARTNER_PROFESSIONAL)
    assert "Partner professional" in admin_client.get(url).content.decode()


def test_changing_to_a_foreign_organisation_is_refused(municipality, other_municipality,
                                                       admin_client):
    target = MembershipFactory(municipality=municipality, role=Role.COORDINATOR)
    foreign = OrganisationFactory(municipality=other_municipality)
    response = admin_client.post(reverse("users:change", args=[target.pk]), {
        "role": Role.PARTNER_PROFESSIONAL, "organisation": foreign.pk, "confirm": "yes"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    target.refresh_from_db()
    assert (target.role, target.organisation) == (Role.COORDINATOR, None)


def test_deactivation_removes_access_on_the_next_request(municipality, admin, admin_client,
                                                         client_for):
    target = member(municipality, Role.COORDINATOR, user__first_name="Dora")
    their_client = client_for(target)
    assert their_client.get(reverse("dashboard")).status_code == 200
    membership = target.memberships.get()

    confirm = admin_client.get(reverse("users:deactivate", args=[membership.pk]))
    assert "their account is deactivated too" in confirm.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()  # GET changes nothing

    assert admin_client.post(reverse("users:deactivate", args=[membership.pk])).status_code == 302
    target.refresh_from_db()
    assert not target.is_active and not target.memberships.exists()
    response = their_client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    ended = Membership.history.filter(id=membership.pk).first()
    assert (ended.history_type, ended.history_user) == ("-", admin)


def test_deactivation_keeps_the_account_of_a_member_elsewhere(municipality, other_municipality,
                                                              admin_client, client_for):
    target = member(municipality, Role.COORDINATOR)
    MembershipFactory(user=target, municipality=other_municipality, role=Role.COORDINATOR)
    their_client = client_for(target)
    membership = target.memberships.get(municipality=municipality)
    admin_client.post(reverse("users:deactivate", args=[membership.pk]))
    target.refresh_from_db()
    assert target.is_active
    assert list(target.memberships.values_list("municipality", flat=True)) == [
        other_municipality.pk]
    assert their_client.get(reverse("dashboard")).context["current_municipality"] == \
        other_municipality


def test_the_last_admin_can_neither_leave_nor_be_demoted(municipality, admin, admin_client):
    own = admin.memberships.get()
    page = admin_client.get(reverse("users:deactivate", args=[own.pk])).content.decode()
    assert "is the last municipal admin" in page and 'type="submit">Deactivate' not in page
    refused = admin_client.post(reverse("users:deactivate", args=[own.pk]))
    assert refused.status_code == 409 and "is the last municipal admin" in \
        refused.content.decode()
    demoted = admin_client.post(reverse("users:change", args=[own.pk]),
                                {"role": Role.COORDINATOR, "confirm": "yes"})
    assert demoted.status_code == 200 and "is the last municipal admin" in \
        demoted.content.decode()
    own.refresh_from_db()
    assert own.role == Role.MUNICIPAL_ADMIN and admin.is_active

    member(municipality, Role.MUNICIPAL_ADMIN)  # a second admin: now it is allowed
    assert admin_client.post(reverse("users:change", args=[own.pk]),
                             {"role": Role.COORDINATOR, "confirm": "yes"}).status_code == 302
    own.refresh_from_db()
    assert own.role == Role.COORDINATOR


def test_a_deactivated_account_is_reactivated_by_a_new_invitation(municipality, admin,
                                                                  admin_client):
    target = member(municipality, Role.COORDINATOR, user__email="back@example.org")
    admin_client.post(reverse("users:deactivate", args=[target.memberships.get().pk]))
    link = send_and_get_link(new_invitation(municipality, admin, email="back@example.org"))
    client, response = accept_with_password(link)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.is_active and target.check_password(GOOD_PASSWORD)
    assert target.memberships.get().municipality == municipality


def test_the_invitation_is_in_the_municipalitys_language_or_the_accounts_own(
        municipality, other_municipality, admin, translations):
    translations("fr", {
        "%(inviter)s invites you to Linchpin, the workspace of %(municipality)s, as "
        "%(role)s.": "%(inviter)s vous invite dans Linchpin, l’espace de travail de "
                     "%(municipality)s, comme %(role)s.",
        "Coordinator": "coordinateur local"})
    municipality.default_language = "fr"
    municipality.save()

    send_and_get_link(new_invitation(municipality, admin))
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "fr"
    assert ("Ada Admin vous invite dans Linchpin, l’espace de travail de Sarcelles, comme "
            "coordinateur local.") in message.body
    expires = timezone.localtime(Invitation.objects.get().expires_at)
    month = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")[expires.month - 1]
    assert f"{expires.day} {month} {expires.year}" in message.body  # Django's French dates

    # Someone who already reads Linchpin in Dutch is invited in Dutch.
    member(other_municipality, Role.COORDINATOR, user__email="joost@example.org",
           language="nl")
    send_and_get_link(new_invitation(municipality, admin, email="joost@example.org"))
    assert mail.outbox[0].extra_headers["Content-Language"] == "nl"
