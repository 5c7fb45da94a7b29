"""Issue 13 "A REST API": every resource as the HTML pages of the same records (coordinator.access):
a coordinator lists and reads their municipality's records, never another's; a partner
professional sees what their agreements open; a community representative gets no API."""

import pytest
from django.urls import reverse

from coordinator.access import InformationCategory
from coordinator.models import Role
from sharing.models import AccessEvent
from tests.factories import CommunityFactory, InteractionFactory, member

from .conftest import SPECIAL, bearer, make_token

pytestmark = pytest.mark.django_db

#: resource (the router's basename) -> the record of ``records`` its detail shows.
RESOURCES = {"community": "community", "organisation": "school", "person": "person",
             "interaction": "interaction", "commitment": "commitment", "meeting": "meeting",
             "actionplan": "plan", "actionplanversion": "version"}


def list_url(resource, **query):
    url = reverse(f"api:{resource}-list")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def detail_url(resource, record):
    return reverse(f"api:{resource}-detail", args=[record.pk])


def ids(response) -> set:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_coordinator_lists_and_reads_their_own_municipality_only(
        resource, records, foreign_records, token_client):
    client = token_client(records["coordinator"])
    record, foreign = records[RESOURCES[resource]], foreign_records[RESOURCES[resource]]

    listed = client.get(list_url(resource))
    assert record.pk in ids(listed)
    assert foreign.pk not in ids(listed)
    assert b"Zzforeign" not in listed.content
    assert b"Yyhome" in listed.content

    detail = client.get(detail_url(resource, record))
    assert detail.status_code == 200
    assert detail.json()["id"] == record.pk
    assert b"Zzforeign" not in detail.content
    assert client.get(detail_url(resource, foreign)).status_code == 404


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_session_works_too_and_the_answers_are_never_cached(resource, records, client_for):
    response = client_for(records["coordinator"]).get(list_url(resource))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_community_representative_gets_no_api(resource, municipality, records, client_for):
    representative = member(municipality, Role.COMMUNITY_REPRESENTATIVE,
                            organisation=records["school"])
    client = client_for(representative)
    assert client.get(list_url(resource)).status_code == 403
    assert client.get(detail_url(resource, records[RESOURCES[resource]])).status_code == 403
    assert client.get(reverse("api:api-root")).status_code == 403
    assert client.get(reverse("api:schema")).status_code == 403


