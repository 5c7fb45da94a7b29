"""Concerns answered (issue 9): the list, detail, register and edit screens, the steps of a
concern's way (pass on, answer, report back, close), the one-click registration from an
interaction, the dashboard panel, and the rules of ``Concern.clean``."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coordinator.access import InformationCategory
from coordinator.concurrency import LOCK_FIELD, TOKEN_FIELD
from coordinator.models import Role
from engagement.models import Concern, ConcernState
from sharing.models import Agreement, AgreementParty, AgreementState

from ..factories import (
    CommunityFactory,
    ConcernFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    member,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def community(municipality):
    return CommunityFactory(municipality=municipality, name="Lochamp residents")


@pytest.fixture
def heard(municipality, community):
    """An interaction with a community, an organisation and a person, and concerns heard."""
    interaction = InteractionFactory(
        municipality=municipality, community=community, occurred_on=days_ago(3),
        concerns_heard="Cars parked on the pavement near the school.\nChildren walk on the road.",
        interests_heard="A street party in June.")
    organisation = OrganisationFactory(municipality=municipality, name="Lochamp tenants")
    person = PersonFactory(municipality=municipality, name="Chair of the tenants",
                           organisation=organisation)
    interaction.organisations.add(organisation)
    interaction.people.add(person)
    return interaction


def _agreement(municipality, organisation, categories):
    agreement = Agreement.objects.create(
        municipality=municipality, title="Neighbourhood desk", purpose="Casework",
        categories=categories, lawful_basis="public_task", partners_may_add=True,
        starts_on=days_ago(1), state=AgreementState.ACTIVE)
    AgreementParty.objects.create(agreement=agreement, organisation=organisation,
                                  contact_name="Desk officer")
    return agreement


@pytest.fixture
def partner_client(municipality, client_for):
    """A partner professional whose agreement covers concerns, interaction notes and community
    profiles (partners may add)."""
    police = OrganisationFactory(municipality=municipality, name="Neighbourhood police")
    _agreement(municipality, police, [InformationCategory.CONCERNS,
                                      InformationCategory.INTERACTION_NOTES,
                                      InformationCategory.COMMUNITY_PROFILE])
    return client_for(member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police))


# --------------------------------------------------------------------------- the model's rules


@pytest.mark.parametrize(("values", "field"), [
    ({"state": ConcernState.ROUTED}, "routed_to_department"),
    ({"state": ConcernState.ANSWERED, "answered_on": TODAY}, "answer"),
    ({"state": ConcernState.ANSWERED, "answer": "Yes"}, "answered_on"),
    ({"state": ConcernState.REPORTED_BACK, "answer": "Yes", "answered_on": TODAY,
      "reported_back_on": TODAY}, "reported_back_how"),
    ({"state": ConcernState.REPORTED_BACK, "answer": "Yes", "answered_on": TODAY,
      "reported_back_how": "Letter"}, "reported_back_on"),
    ({"state": ConcernState.CLOSED}, "answer"),
    ({"state": ConcernState.OPEN, "answer": "Yes", "answered_on": TODAY}, "state"),
    ({"state": ConcernState.ANSWERED, "answer": "Yes", "answered_on": TODAY,
      "reported_back_on": TODAY, "reported_back_how": "Letter"}, "state"),
    ({"raised_on": TODAY + datetime.timedelta(days=1)}, "raised_on"),
    ({"raised_on": TODAY, "answered_on": days_ago(1), "answer": "Yes",
      "state": ConcernState.ANSWERED}, "answered_on"),
    ({"state": ConcernState.REPORTED_BACK, "answer": "Yes", "answered_on": TODAY,
      "reported_back_on": days_ago(1), "reported_back_how": "Letter",
      "raised_on": days_ago(2)}, "reported_back_on"),
])
def test_the_state_must_agree_with_the_dates_and_texts(municipality, values, field):
    concern = Concern(municipality=municipality, topic="Parking", **values)
    with pytest.raises(ValidationError) as error:
        concern.full_clean()
    assert field in error.value.message_dict


def test_a_coherent_concern_in_every_state_is_valid(municipality):
    common = {"answer": "The lights are fixed.", "answered_on": days_ago(2),
              "routed_to_department": "Public works", "raised_on": days_ago(9)}
    for state, extra in [(ConcernState.OPEN, {"answer": "", "answered_on": None}),
                         (ConcernState.ROUTED, {"answer": "", "answered_on": None}),
                         (ConcernState.ANSWERED, {}),
                         (ConcernState.REPORTED_BACK, {"reported_back_on": days_ago(1),
                                                       "reported_back_how": "At the meeting"}),
                         (ConcernState.CLOSED, {})]:
        Concern(municipality=municipality, topic="Street lights", state=state,
                **{**common, **extra}).full_clean()


@pytest.mark.parametrize("field", ["community", "raised_by_organisation", "raised_by_person",
                                   "routed_to_organisation", "interaction"])
def test_related_records_belong_to_the_same_municipality(municipality, other_municipality,
                                                         field):
    foreign = {
        "community": lambda: CommunityFactory(municipality=other_municipality),
        "raised_by_organisation": lambda: OrganisationFactory(municipality=other_municipality),
        "raised_by_person": lambda: PersonFactory(municipality=other_municipality),
        "routed_to_organisation": lambda: OrganisationFactory(municipality=other_municipality),
        "interaction": lambda: InteractionFactory(municipality=other_municipality),
    }[field]()
    concern = Concern(municipality=municipality, topic="Parking", **{field: foreign})
    with pytest.raises(ValidationError) as error:
        concern.full_clean()
    assert field in error.value.message_dict


# --------------------------------------------------------------------------- the list


def test_the_list_filters_searches_and_sorts(coordinator_client, municipality, community):
    other = CommunityFactory(municipality=municipality, name="Harbour quarter")
    works = OrganisationFactory(municipality=municipality, name="Harbour works company")
    ConcernFactory(municipality=municipality, community=community, topic="Broken lift",
                   raised_on=days_ago(5))
    ConcernFactory(municipality=municipality, community=other, topic="Street lights",
                   raised_on=days_ago(2), state=ConcernState.ROUTED,
                   routed_to_organisation=works)
    ConcernFactory(municipality=municipality, community=other, topic="Parking on Fridays",
                   raised_on=days_ago(9), state=ConcernState.ROUTED,
                   routed_to_department="Mobility department")
    ConcernFactory(municipality=municipality, community=community, topic="Noise at night",
                   raised_on=days_ago(7), state=ConcernState.CLOSED, answer="Withdrawn.")

    def topics(query=""):
        response = coordinator_client.get(reverse("concern_list") + query)
        assert response.status_code == 200
        return [c.topic for c in response.context["object_list"]]

    assert topics() == ["Street lights", "Broken lift", "Noise at night", "Parking on Fridays"]
    assert topics("?state=waiting") == ["Street lights", "Broken lift", "Parking on Fridays"]
    assert topics("?state=closed") == ["Noise at night"]
    assert topics(f"?community={community.pk}") == ["Broken lift", "Noise at night"]
    assert topics("?community_name=harbour") == ["Street lights", "Parking on Fridays"]
    assert topics(f"?routed_to_organisation={works.pk}") == ["Street lights"]
    assert topics("?routed_to_organisation_name=works") == ["Street lights"]
    assert topics("?routed_to_department=mobility") == ["Parking on Fridays"]
    assert topics("?q=LIFT") == ["Broken lift"]
    assert topics("?o=raised") == ["Parking on Fridays", "Noise at night", "Broken lift",
                                   "Street lights"]


def test_the_list_says_when_nothing_is_registered_or_matches(coordinator_client, municipality):
    page = coordinator_client.get(reverse("concern_list")).content.decode()
    assert "No concern registered yet" in page
    ConcernFactory(municipality=municipality, topic="Broken lift")
    page = coordinator_client.get(reverse("concern_list") + "?q=zebra").content.decode()
    assert "No concern matches these filters." in page


def test_the_list_shows_no_concern_of_another_municipality(coordinator_client, municipality,
                                                           other_municipality):
    ConcernFactory(municipality=municipality, topic="Our broken lift")
    ConcernFactory(municipality=other_municipality, topic="Their broken lift")
    foreign_community = CommunityFactory(municipality=other_municipality)
    page = coordinator_client.get(reverse("concern_list")).content.decode()
    assert "Our broken lift" in page and "Their broken lift" not in page
    response = coordinator_client.get(reverse("concern_list"), {"community": foreign_community.pk})
    assert "community" in response.context["filter"].form.errors  # not a choice: no filter
    assert "Their broken lift" not in response.content.decode()


@pytest.mark.parametrize("rows", [5, 120])
def test_the_list_runs_a_constant_number_of_queries(coordinator_client, municipality, rows,
                                                    django_assert_max_num_queries):
    communities = CommunityFactory.create_batch(3, municipality=municipality)
    works = OrganisationFactory(municipality=municipality)
    for index in range(rows):
        ConcernFactory(municipality=municipality, community=communities[index % 3],
                       state=ConcernState.ROUTED, routed_to_organisation=works)
    with django_assert_max_num_queries(10):
        response = coordinator_client.get(reverse("concern_list"))
    assert len(response.context["object_list"]) == min(rows, 25)


# --------------------------------------------------------------------------- register and edit


def test_the_form_offers_only_records_of_the_municipality(coordinator_client, municipality,
                                                          other_municipality, heard):
    CommunityFactory(municipality=other_municipality, name="Their community")
    OrganisationFactory(municipality=other_municipality, name="Their organisation")
    PersonFactory(municipality=other_municipality, name="Their person")
    InteractionFactory(municipality=other_municipality)
    form = coordinator_client.get(reverse("concern_create")).context["form"]
    for name in ("community", "raised_by_organisation", "raised_by_person",
                 "routed_to_organisation", "interaction"):
        assert {r.municipality_id for r in form.fields[name].queryset} == {municipality.pk}, name
    assert {m.municipality_id for u in form.fields["owner"].queryset
            for m in u.memberships.all()} == {municipality.pk}


def test_a_coordinator_registers_and_edits_a_concern(coordinator_client, coordinator,
                                                     municipality, community):
    url = reverse("concern_create") + f"?community={community.pk}"
    form = coordinator_client.get(url).context["form"]
    assert form.initial["community"] == str(community.pk)
    assert form.initial["owner"] == coordinator.pk
    response = coordinator_client.post(reverse("concern_create"), {
        "topic": "Broken lift", "community": community.pk, "raised_on": TODAY.isoformat(),
        "state": ConcernState.OPEN, "owner": coordinator.pk,
    })
    concern = Concern.objects.get()
    assert response.status_code == 302 and response["Location"] == concern.get_absolute_url()
    assert (concern.community, concern.owner, concern.municipality) == (
        community, coordinator, municipality)
    response = coordinator_client.post(reverse("concern_update", args=[concern.pk]), {
        "topic": "Broken lift in block C", "community": community.pk,
        "raised_on": TODAY.isoformat(), "state": ConcernState.ANSWERED,
        LOCK_FIELD: concern.lock_version,
    })
    assert "answer" in response.context["form"].errors  # answered needs the answer and date
    response = coordinator_client.post(reverse("concern_update", args=[concern.pk]), {
        "topic": "Broken lift in block C", "community": community.pk,
        "raised_on": TODAY.isoformat(), "state": ConcernState.ANSWERED,
        "answer": "Repaired on Monday.", "answered_on": TODAY.isoformat(),
        LOCK_FIELD: concern.lock_version,
    })
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.topic, concern.state) == ("Broken lift in block C", ConcernState.ANSWERED)
    page = coordinator_client.get(concern.get_absolute_url()).content.decode()
    assert "Broken lift in block C" in page and "Repaired on Monday." in page
    assert "History" in page and "Broken lift</del>" in page


def test_a_partner_registers_what_was_heard_and_the_municipality_answers(
        partner_client, municipality, community):
    form = partner_client.get(reverse("concern_create")).context["form"]
    assert "state" not in form.fields and "answer" not in form.fields
    response = partner_client.post(reverse("concern_create"), {
        "topic": "Fear after the graffiti", "community": community.pk,
        "raised_on": TODAY.isoformat(), "state": ConcernState.CLOSED, "answer": "Sneaky",
    })
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.state, concern.answer, concern.owner) == (ConcernState.OPEN, "", None)
    assert partner_client.get(concern.get_absolute_url()).status_code == 200
    assert partner_client.get(reverse("concern_update", args=[concern.pk])).status_code == 403
    assert partner_client.get(reverse("concern_answer", args=[concern.pk])).status_code == 403


# --------------------------------------------------------------------------- the way to an answer


def _step(client, name, concern, data=None):
    concern.refresh_from_db()
    return client.post(reverse(name, args=[concern.pk]),
                       {LOCK_FIELD: concern.lock_version, **(data or {})})


def test_a_concern_goes_its_way_to_an_answer(coordinator_client, municipality, community):
    works = OrganisationFactory(municipality=municipality, name="Harbour works company")
    concern = ConcernFactory(municipality=municipality, community=community,
                             raised_on=days_ago(10))
    detail = coordinator_client.get(concern.get_absolute_url())
    assert [name for name, _label in detail.context["steps"]] == [
        "concern_route", "concern_answer", "concern_close"]

    response = _step(coordinator_client, "concern_route", concern)
    assert response.status_code == 200 and response.context["form"].errors
    response = _step(coordinator_client, "concern_route", concern,
                     {"routed_to_organisation": works.pk})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.state, concern.routed_to_organisation) == (ConcernState.ROUTED, works)

    # Reporting back before there is an answer is refused, and nothing changes.
    response = _step(coordinator_client, "concern_report_back", concern,
                     {"reported_back_on": TODAY.isoformat(), "reported_back_how": "Letter"})
    assert response.status_code == 200
    concern.refresh_from_db()
    assert concern.state == ConcernState.ROUTED and concern.reported_back_on is None
    assert "This cannot be done" in coordinator_client.get(
        reverse("concern_report_back", args=[concern.pk])).content.decode()

    form = coordinator_client.get(reverse("concern_answer", args=[concern.pk])).context["form"]
    assert form["answered_on"].value() == TODAY  # today is offered
    response = _step(coordinator_client, "concern_answer", concern,
                     {"answer": "Parking spaces are marked on the 3rd.",
                      "answered_on": days_ago(2).isoformat()})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.state, concern.answered_on) == (ConcernState.ANSWERED, days_ago(2))

    form = coordinator_client.get(reverse("concern_report_back", args=[concern.pk])).context["form"]
    assert form["reported_back_on"].value() == TODAY
    response = _step(coordinator_client, "concern_report_back", concern,
                     {"reported_back_on": days_ago(1).isoformat(),
                      "reported_back_how": "At the tenants' meeting"})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.state == ConcernState.REPORTED_BACK

    response = _step(coordinator_client, "concern_close", concern)
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.state == ConcernState.CLOSED
    assert concern.answer == "Parking spaces are marked on the 3rd."
    detail = coordinator_client.get(concern.get_absolute_url())
    assert detail.context["steps"] == []
    assert [row.action for row in detail.context["history"]].count("changed") == 4


def test_closing_without_an_answer_needs_the_reason(coordinator_client, municipality):
    concern = ConcernFactory(municipality=municipality)
    response = _step(coordinator_client, "concern_close", concern)
    assert response.status_code == 200 and "answer" in response.context["form"].errors
    response = _step(coordinator_client, "concern_close", concern,
                     {"answer": "The residents solved it among themselves."})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.state, concern.answered_on) == (ConcernState.CLOSED, None)
    page = coordinator_client.get(concern.get_absolute_url()).content.decode()
    assert "Why it was closed without an answer" in page


def test_an_answer_saved_meanwhile_is_not_overwritten(coordinator_client, municipality):
    concern = ConcernFactory(municipality=municipality)
    seen = concern.lock_version
    concern.topic = "Changed by a colleague"
    concern.save()
    response = coordinator_client.post(reverse("concern_answer", args=[concern.pk]), {
        LOCK_FIELD: seen, "answer": "Mine", "answered_on": TODAY.isoformat()})
    assert response.status_code == 200 and response.context["conflict"]
    concern.refresh_from_db()
    assert (concern.state, concern.answer) == (ConcernState.OPEN, "")


# --------------------------------------------------------------------------- one click


def test_one_click_registers_what_was_heard(coordinator_client, coordinator, heard):
    page = coordinator_client.get(heard.get_absolute_url())
    rows = {row["source"]: row for row in page.context["heard"]}
    assert set(rows) == {"concerns", "needs", "interests"}
    token = rows["concerns"]["form"][TOKEN_FIELD].value()
    url = reverse("concern_from_interaction", args=[heard.pk])
    response = coordinator_client.post(url, {"source": "concerns", TOKEN_FIELD: token})
    concern = Concern.objects.get()
    assert response.status_code == 302 and response["Location"] == concern.get_absolute_url()
    assert concern.topic == "Cars parked on the pavement near the school."
    assert concern.description == heard.concerns_heard
    assert (concern.community, concern.interaction, concern.raised_on) == (
        heard.community, heard, heard.occurred_on)
    assert concern.raised_by_organisation.name == "Lochamp tenants"
    assert concern.raised_by_person.name == "Chair of the tenants"
    assert (concern.state, concern.owner) == (ConcernState.OPEN, coordinator)

    # A double click (the same token) and a reload of an old page (no token) make no second.
    again = coordinator_client.post(url, {"source": "concerns", TOKEN_FIELD: token})
    assert again.status_code == 302 and again["Location"] == concern.get_absolute_url()
    assert coordinator_client.post(url, {"source": "concerns"})["Location"] == \
        concern.get_absolute_url()
    assert Concern.objects.count() == 1
    # The page now links to it instead of offering the button.
    rows = {row["source"]: row for row in
            coordinator_client.get(heard.get_absolute_url()).context["heard"]}
    assert rows["concerns"]["concern"] == concern and rows["concerns"]["form"] is None

    coordinator_client.post(url, {"source": "interests"})
    assert Concern.objects.count() == 2


def test_one_click_refuses_an_empty_text_or_an_unknown_source(coordinator_client, heard):
    url = reverse("concern_from_interaction", args=[heard.pk])
    heard.concerns_heard = ""
    heard.save()
    for data in ({"source": "concerns"}, {"source": "follow_up"}, {"source": "x" * 1000}):
        response = coordinator_client.post(url, data)
        assert response.status_code == 302 and response["Location"] == heard.get_absolute_url()
    assert not Concern.objects.exists()
    assert coordinator_client.get(url).status_code == 405


def test_one_click_needs_the_right_to_add_concerns(municipality, heard, client_for,
                                                   other_municipality, partner_client):
    url = reverse("concern_from_interaction", args=[heard.pk])
    assessor = client_for(member(municipality, Role.ASSESSOR))
    assert assessor.post(url, {"source": "concerns"}).status_code == 403
    assert "heard" not in assessor.get(heard.get_absolute_url()).context
    outsider = client_for(member(other_municipality, Role.COORDINATOR))
    assert outsider.post(url, {"source": "concerns"}).status_code == 404
    assert not Concern.objects.exists()
    # A partner whose agreement lets them add concerns may; they are not made its owner, and
    # who raised it is left empty: organisations and contacts are not shared with them.
    assert partner_client.post(url, {"source": "concerns"}).status_code == 302
    concern = Concern.objects.get()
    assert (concern.owner, concern.raised_by_organisation, concern.raised_by_person) == (
        None, None, None)


# --------------------------------------------------------------------------- the dashboard


def test_the_dashboard_lists_the_concerns_waiting_longest_first(coordinator_client,
                                                                municipality, community):
    ConcernFactory(municipality=municipality, community=community, topic="Recent",
                   raised_on=days_ago(1))
    ConcernFactory(municipality=municipality, community=community, topic="Waiting long",
                   raised_on=days_ago(40), state=ConcernState.ROUTED,
                   routed_to_department="Housing")
    ConcernFactory(municipality=municipality, topic="Answered", state=ConcernState.ANSWERED,
                   answer="Done", answered_on=TODAY)
    response = coordinator_client.get(reverse("dashboard"))
    panel = next(p for row in response.context["panels"].rows for p in row
                 if p.name == "concerns_waiting")
    assert [c.topic for c in panel.context["waiting_concerns"]] == ["Waiting long", "Recent"]
    assert panel.context["waiting_count"] == 2
    assert "Concerns waiting for an answer (2)" in response.content.decode()


def test_the_dashboard_panel_needs_an_agreement_covering_concerns(municipality, client_for):
    ConcernFactory(municipality=municipality, topic="Broken lift")
    police = OrganisationFactory(municipality=municipality)
    partner = client_for(member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police))
    page = partner.get(reverse("dashboard")).content.decode()
    assert "concerns-waiting-heading" not in page and "Broken lift" not in page
    _agreement(municipality, police, [InformationCategory.CONCERNS])
    page = partner.get(reverse("dashboard")).content.decode()
    assert "concerns-waiting-heading" in page and "Broken lift" in page


def test_a_concern_page_answers_after_an_agreement_ends(municipality, partner_client):
    concern = ConcernFactory(municipality=municipality)
    assert partner_client.get(concern.get_absolute_url()).status_code == 200
    Agreement.objects.update(ends_on=days_ago(1), starts_on=days_ago(30))
    assert partner_client.get(concern.get_absolute_url()).status_code == 404
    assert timezone.localdate() == TODAY  # the dates above are relative to the same day
