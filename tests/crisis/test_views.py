"""The crisis pages through the browser's requests (issue 11): opening an incident, checking
in, answering, briefing before release, closing; what each page shows."""

import pytest
from django.urls import reverse

from coordinator.models import Role
from crisis.models import CheckIn, Incident, StatementState
from tests.factories import CommunityFactory, OrganisationFactory, member

from .factories import IncidentFactory, StatementFactory

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


def test_a_coordinator_opens_an_incident_and_checks_in_with_the_network(
        municipality, coordinator_client):
    community = CommunityFactory(municipality=municipality, name="Libyan community")
    OrganisationFactory(municipality=municipality, name="Libyan community civic team"
                        ).communities.add(community)
    foreign = CommunityFactory(name="Elsewhere community")
    form = page(coordinator_client.get(reverse("crisis:incident_create")))
    assert "Libyan community" in form and "Elsewhere community" not in form
    response = coordinator_client.post(reverse("crisis:incident_create"), {
        "title": "Attack at the arena", "kind": "terrorist_attack", "scale": "city",
        "occurred_at": "2026-11-22T22:31", "place": "Arena", "description": "An attack.",
        "communities": [community.pk], "chase_after_hours": 4})
    incident = Incident.objects.get(title="Attack at the arena")
    assert response.status_code == 302 and response["Location"] == incident.get_absolute_url()
    response = coordinator_client.post(reverse("crisis:check_in_network", args=[incident.pk]))
    detail = page(coordinator_client.get(incident.get_absolute_url()))
    assert "Check-ins with the network: 0 of 1 answered" in detail
    assert "Libyan community civic team" in detail and "not answered yet" in detail
    # A foreign community id is refused by the form.
    response = coordinator_client.post(reverse("crisis:incident_create"), {
        "title": "Another", "kind": "hate_crime", "scale": "city",
        "occurred_at": "2026-11-22T22:31", "place": "x", "description": "x",
        "communities": [foreign.pk], "chase_after_hours": 4})
    assert response.status_code == 200 and not Incident.objects.filter(title="Another").exists()


def test_an_answer_is_recorded_and_a_concurrent_one_is_shown(municipality, coordinator,
                                                             coordinator_client):
    incident = IncidentFactory(municipality=municipality)
    check_in = CheckIn.objects.create(
        incident=incident, municipality=municipality, responsible=coordinator,
        organisation=OrganisationFactory(municipality=municipality, name="Mosque board"))
    url = reverse("crisis:check_in", args=[check_in.pk])
    data = {"channel": "phone", "fears": "Going out after dark.", "version": check_in.lock_version,
            "concerns": "", "needs": "", "rumours": "", "support_asked": ""}
    assert coordinator_client.post(url, data).status_code == 302
    stale = {**data, "fears": "", "needs": "Police at the school gate."}
    response = coordinator_client.post(url, stale)
    assert response.status_code == 200
    assert "Someone recorded an answer while you were writing" in page(response)
    check_in.refresh_from_db()
    assert check_in.fears == "Going out after dark." and check_in.needs == ""


def test_release_before_a_briefing_is_refused_with_the_reason(municipality, coordinator_client):
    statement = StatementFactory(incident__municipality=municipality)
    response = coordinator_client.post(reverse("crisis:statement_release", args=[statement.pk]),
                                       follow=True)
    assert "Brief the network with this statement first" in page(response)
    statement.refresh_from_db()
    assert statement.state == StatementState.DRAFT
    coordinator_client.post(reverse("crisis:briefing_create", args=[statement.pk]), {
        "briefed_at": "2026-11-23T08:00", "who": "The Libyan civic team", "feedback": "Agreed."})
    coordinator_client.post(reverse("crisis:statement_release", args=[statement.pk]))
    statement.refresh_from_db()
    assert statement.state == StatementState.RELEASED


def test_closing_asks_for_the_lessons(municipality, coordinator_client):
    incident = IncidentFactory(municipality=municipality)
    url = reverse("crisis:incident_close", args=[incident.pk])
    assert coordinator_client.post(url, {"lessons_learned": ""}).status_code == 200
    assert coordinator_client.post(url, {"lessons_learned": "Brief first."}).status_code == 302
    incident.refresh_from_db()
    assert incident.is_closed and "Brief first." in page(
        coordinator_client.get(incident.get_absolute_url()))


@pytest.mark.parametrize("role, status", [(Role.ASSESSOR, 403),
                                          (Role.PARTNER_PROFESSIONAL, 403)])
def test_roles_without_crisis_rights_see_no_incident(municipality, client_for, role, status):
    IncidentFactory(municipality=municipality, title="Secret incident")
    organisation = OrganisationFactory(municipality=municipality)
    kwargs = {"organisation": organisation} if role == Role.PARTNER_PROFESSIONAL else {}
    client = client_for(member(municipality, role, **kwargs))
    assert client.get(reverse("crisis:incident_list")).status_code == status


def test_a_representative_answers_their_check_in_in_the_portal(municipality, client_for,
                                                               coordinator):
    organisation = OrganisationFactory(municipality=municipality, name="Civic team")
    incident = IncidentFactory(municipality=municipality, title="Attack at the arena",
                               description="Internal: suspects' addresses")
    mine = CheckIn.objects.create(incident=incident, municipality=municipality,
                                  organisation=organisation, responsible=coordinator)
    theirs = CheckIn.objects.create(
        incident=incident, municipality=municipality, responsible=coordinator,
        organisation=OrganisationFactory(municipality=municipality, name="Other team"),
        fears="Their fears")
    client = client_for(member(municipality, Role.COMMUNITY_REPRESENTATIVE,
                               organisation=organisation))
    listing = page(client.get(reverse("portal:check_in_list")))
    assert "Attack at the arena" in listing and "Waiting for your answer" in listing
    assert "Internal" not in listing and "Their fears" not in listing
    assert client.get(reverse("portal:check_in", args=[theirs.pk])).status_code == 404
    form = page(client.get(reverse("portal:check_in", args=[mine.pk])))
    assert "What are people afraid of?" in form
    response = client.post(reverse("portal:check_in", args=[mine.pk]), {
        "fears": "People do not dare to leave their houses.", "version": mine.lock_version,
        "concerns": "", "needs": "", "rumours": "", "support_asked": ""})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.is_answered and mine.channel == "portal"


def test_a_portal_answer_after_a_colleague_answered_is_shown_not_overwritten(
        municipality, client_for, coordinator):
    organisation = OrganisationFactory(municipality=municipality, name="Civic team")
    check_in = CheckIn.objects.create(
        incident=IncidentFactory(municipality=municipality), municipality=municipality,
        organisation=organisation, responsible=coordinator)
    opened_at = check_in.lock_version
    from coordinator.access import actor_for
    from crisis import services

    services.answer_check_in(actor_for(coordinator, municipality.pk), check_in, version=opened_at,
                             channel="phone", needs="Said on the phone.")
    client = client_for(member(municipality, Role.COMMUNITY_REPRESENTATIVE,
                               organisation=organisation))
    response = client.post(reverse("portal:check_in", args=[check_in.pk]), {
        "fears": "Typed on the phone.", "version": opened_at, "concerns": "", "needs": "",
        "rumours": "", "support_asked": ""})
    assert response.status_code == 200
    assert "wrote down an answer meanwhile" in page(response)
    assert "Said on the phone." in page(response)  # the form now shows the current answer
    check_in.refresh_from_db()
    assert check_in.needs == "Said on the phone." and check_in.fears == ""
