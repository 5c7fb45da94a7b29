"""The coordinator invites community representatives to the portal and revokes them (issue 10
"Who gets in"): a one-time link by e-mail, sent by a task, for one organisation of the
municipality; revoking ends access from the next click."""

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
from tests.factories import MembershipFactory, OrganisationFactory, member

from .conftest import page

pytestmark = pytest.mark.django_db

PASSWORD = "amber ladder quietly folds seven maps"
EMAIL = "amina@mothers.example.org"


@pytest.fixture
def enqueued(monkeypatch):
    """The ``send_invitation`` tasks enqueued, as argument tuples (nothing is sent)."""
    calls = []
    monkeypatch.setattr(tasks.send_invitation, "delay", lambda *args: calls.append(args))
    return calls


@pytest.fixture
def invite(coordinator_client, enqueued, django_capture_on_commit_callbacks):
    """``invite(**data)``: the coordinator posts the invitation form (commit hooks run)."""
    def post(**data):
        with django_capture_on_commit_callbacks(execute=True):
            return coordinator_client.post(reverse("representatives:invite"), data)
    return post


def send_and_get_link(invitation) -> str:
    """Run the e-mail task as the worker would; return the path of the link it sent."""
    mail.outbox.clear()
    assert tasks.send_invitation(invitation.pk, invitation.municipality_id) == 1
    assert [m.to for m in mail.outbox] == [[invitation.email]]
    return re.search(r"https?://[^/\s]+(/invitation/\S+/)", mail.outbox[0].body).group(1)


def accept(link, client=None):
    client = client or Client()
    opened = client.get(link)
    assert opened.status_code == 302 and opened["Location"] == reverse("invitation_accept")
    response = client.post(reverse("invitation_accept"), {
        "first_name": "Amina", "last_name": "Haddad", "password1": PASSWORD,
        "password2": PASSWORD}, follow=True)
    return client, response


# --------------------------------------------------------------------------- inviting


def test_inviting_creates_a_representative_invitation_and_the_task_sends_it(
        municipality, coordinator, organisation, invite, enqueued):
    response = invite(email=" Amina@Mothers.example.org ", organisation=organisation.pk,
                      role=Role.MUNICIPAL_ADMIN)  # a role sent by hand is ignored
    assert response.status_code == 302 and response["Location"] == reverse("representatives:list")
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.organisation, invitation.invited_by) == (
        EMAIL, Role.COMMUNITY_REPRESENTATIVE, organisation, coordinator)
    assert mail.outbox == []  # never inside the request
    assert enqueued == [(invitation.pk, municipality.pk)]

    send_and_get_link(invitation)
    body = mail.outbox[0].body
    assert "as Community representative" in body
    assert "You will take part for Mothers of the Harbour" in body


def test_the_invitation_form_offers_only_this_municipalitys_organisations(
        coordinator_client, organisation, other_municipality):
    OrganisationFactory(municipality=other_municipality, name="Police of elsewhere")
    html = page(coordinator_client.get(reverse("representatives:invite"),
                                       {"organisation": organisation.pk}))
    assert "Mothers of the Harbour" in html
    assert "Police of elsewhere" not in html
    assert "72 hours" in html


def test_a_foreign_organisation_is_refused(other_municipality, invite, enqueued):
    foreign = OrganisationFactory(municipality=other_municipality, name="Police of elsewhere")
    response = invite(email=EMAIL, organisation=foreign.pk)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists() and enqueued == []


def test_an_organisation_is_required(invite, enqueued):
    response = invite(email=EMAIL)
    assert response.status_code == 200
    assert not Invitation.objects.exists() and enqueued == []


def test_only_coordinators_and_admins_manage_representatives(municipality, organisation,
                                                             client_for, representative):
    membership = representative.memberships.get()
    assessor = client_for(member(municipality, Role.ASSESSOR))
    for url in (reverse("representatives:list"), reverse("representatives:invite"),
                reverse("representatives:revoke", args=[membership.pk])):
        assert assessor.get(url).status_code == 403, url
    assert assessor.post(reverse("representatives:revoke",
                                 args=[membership.pk])).status_code == 403
    admin = client_for(member(municipality, Role.MUNICIPAL_ADMIN))
    assert admin.get(reverse("representatives:list")).status_code == 200
    assert Membership.objects.filter(pk=membership.pk).exists()


# --------------------------------------------------------------------------- accepting


def test_accepting_creates_the_membership_and_lands_on_the_portal(organisation, invite):
    invite(email=EMAIL, organisation=organisation.pk)
    link = send_and_get_link(Invitation.objects.get())
    client, response = accept(link)

    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "Welcome to the Sarcelles community portal" in page(response)
    assert "You take part on behalf of Mothers of the Harbour" in response.content.decode()
    user = get_user_model().objects.get(email=EMAIL)
    membership = user.memberships.get()
    assert (membership.role, membership.organisation) == (Role.COMMUNITY_REPRESENTATIVE,
                                                          organisation)
    # The portal only: the staff pages send them back.
    assert client.get(reverse("dashboard"))["Location"] == reverse("portal:home")


