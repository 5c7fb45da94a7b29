"""The register and the agreement page: who reaches them, and what they show."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coordinator.access import InformationCategory
from sharing.models import AgreementReview, AgreementState

from .conftest import new_agreement

LIST = reverse("sharing:agreement_list")


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("coordinator", 200), ("assessor", 403), ("partner", 403),
    ("unbound", 403), ("outsider", 200),
])
def test_who_opens_the_register(people, agreement, role, status):
    response = getattr(people, role).get(LIST)
    assert response.status_code == status
    if role == "outsider":
        # Their own (empty) register: nothing of Sarcelles.
        assert "Safety House" not in response.content.decode()


def test_the_portal_user_is_sent_to_the_portal(people, agreement):
    response = people.portal.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/portal/")


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("coordinator", 200), ("assessor", 404), ("partner", 404),
    ("unbound", 404), ("outsider", 404),
])
def test_who_opens_an_agreement(people, agreement, role, status):
    assert getattr(people, role).get(agreement.get_absolute_url()).status_code == status


def test_the_register_shows_state_partners_categories_and_overdue_reviews(
        municipality, people):
    today = timezone.localdate()
    new_agreement(municipality, people.police, title="Safety House",
                   categories=[InformationCategory.INTERACTION_NOTES,
                               InformationCategory.COMMITMENTS],
                   review_on=today - datetime.timedelta(days=2))
    new_agreement(municipality, people.school, title="Truancy protocol",
                   state=AgreementState.DRAFT, review_on=today + datetime.timedelta(days=30))
    page = people.coordinator.get(LIST).content.decode()
    assert "Safety House" in page and "Truancy protocol" in page
    assert "Police of Sarcelles" in page and "Lycée Jean-Jaurès" in page
    assert "Interaction notes, Commitments" in page
    assert "Draft" in page and "Active" in page
    assert page.count('badge warn">overdue') == 1
    # A coordinator reads; only the municipal admin is offered a new agreement.
    assert reverse("sharing:agreement_create") not in page
    assert reverse("sharing:agreement_create") in people.admin.get(LIST).content.decode()


def test_filter_by_state_search_and_sort(municipality, people):
    new_agreement(municipality, people.police, title="Safety House")
    new_agreement(municipality, people.school, title="Truancy protocol",
                   state=AgreementState.ENDED)
    page = people.coordinator.get(LIST, {"state": "ended"}).content.decode()
    assert "Truancy protocol" in page and "Safety House" not in page
    page = people.coordinator.get(LIST, {"q": "truan"}).content.decode()
    assert "Truancy protocol" in page and "Safety House" not in page
    page = people.coordinator.get(LIST, {"o": "-title"}).content.decode()
    assert page.index("Truancy protocol") < page.index("Safety House")
    page = people.coordinator.get(LIST, {"q": "nothing like it"}).content.decode()
    assert "No agreement matches these filters." in page


def test_review_due_filter(municipality, people):
    today = timezone.localdate()
    new_agreement(municipality, people.police, title="Late",
                   review_on=today - datetime.timedelta(days=1))
    new_agreement(municipality, people.school, title="On time",
                   review_on=today + datetime.timedelta(days=1))
    page = people.coordinator.get(LIST, {"review_due": "on"}).content.decode()
    assert "Late" in page and "On time" not in page


def test_the_organisation_filter_offers_only_this_municipality(people, agreement):
    page = people.coordinator.get(LIST).content.decode()
    assert "Police of Sarcelles" in page
    assert "Foreign youth service" not in page


def test_empty_register(people):
    page = people.coordinator.get(LIST).content.decode()
    assert "No information-sharing agreement yet." in page


def test_the_register_paginates(municipality, people):
    for n in range(27):
        new_agreement(municipality, title=f"Agreement {n:02d}")
    first = people.coordinator.get(LIST).content.decode()
    second = people.coordinator.get(LIST, {"page": 2}).content.decode()
    assert "Agreement 00" in first and "Agreement 26" not in first
    assert "Agreement 26" in second and "Page 2 of 2" in second


def test_the_agreement_page_shows_every_element(municipality, people):
    agreement = new_agreement(
        municipality, people.police, title="Safety House",
        categories=[InformationCategory.COMMUNITY_PROFILE], communities=[people.community],
        special_category_condition="substantial_public_interest", data_items="Names of groups",
        holdings="Police: incident reports", rules="Only in case consultations",
        after_sharing="No onward sharing", retention="Deleted after two years",
        security="Encrypted e-mail; breaches reported within 24 hours",
        requests_and_complaints="Through the municipal privacy officer", controllers="joint",
        review_on=timezone.localdate() + datetime.timedelta(days=90))
    AgreementReview.objects.create(agreement=agreement, reviewed_on=timezone.localdate(),
                                   shared_on_time="partly", handled_as_agreed="yes",
                                   notes="One report came late", follow_up="Weekly check")
    page = people.coordinator.get(agreement.get_absolute_url()).content.decode()
    for text in ("Desk officer of Police of Sarcelles", "desk@example.org",
                 "Multi-agency case consultations", "Community profiles", "Names of groups",
                 "Young people", "Public task (Art. 6(1)(e))",
                 "Substantial public interest (Art. 9(2)(g))", "Joint controllers",
                 "Police: incident reports", "Only in case consultations", "No onward sharing",
                 "Deleted after two years", "Encrypted e-mail", "municipal privacy officer",
                 "Mayor", "One report came late", "Weekly check", "Partly", "in force today"):
        assert text in page, text
    # The coordinator reads only: no edit, no transition, no evaluation button, no history.
    assert reverse("sharing:agreement_update", args=[agreement.pk]) not in page
    assert reverse("sharing:agreement_end", args=[agreement.pk]) not in page
    assert reverse("sharing:review_create", args=[agreement.pk]) not in page
    admin_page = people.admin.get(agreement.get_absolute_url()).content.decode()
    for name in ("agreement_update", "agreement_suspend", "agreement_end", "review_create"):
        assert reverse(f"sharing:{name}", args=[agreement.pk]) in admin_page, name
    assert reverse("sharing:agreement_activate", args=[agreement.pk]) not in admin_page
    assert 'id="history-heading"' in admin_page


def test_nav_links_follow_the_policy(people, agreement):
    assert "Agreements</a>" in people.coordinator.get(LIST).content.decode()
    home = people.partner.get(reverse("sharing:my_agreement_list")).content.decode()
    assert "Shared with my organisation" in home
    assert f'href="{LIST}"' not in home