def test_without_a_token_or_session_the_api_asks_for_a_token(records, client):
    response = client.get(list_url("community"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_api_is_read_only(records, token_client):
    client = token_client(records["coordinator"])
    assert client.post(list_url("community"), {}, content_type="application/json").status_code == 405
    assert client.delete(detail_url("community", records["community"])).status_code == 405


def test_a_browser_gets_the_browsable_api(records, foreign_records, client_for):
    client = client_for(records["coordinator"])
    for url in (reverse("api:api-root"), list_url("interaction"),
                detail_url("community", records["community"])):
        response = client.get(url, headers={"Accept": "text/html"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert b"Zzforeign" not in response.content
    # The filter form's choices are the actor's own: no name of another municipality.
    page = client.get(list_url("interaction"), headers={"Accept": "text/html"})
    assert b"Yyhome need" in page.content


# --------------------------------------------------------------------------- partners


def test_a_partner_sees_only_what_their_agreement_opens(
        municipality, records, partner, make_agreement, token_client):
    other = CommunityFactory(municipality=municipality, name="Yyhome other community")
    elsewhere = InteractionFactory(municipality=municipality, community=other)
    make_agreement([InformationCategory.INTERACTION_NOTES], communities=[records["community"]])
    client = token_client(partner)

    assert ids(client.get(list_url("interaction"))) == {records["interaction"].pk}
    assert client.get(detail_url("interaction", records["interaction"])).status_code == 200
    assert client.get(detail_url("interaction", elsewhere)).status_code == 404
    # Nothing else is open to them: lists refused, records not found.
    for resource in ("community", "organisation", "person", "commitment", "meeting",
                     "actionplan", "actionplanversion"):
        assert client.get(list_url(resource)).status_code == 403, resource
        record = records[RESOURCES[resource]]
        assert client.get(detail_url(resource, record)).status_code == 404, resource
    # The people and organisations of the note are named only as far as they are open.
    detail = client.get(detail_url("interaction", records["interaction"])).json()
    assert detail["people"] == [] and detail["organisations"] == []


def test_a_partner_without_an_agreement_sees_nothing(records, partner, token_client):
    client = token_client(partner)
    for resource, record in RESOURCES.items():
        assert client.get(list_url(resource)).status_code == 403
        assert client.get(detail_url(resource, records[record])).status_code == 404


def test_what_a_partner_is_shown_is_logged(records, partner, make_agreement, token_client):
    agreement = make_agreement([InformationCategory.INTERACTION_NOTES])
    client = token_client(partner)
    client.get(list_url("interaction"))
    client.get(detail_url("interaction", records["interaction"]))
    events = list(AccessEvent.objects.filter(user=partner).order_by("pk"))
    assert [e.view for e in events] == ["api:interaction-list", "api:interaction-detail"]
    assert all(records["interaction"].pk in e.object_ids for e in events)
    assert all(agreement.pk in e.agreement_ids for e in events)


def test_ethnicity_and_faith_only_under_an_article_9_condition(
        records, partner, make_agreement, token_client, client_for):
    community = records["community"]
    without = make_agreement([InformationCategory.COMMUNITY_PROFILE])
    client = token_client(partner)
    detail = client.get(detail_url("community", community))
    assert detail.status_code == 200
    assert "ethnicity" not in detail.json() and "faith" not in detail.json()
    assert SPECIAL.encode() not in detail.content

    without.special_category_condition = "substantial_public_interest"
    without.save()
    detail = token_client(partner).get(detail_url("community", community)).json()
    assert detail["ethnicity"] == f"{SPECIAL} ethnicity" and detail["faith"] == f"{SPECIAL} faith"
    # Lists never carry them, whoever reads.
    listed = client_for(records["coordinator"]).get(list_url("community"))
    assert SPECIAL.encode() not in listed.content


def test_a_commitment_names_its_organisation_only_to_those_who_may_see_it(
        records, partner, make_agreement, token_client):
    make_agreement([InformationCategory.COMMITMENTS])
    [row] = token_client(partner).get(list_url("commitment")).json()["results"]
    assert row["id"] == records["commitment"].pk
    assert row["organisation"] is None
    [row] = token_client(records["coordinator"]).get(list_url("commitment")).json()["results"]
    assert row["organisation"] == {"id": records["school"].pk, "name": "Yyhome school"}


# --------------------------------------------------------------------------- per resource


def test_meeting_notes_only_for_those_who_may_change_the_meeting(
        municipality, records, token_client):
    meeting = records["meeting"]
    coordinator = token_client(records["coordinator"]).get(detail_url("meeting", meeting)).json()
    assert coordinator["notes"] == "Yyhome private notes"
    assert coordinator["organisations"] == [
        {"organisation": {"id": records["school"].pk, "name": "Yyhome school"},
         "attendance": "unknown"}]
    assessor = member(municipality, Role.ASSESSOR)
    response = token_client(assessor).get(detail_url("meeting", meeting))
    assert response.status_code == 200
    assert "notes" not in response.json()
    assert b"private notes" not in response.content
    listed = token_client(records["coordinator"]).get(list_url("meeting"))
    assert b"private notes" not in listed.content


def test_a_version_has_its_seven_elements(records, token_client):
    version = token_client(records["coordinator"]).get(
        detail_url("actionplanversion", records["version"])).json()
    assert [e["number"] for e in version["elements"]] == [1, 2, 3, 4, 5, 6, 7]
    strategy = version["elements"][1]
    assert strategy["answers"]["vision"] == "Yyhome vision"
    assert set(strategy["rows"]) == {"protection_aims", "goals"}
    plan = token_client(records["coordinator"]).get(detail_url("actionplan", records["plan"]))
    assert plan.json()["versions"] == [
        {"id": records["version"].pk, "number": 1, "state": "draft", "approved_at": None}]


def test_the_html_lists_filters_work_and_a_foreign_choice_is_refused(
        municipality, records, foreign_records, token_client):
    other = CommunityFactory(municipality=municipality, name="Yyhome other community")
    InteractionFactory(municipality=municipality, community=other)
    client = token_client(records["coordinator"])
    assert ids(client.get(list_url("interaction", community=records["community"].pk))) == {
        records["interaction"].pk}
    assert ids(client.get(list_url("community", q="quiet"))) == {records["quiet_community"].pk}
    refused = client.get(list_url("interaction", community=foreign_records["community"].pk))
    assert refused.status_code == 400
    assert b"Zzforeign" not in refused.content
    assert client.get(list_url("community", kind="nonsense")).status_code == 400


def test_pages_are_bounded(municipality, records, token_client):
    CommunityFactory.create_batch(3, municipality=municipality)
    client = token_client(records["coordinator"])
    page = client.get(list_url("community", page_size=2)).json()
    assert page["count"] == 5 and len(page["results"]) == 2 and not page["count_capped"]
    assert page["next"].endswith("page=2&page_size=2")
    assert len(client.get(list_url("community", page_size=10_000)).json()["results"]) == 5
    assert client.get(list_url("community", page=99)).status_code == 404
    assert client.get(list_url("community", page="x")).status_code == 404


def test_a_token_lands_in_its_owners_municipality(
        municipality, other_municipality, records, foreign_records, client_for):
    """A member of two municipalities: the token made in the second reads the second, whatever
    municipality their browser session is in."""
    user = records["coordinator"]
    user.memberships.create(municipality=other_municipality, role=Role.COORDINATOR)
    raw = make_token(user, other_municipality)
    there = bearer(raw)
    assert ids(there.get(list_url("community"))) == {
        foreign_records["community"].pk, foreign_records["quiet_community"].pk}
    assert there.get(detail_url("community", records["community"])).status_code == 404
    # The session (first membership) still reads the home municipality.
    session = client_for(user)
    assert records["community"].pk in ids(session.get(list_url("community")))
    # A token and a session cookie together: the token decides.
    both = session.get(list_url("community"), headers={"Authorization": f"Bearer {raw}"})
    assert foreign_records["community"].pk in ids(both)