def test_the_link_works_once(organisation, invite):
    invite(email=EMAIL, organisation=organisation.pk)
    link = send_and_get_link(Invitation.objects.get())
    accept(link)
    again = Client().get(link, follow=True)
    assert again.status_code == 410
    assert "already used" in again.content.decode()
    assert Membership.objects.filter(user__email=EMAIL).count() == 1


def test_the_link_expires(organisation, invite):
    invite(email=EMAIL, organisation=organisation.pk)
    invitation = Invitation.objects.get()
    link = send_and_get_link(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client, response = accept(link)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert not get_user_model().objects.filter(email=EMAIL).exists()


def test_a_withdrawn_invitation_no_longer_works(coordinator_client, organisation, invite):
    invite(email=EMAIL, organisation=organisation.pk)
    invitation = Invitation.objects.get()
    link = send_and_get_link(invitation)
    assert EMAIL in page(coordinator_client.get(reverse("representatives:list")))

    response = coordinator_client.post(reverse("representatives:withdraw", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    client, accepted = accept(link)
    assert accepted.status_code == 410 and "withdrawn" in accepted.content.decode()
    assert not get_user_model().objects.filter(email=EMAIL).exists()
    assert "its link no longer works" in page(coordinator_client.get(reverse(
        "representatives:list")))  # the message, once
    listed = coordinator_client.get(reverse("representatives:list"))
    assert list(listed.context["invitations"]) == []
    assert EMAIL not in page(listed)


def test_another_roles_invitation_cannot_be_withdrawn_here(municipality, coordinator_client):
    admins_invitation = Invitation.objects.create(
        municipality=municipality, email="admin@example.org", role=Role.MUNICIPAL_ADMIN,
        expires_at=timezone.now() + datetime.timedelta(hours=72))
    response = coordinator_client.post(reverse("representatives:withdraw",
                                               args=[admins_invitation.pk]))
    assert response.status_code == 404
    admins_invitation.refresh_from_db()
    assert admins_invitation.revoked_at is None


# --------------------------------------------------------------------------- revoking


def test_revoking_ends_access_at_once(coordinator_client, representative, rep):
    assert rep.get(reverse("portal:home")).status_code == 200
    membership = representative.memberships.get()
    url = reverse("representatives:revoke", args=[membership.pk])
    assert "will no longer reach the portal for Mothers of the Harbour" in page(
        coordinator_client.get(url))
    assert "Rachida Rep" in page(coordinator_client.get(reverse("representatives:list")))

    response = coordinator_client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("representatives:list")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    representative.refresh_from_db()
    assert not representative.is_active

    # The representative's very next click, in the session they already had.
    refused = rep.get(reverse("portal:organisation"))
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/login/")
    assert "Rachida Rep no longer has access to the portal" in page(coordinator_client.get(
        reverse("representatives:list")))  # the message, once
    listed = coordinator_client.get(reverse("representatives:list"))
    assert list(listed.context["object_list"]) == []
    assert "Rachida Rep" not in page(listed)


def test_revoking_keeps_the_account_of_someone_with_another_membership(
        other_municipality, coordinator_client, representative, rep):
    MembershipFactory(user=representative, municipality=other_municipality,
                      role=Role.COORDINATOR)
    membership = representative.memberships.get(role=Role.COMMUNITY_REPRESENTATIVE)
    coordinator_client.post(reverse("representatives:revoke", args=[membership.pk]))
    representative.refresh_from_db()
    assert representative.is_active
    # Still signed in, but no longer a representative of the organisation anywhere.
    response = rep.get(reverse("portal:organisation"))
    assert response.status_code in (302, 403)
    assert "Mothers of the Harbour" not in response.content.decode()


def test_only_representatives_can_be_revoked_here(municipality, coordinator_client):
    colleague = MembershipFactory(municipality=municipality, role=Role.COORDINATOR)
    url = reverse("representatives:revoke", args=[colleague.pk])
    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url).status_code == 404
    assert Membership.objects.filter(pk=colleague.pk).exists()


def test_another_municipalitys_representative_is_not_found(other_municipality,
                                                            coordinator_client):
    foreign = MembershipFactory(
        municipality=other_municipality, role=Role.COMMUNITY_REPRESENTATIVE,
        organisation=OrganisationFactory(municipality=other_municipality))
    assert coordinator_client.post(reverse("representatives:revoke",
                                           args=[foreign.pk])).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()
