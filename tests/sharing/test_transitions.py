"""Activate, suspend, resume and end (municipal admins): a confirmation page, then a POST; the
partners' access follows on the very next request."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sharing.models import AgreementState
from tests.factories import InteractionFactory

from .conftest import new_agreement

TODAY = timezone.localdate


def _url(name, agreement):
    return reverse(f"sharing:agreement_{name}", args=[agreement.pk])


@pytest.fixture
def draft(municipality, people):
    return new_agreement(municipality, people.police, state=AgreementState.DRAFT,
                          signed_off_by="", signed_off_role="", signed_off_on=None)


@pytest.fixture
def note(municipality):
    return InteractionFactory(municipality=municipality, needs_heard="A worried teacher")


SIGN_OFF = {"signed_off_by": "A. Mayor", "signed_off_role": "Mayor",
            "signed_off_on": "2026-01-05"}


def test_activation_grants_the_partner_at_once(people, draft, note):
    interactions = reverse("interaction_list")
    assert people.partner.get(interactions).status_code == 403
    page = people.admin.get(_url("activate", draft)).content.decode()
    assert "Activate the agreement" in page and 'name="signed_off_by"' in page
    response = people.admin.post(_url("activate", draft), SIGN_OFF, follow=True)
    assert "The agreement is active." in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == AgreementState.ACTIVE
    assert (draft.signed_off_by, draft.signed_off_role) == ("A. Mayor", "Mayor")
    assert draft.history.earliest().history_type == "+"
    assert draft.history.latest().history_change_reason == "Activated"
    page = people.partner.get(interactions).content.decode()
    assert "A worried teacher" in page
    # A partner whose organisation is no party still sees nothing.
    assert people.unbound.get(interactions).status_code == 403


def test_activation_needs_the_sign_off_and_a_category(people, draft):
    response = people.admin.post(_url("activate", draft), {"signed_off_by": ""})
    assert response.status_code == 200
    assert "Enter the name of the person who signed off" in response.content.decode()
    draft.categories = []
    draft.save()
    page = people.admin.get(_url("activate", draft)).content.decode()
    assert "At least one information category is covered." in page
    response = people.admin.post(_url("activate", draft), SIGN_OFF)
    assert response.status_code == 200
    assert "At least one information category is covered." in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == AgreementState.DRAFT


def test_activation_needs_a_party(people, draft):
    draft.parties.all().delete()
    response = people.admin.post(_url("activate", draft), SIGN_OFF)
    assert "At least one partner organisation is a party." in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == AgreementState.DRAFT


@pytest.mark.parametrize(("transition", "data", "state"), [
    ("suspend", {"reason": "Breach under investigation"}, AgreementState.SUSPENDED),
    ("end", {"reason": "The case consultations stopped"}, AgreementState.ENDED),
])
def test_suspending_or_ending_revokes_on_the_next_request(people, agreement, note,
                                                          transition, data, state):
    url = reverse("interaction_detail", args=[note.pk])
    assert people.partner.get(url).status_code == 200
    page = people.admin.get(_url(transition, agreement)).content.decode()
    assert 'name="reason"' in page  # a confirmation page first
    assert people.admin.post(_url(transition, agreement), data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.state == state
    assert data["reason"] in agreement.history.latest().history_change_reason
    assert people.partner.get(url).status_code == 404
    assert people.partner.get(reverse("interaction_list")).status_code == 403


def test_ending_is_final_and_sets_the_end_date(people, agreement):
    people.admin.post(_url("end", agreement), {"reason": "Done"})
    agreement.refresh_from_db()
    assert agreement.ends_on == TODAY()
    for name in ("activate", "suspend", "resume", "end"):
        page = people.admin.get(_url(name, agreement)).content.decode()
        assert "This cannot be done while the agreement is ended." in page, name
        response = people.admin.post(_url(name, agreement), {"reason": "Again", **SIGN_OFF})
        assert response.status_code == 200
        agreement.refresh_from_db()
        assert agreement.state == AgreementState.ENDED


def test_the_end_date_passing_revokes(people, agreement, note):
    url = reverse("interaction_detail", args=[note.pk])
    assert people.partner.get(url).status_code == 200
    agreement.starts_on = TODAY() - datetime.timedelta(days=10)
    agreement.ends_on = TODAY() - datetime.timedelta(days=1)
    agreement.save()
    assert people.partner.get(url).status_code == 404
    page = people.coordinator.get(agreement.get_absolute_url()).content.decode()
    assert "end date passed: not in force" in page


def test_resume_restores_access_unless_the_end_date_passed(people, agreement, note):
    url = reverse("interaction_detail", args=[note.pk])
    people.admin.post(_url("suspend", agreement), {"reason": "Pause"})
    assert people.partner.get(url).status_code == 404
    assert people.admin.post(_url("resume", agreement), {}).status_code == 302
    assert people.partner.get(url).status_code == 200
    people.admin.post(_url("suspend", agreement), {"reason": "Pause"})
    agreement.refresh_from_db()
    agreement.starts_on = TODAY() - datetime.timedelta(days=10)
    agreement.ends_on = TODAY() - datetime.timedelta(days=1)
    agreement.save()
    response = people.admin.post(_url("resume", agreement), {})
    assert "An end date that has not passed." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.SUSPENDED


@pytest.mark.parametrize(("role", "status"), [
    ("coordinator", 403), ("assessor", 404), ("partner", 404), ("unbound", 404),
    ("outsider", 404),
])
@pytest.mark.parametrize("transition", ["suspend", "end", "activate", "resume"])
def test_only_the_municipal_admin_changes_the_state(people, agreement, role, status,
                                                    transition):
    client = getattr(people, role)
    assert client.get(_url(transition, agreement)).status_code == status
    assert client.post(_url(transition, agreement),
                       {"reason": "Taken over", **SIGN_OFF}).status_code == status
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.ACTIVE


def test_the_portal_user_is_kept_out(people, agreement):
    response = people.portal.post(_url("end", agreement), {"reason": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/portal/")
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.ACTIVE
