"""Creating and editing an agreement (municipal admins): validation, scoped choices, history."""

import pytest
from django.urls import reverse

from coordinator.access import InformationCategory
from sharing.models import Agreement, AgreementParty, AgreementState

from .conftest import new_agreement

CREATE = reverse("sharing:agreement_create")


def response_choices(response, field):
    return [value for value, _label in response.context["form"].fields[field].choices]


def _post_data(people, **changes):
    data = {
        "title": "Safety House", "purpose": "Case consultations on radicalisation",
        "categories": [InformationCategory.INTERACTION_NOTES], "lawful_basis": "public_task",
        "controllers": "separate", "access_log_retention_days": "730",
        "starts_on": "2026-01-01",
        "parties-TOTAL_FORMS": "2", "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0", "parties-MAX_NUM_FORMS": "1000",
        "parties-0-organisation": str(people.police.pk),
        "parties-0-contact_name": "Desk officer",
        "parties-0-contact_role": "Inspector",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(("role", "status"), [
    ("coordinator", 403), ("assessor", 403), ("partner", 403), ("unbound", 403),
])
def test_only_the_municipal_admin_creates(people, role, status):
    client = getattr(people, role)
    assert client.get(CREATE).status_code == status
    assert client.post(CREATE, _post_data(people)).status_code == status
    assert not Agreement.objects.exists()


def test_the_admin_creates_a_draft_with_its_parties(people, municipality):
    response = people.admin.post(CREATE, _post_data(
        people, communities=[str(people.community.pk)]))
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    assert agreement.municipality == municipality
    assert agreement.state == AgreementState.DRAFT
    assert agreement.categories == [InformationCategory.INTERACTION_NOTES]
    assert list(agreement.communities.all()) == [people.community]
    party = AgreementParty.objects.get()
    assert (party.organisation, party.contact_name) == (people.police, "Desk officer")
    assert agreement.created_by == people.admin_user
    assert agreement.history.earliest().history_user == people.admin_user
    page = people.admin.get(response["Location"]).content.decode()
    assert "was saved as a draft" in page


def test_the_form_offers_only_this_municipalitys_choices(people):
    page = people.admin.get(CREATE).content.decode()
    assert "Police of Sarcelles" in page and "Young people" in page
    assert "Foreign youth service" not in page and "Foreign neighbourhood" not in page
    # Assessments of partners are never a category.
    offered = set(response_choices(people.admin.get(CREATE), "categories"))
    assert offered == set(InformationCategory.values)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"categories": None}, "categories", "Choose at least one information category."),
    ({"parties-0-organisation": "", "parties-0-contact_name": "", "parties-0-contact_role": ""},
     None,
     "Name at least one partner organisation"),
    ({"parties-1-organisation": "PARTY", "parties-1-contact_name": "Other desk"}, None,
     "is listed twice"),
    ({"ends_on": "2025-12-31"}, "ends_on", "The end cannot be before the start."),
    ({"shares_special_category": "on",
      "categories": [InformationCategory.COMMUNITY_PROFILE]},
     "special_category_condition", "Choose the Article 9 condition"),
    ({"shares_special_category": "on", "special_category_condition": "explicit_consent"},
     "shares_special_category", "add that category"),
    ({"special_category_condition": "explicit_consent",
      "categories": [InformationCategory.COMMUNITY_PROFILE]},
     "shares_special_category", "tick this box to confirm"),
    ({"parties-0-organisation": "FOREIGN"}, None, "Select a valid choice"),
    ({"communities": ["FOREIGN_COMMUNITY"]}, "communities", "Select a valid choice"),
    ({"categories": ["vetting"]}, "categories", "Select a valid choice"),
])
def test_invalid_terms_re_render_with_a_message_and_save_nothing(people, changes, field,
                                                                 message):
    replace = {"PARTY": str(people.police.pk), "FOREIGN": str(people.foreign_org.pk),
               "FOREIGN_COMMUNITY": str(people.foreign_community.pk)}
    changes = {k: ([replace.get(x, x) for x in v] if isinstance(v, list) else
                   replace.get(v, v) if v is not None else None) for k, v in changes.items()}
    response = people.admin.post(CREATE, _post_data(people, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, page
    assert "There is a problem" in page
    assert not Agreement.objects.exists()
    if field:
        assert field in response.context["form"].errors


def test_a_duplicate_title_is_refused_with_a_message(municipality, people):
    new_agreement(municipality, people.police, title="Safety House")
    response = people.admin.post(CREATE, _post_data(people, title="safety house"))
    assert response.status_code == 200
    assert "Another agreement already has this title." in response.content.decode()
    assert Agreement.objects.count() == 1


def test_a_special_category_condition_is_saved_when_ticked(people):
    people.admin.post(CREATE, _post_data(
        people, categories=[InformationCategory.COMMUNITY_PROFILE],
        shares_special_category="on", special_category_condition="explicit_consent"))
    assert Agreement.objects.get().special_category_condition == "explicit_consent"


def test_the_admin_edits_terms_and_parties_with_history(municipality, people, agreement):
    url = reverse("sharing:agreement_update", args=[agreement.pk])
    party = agreement.parties.get()
    data = _post_data(
        people, title="Safety House Sarcelles",
        categories=[InformationCategory.INTERACTION_NOTES, InformationCategory.COMMITMENTS],
        **{"parties-INITIAL_FORMS": "1", "parties-TOTAL_FORMS": "3",
           "parties-0-id": str(party.pk), "parties-0-agreement": str(agreement.pk),
           "parties-1-organisation": str(people.school.pk),
           "parties-1-contact_name": "Head teacher"})
    response = people.admin.post(url, data)
    assert response.status_code == 302, response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "Safety House Sarcelles"
    assert agreement.state == AgreementState.ACTIVE  # editing never changes the state
    assert set(agreement.parties.values_list("organisation__name", flat=True)) == {
        "Police of Sarcelles", "Lycée Jean-Jaurès"}
    page = people.admin.get(agreement.get_absolute_url()).content.decode()
    assert "<del>Safety House</del>" in page


def test_removing_the_last_party_is_refused(people, agreement):
    url = reverse("sharing:agreement_update", args=[agreement.pk])
    party = agreement.parties.get()
    data = _post_data(people, **{"parties-INITIAL_FORMS": "1", "parties-TOTAL_FORMS": "1",
                                 "parties-0-id": str(party.pk), "parties-0-DELETE": "on"})
    response = people.admin.post(url, data)
    assert response.status_code == 200
    assert "Name at least one partner organisation" in response.content.decode()
    assert agreement.parties.count() == 1


@pytest.mark.parametrize(("role", "status"), [
    ("coordinator", 403), ("assessor", 404), ("partner", 404), ("outsider", 404),
])
def test_only_the_municipal_admin_edits(people, agreement, role, status):
    url = reverse("sharing:agreement_update", args=[agreement.pk])
    client = getattr(people, role)
    assert client.get(url).status_code == status
    assert client.post(url, _post_data(people, title="Taken over")).status_code == status
    agreement.refresh_from_db()
    assert agreement.title == "Safety House"


def test_an_ended_agreement_cannot_be_edited(people, agreement):
    agreement.state = AgreementState.ENDED
    agreement.save()
    url = reverse("sharing:agreement_update", args=[agreement.pk])
    response = people.admin.post(url, _post_data(people, title="Rewritten"), follow=True)
    assert "An ended agreement cannot be changed." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "Safety House"


def test_a_forged_number_of_party_rows_is_refused_without_building_them(people):
    """Issue 8: TOTAL_FORMS=999999999 made the server build and render 2,000 party rows
    (about 35 s); now at most ``MAX_NEW_PARTIES`` new rows are built and the form says why."""
    from sharing.forms import MAX_NEW_PARTIES

    response = people.admin.post(CREATE, _post_data(people, **{
        "parties-TOTAL_FORMS": "999999999"}))
    assert response.status_code == 200
    assert len(response.context["parties"].forms) == MAX_NEW_PARTIES
    assert f"Please submit at most {MAX_NEW_PARTIES} forms." in response.content.decode()
    assert not Agreement.objects.exists()
