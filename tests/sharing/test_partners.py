"""The partner professionals' workspace: the agreements that bind their organisation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sharing.models import AgreementState
from sharing.services import agreements_binding

from .conftest import new_agreement

MINE = reverse("sharing:my_agreement_list")


def test_a_partner_reads_the_agreements_binding_their_organisation(municipality, people):
    active = new_agreement(municipality, people.police, title="Safety House")
    new_agreement(municipality, people.police, title="Old protocol", state=AgreementState.ENDED,
                   starts_on=timezone.localdate() - datetime.timedelta(days=400),
                   ends_on=timezone.localdate() - datetime.timedelta(days=30))
    new_agreement(municipality, people.police, title="Still a draft",
                   state=AgreementState.DRAFT)
    new_agreement(municipality, people.school, title="School protocol")
    page = people.partner.get(MINE).content.decode()
    assert "Safety House" in page and "Old protocol" in page
    assert "Still a draft" not in page and "School protocol" not in page
    detail = people.partner.get(reverse("sharing:my_agreement_detail", args=[active.pk]))
    text = detail.content.decode()
    assert "Multi-agency case consultations" in text and "Desk officer of Police" in text
    assert f'href="{reverse("interaction_list")}"' in text
    assert "Evaluations of the sharing" not in text and "history-heading" not in text


def test_a_past_agreement_links_to_nothing(municipality, people):
    old = new_agreement(municipality, people.police, title="Old", state=AgreementState.ENDED)
    text = people.partner.get(
        reverse("sharing:my_agreement_detail", args=[old.pk])).content.decode()
    assert "not in force today" in text
    assert f'href="{reverse("interaction_list")}"' not in text


@pytest.mark.parametrize("title_state", [("School protocol", "active"),
                                         ("Police draft", "draft")])
def test_other_agreements_are_not_found(municipality, people, title_state):
    title, state = title_state
    other = new_agreement(municipality, people.school if state == "active" else people.police,
                           title=title, state=state)
    url = reverse("sharing:my_agreement_detail", args=[other.pk])
    assert people.partner.get(url).status_code == 404


def test_a_partner_without_an_agreement_sees_the_empty_state(people, agreement):
    page = people.unbound.get(MINE).content.decode()
    assert "not a party to any information-sharing agreement" in page
    assert "Safety House" not in page


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 403), ("coordinator", 403), ("assessor", 403), ("outsider", 403),
])
def test_the_workspace_is_for_partner_professionals(people, agreement, role, status):
    assert getattr(people, role).get(MINE).status_code == status
    url = reverse("sharing:my_agreement_detail", args=[agreement.pk])
    assert getattr(people, role).get(url).status_code in (403, 404)


def test_agreements_binding_goes_through_the_policy(municipality, people, agreement):
    from coordinator.access import Actor

    partner = Actor(people.partner_user, people.partner_user.memberships.get())
    admin = Actor(people.admin_user, people.admin_user.memberships.get())
    assert list(agreements_binding(partner)) == [agreement]
    assert not agreements_binding(admin).exists()
