"""The sociogram's graph (sociogram.services, through its views): nodes and edges, the ties
derived from meetings, brokerage, filters, the GraphML download, and above all that a viewer's
payload holds nothing of what they may not see (issue 12 "The sociogram")."""

import io
import json

import networkx as nx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinator.access import actor_for
from coordinator.languages import set_user_language
from coordinator.models import Role
from dialogue.models import Attendance
from sharing.models import AccessEvent
from sociogram import services
from sociogram.models import RelationshipKind
from tests.factories import PersonFactory, member

pytestmark = pytest.mark.django_db


def payload_of(client, query=""):
    response = client.get(reverse("sociogram:payload") + query)
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]
    return response, json.loads(response.content)


def nodes_of(data):
    return {n["data"]["label"]: n["data"] for n in data["nodes"]}


def edges_of(data):
    labels = {n["data"]["id"]: n["data"]["label"] for n in data["nodes"]}
    return {(labels[e["data"]["source"]], e["data"]["kind"], labels[e["data"]["target"]]):
            e["data"] for e in data["edges"]}


# --------------------------------------------------------------------------- what is drawn


def test_the_coordinator_sees_every_record_and_tie(coordinator_client, network):
    network.relate(network.chair, RelationshipKind.TRUSTS, network.teacher, strength=3)
    network.relate(network.school, RelationshipKind.CONFLICT, network.police, strength=1)
    _response, data = payload_of(coordinator_client)
    nodes = nodes_of(data)
    assert set(nodes) == {"Mothers' association", "North school", "Town police",
                          "Chair of the mothers", "Head teacher", "Neighbourhood officer",
                          "Liaison officer"}
    assert nodes["Mothers' association"]["layer"] == "informal"
    assert nodes["North school"]["layer"] == "formal"
    assert nodes["Chair of the mothers"]["layer"] == "informal"  # from the organisation
    assert nodes["Head teacher"]["sector"] == "school"
    assert nodes["Head teacher"]["url"] == network.teacher.get_absolute_url()
    assert nodes["North school"]["communities"] == [network.east.pk]
    edges = edges_of(data)
    assert edges["Chair of the mothers", "trusts", "Head teacher"]["strength"] == 3
    assert edges["North school", "conflict", "Town police"]["strength"] == 1
    # Each person is tied to their organisation.
    assert ("Head teacher", "part_of", "North school") in edges
    assert data["kinds"]["trusts"] == "trusts"


def test_people_who_came_to_the_same_meetings_are_tied_by_the_count(coordinator_client,
                                                                     network):
    first, second = network.meeting(days_ago=30), network.meeting(days_ago=3, title="Second")
    network.attend(first, network.chair, network.teacher, network.school)
    network.attend(second, network.chair, network.teacher)
    # Did not come, and a meeting still to come: no tie from either.
    network.attend(first, network.officer, attendance=Attendance.DID_NOT_COME)
    network.attend(network.meeting(days_ago=-5, title="Next"), network.chair, network.officer)
    edges = edges_of(payload_of(coordinator_client)[1])
    met = {pair: edge for pair, edge in edges.items() if pair[1] == "met_at_meetings"}
    pairs = {frozenset((a, b)): edge for (a, _kind, b), edge in met.items()}
    assert set(pairs) == {frozenset({"Chair of the mothers", "Head teacher"}),
                          frozenset({"Chair of the mothers", "North school"}),
                          frozenset({"Head teacher", "North school"})}
    together = pairs[frozenset({"Chair of the mothers", "Head teacher"})]
    assert (together["meetings"], together["strength"], together["derived"]) == (2, 2, True)
    assert pairs[frozenset({"Head teacher", "North school"})]["meetings"] == 1


# --------------------------------------------------------------------------- access


def test_a_partners_payload_holds_only_what_the_agreement_opens(client_for, network, partner):
    """The agreement opens contacts of the east end: the west end's officer, the police
    itself, the ties to them and the meetings (not a category of the agreement) are not sent
    at all; the liaison officer is sent, but not the layer, sector and level of the police he
    works for."""
    network.relate(network.chair, RelationshipKind.TRUSTS, network.teacher)
    network.relate(network.teacher, RelationshipKind.INFORMATION_FLOW, network.officer,
                   note="Secret west note")
    network.relate(network.police, RelationshipKind.WORKS_WITH, network.school)
    meeting = network.meeting()
    network.attend(meeting, network.chair, network.liaison)
    response, data = payload_of(client_for(partner))
    nodes = nodes_of(data)
    assert set(nodes) == {"Mothers' association", "North school", "Chair of the mothers",
                          "Head teacher", "Liaison officer"}
    assert set(edges_of(data)) == {("Chair of the mothers", "trusts", "Head teacher"),
                                   ("Chair of the mothers", "part_of", "Mothers' association"),
                                   ("Head teacher", "part_of", "North school")}
    liaison = nodes["Liaison officer"]
    assert (liaison["layer"], liaison["sector"], liaison["level"]) == ("informal", "", "")
    # Community profiles are not in the agreement: not even their ids are sent.
    assert liaison["communities"] == []
    body = response.content.decode()
    for hidden in ("Neighbourhood officer", "Town police", "West end", "police", "Secret",
                   f"organisation-{network.police.pk}\"", f"person-{network.officer.pk}\""):
        assert hidden not in body, hidden
    # What was shown is in the read-access log, per model.
    logged = {e.model: set(e.object_ids) for e in AccessEvent.objects.filter(user=partner)}
    assert logged["networks.person"] == {network.chair.pk, network.teacher.pk,
                                         network.liaison.pk}
    assert logged["networks.organisation"] == {network.association.pk, network.school.pk}


def test_the_coordinator_payload_has_what_the_partner_misses(coordinator_client, network):
    """The check above can fail: the same records are in the coordinator's payload."""
    network.relate(network.teacher, RelationshipKind.INFORMATION_FLOW, network.officer)
    network.attend(network.meeting(), network.chair, network.liaison)
    edges = edges_of(payload_of(coordinator_client)[1])
    assert ("Head teacher", "information_flow", "Neighbourhood officer") in edges
    assert any(kind == "met_at_meetings" for _a, kind, _b in edges)


def test_the_page_and_its_table_leave_out_what_the_partner_may_not_see(client_for, network,
                                                                       partner):
    network.relate(network.teacher, RelationshipKind.INFORMATION_FLOW, network.officer)
    page = client_for(partner).get(reverse("sociogram:graph"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Head teacher" in html and "Chair of the mothers" in html
    assert "Neighbourhood officer" not in html and "West end" not in html
    assert "Download GraphML" not in html  # partners do not export


def test_other_roles_and_municipalities(client_for, municipality, other_municipality, network):
    PersonFactory(municipality=other_municipality, name="Someone elsewhere")
    outsider = client_for(member(other_municipality, Role.COORDINATOR))
    assert "Head teacher" not in outsider.get(reverse("sociogram:payload")).content.decode()
    no_agreement = client_for(member(municipality, Role.PARTNER_PROFESSIONAL,
                                     organisation=network.school))
    assert no_agreement.get(reverse("sociogram:payload")).status_code == 403
    assert no_agreement.get(reverse("sociogram:graph")).status_code == 403
    portal = client_for(member(municipality, Role.COMMUNITY_REPRESENTATIVE,
                               organisation=network.association))
    assert portal.get(reverse("sociogram:graph"))["Location"].startswith("/portal/")


def test_a_relationship_with_an_end_the_partner_may_not_see_is_not_found(client_for, network,
                                                                          partner):
    hidden = network.relate(network.teacher, RelationshipKind.TRUSTS, network.officer)
    shown = network.relate(network.teacher, RelationshipKind.TRUSTS, network.chair)
    client = client_for(partner)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(shown.get_absolute_url()).status_code == 200


# --------------------------------------------------------------------------- brokerage


def test_the_centre_of_a_star_is_the_broker():
    nodes = {key: None for key in ("centre", "a", "b", "c", "d")}
    edges = [services.Edge(f"e{leaf}", "centre", leaf, "works_with", 1) for leaf in "abcd"]
    result = services.betweenness(nodes, edges)
    assert result["centre"] == pytest.approx(1.0)
    assert all(result[leaf] == 0 for leaf in "abcd")


def test_the_bridge_between_two_groups_is_the_broker():
    """Two triangles joined through one person: every path between them passes through her
    (and through the two she links), no one else brokers anything."""
    pairs = [("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("b1", "b2"), ("b2", "b3"), ("b1", "b3"),
             ("a1", "bridge"), ("bridge", "b1")]
    nodes = {key: None for pair in pairs for key in pair}
    result = services.betweenness(nodes, [services.Edge(f"{a}{b}", a, b, "trusts", 2)
                                          for a, b in pairs])
    assert max(result, key=result.get) == "bridge"
    # 3 x 3 of the 15 pairs of the six others (normalised betweenness)
    assert result["bridge"] == pytest.approx(9 / 15)
    assert result["a2"] == result["a3"] == result["b2"] == 0


def test_the_page_lists_the_broker_first(coordinator_client, network):
    for person in (network.chair, network.liaison, network.officer):
        network.relate(network.teacher, RelationshipKind.WORKS_WITH, person)
    page = coordinator_client.get(reverse("sociogram:graph"))
    rows = page.context["nodes"]
    assert rows[0].label == "Head teacher"
    assert rows[0].betweenness > rows[1].betweenness
    html = page.content.decode()
    assert f"{rows[0].betweenness:.3f}" in html


# --------------------------------------------------------------------------- filters


def test_the_informal_layer_alone(coordinator_client, network):
    network.relate(network.chair, RelationshipKind.TRUSTS, network.teacher)
    data = payload_of(coordinator_client, "?layer=informal")[1]
    nodes = nodes_of(data)
    assert {n["layer"] for n in nodes.values()} == {"informal"}
    assert "Chair of the mothers" in nodes and "Head teacher" not in nodes
    # No edge to a node left out.
    ids = {n["id"] for n in nodes.values()}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in data["edges"])


def test_community_sector_and_level_filters(coordinator_client, network, other_municipality):
    by_community = nodes_of(payload_of(coordinator_client, f"?community={network.west.pk}")[1])
    assert set(by_community) == {"Town police", "Neighbourhood officer"}
    by_sector = nodes_of(payload_of(coordinator_client, "?sector=school")[1])
    assert set(by_sector) == {"North school", "Head teacher"}
    assert nodes_of(payload_of(coordinator_client, "?level=partnership")[1]) == {}
    # A value that is no choice, or a community of elsewhere, filters nothing.
    foreign = network.__class__(other_municipality).east
    everything = nodes_of(payload_of(coordinator_client)[1])
    assert nodes_of(payload_of(coordinator_client, f"?community={foreign.pk}&layer=x")[1]) \
        == everything


# --------------------------------------------------------------------------- GraphML


def test_graphml_download(coordinator_client, network):
    network.relate(network.chair, RelationshipKind.INTRODUCED_BY, network.teacher, strength=3)
    response = coordinator_client.get(reverse("sociogram:graphml"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/graphml+xml")
    assert "attachment" in response["Content-Disposition"]
    graph = nx.read_graphml(io.BytesIO(response.content))
    labels = {data["label"]: key for key, data in graph.nodes(data=True)}
    assert len(labels) == 7
    [tie] = [data for source, target, data in graph.edges(data=True)
             if (source, target) == (labels["Chair of the mothers"], labels["Head teacher"])
             and data["kind"] == "introduced_by"]
    assert tie["strength"] == 3
    assert graph.nodes[labels["Mothers' association"]]["layer"] == "informal"


def test_graphml_is_for_those_who_may_export(client_for, municipality, network, partner):
    assessor = client_for(member(municipality, Role.ASSESSOR))
    assert assessor.get(reverse("sociogram:graph")).status_code == 200
    assert assessor.get(reverse("sociogram:graphml")).status_code == 403
    assert client_for(partner).get(reverse("sociogram:graphml")).status_code == 403


# --------------------------------------------------------------------------- scale


def test_the_graph_reads_a_constant_number_of_queries(municipality, coordinator, network):
    """2,000 nodes must stay usable: building the graph costs the same queries for a larger
    network (no query per person, organisation, tie or meeting)."""
    def queries():
        actor = actor_for(coordinator, municipality.pk)
        with CaptureQueriesContext(connection) as captured:
            services.build(actor)
        return len(captured)

    network.relate(network.chair, RelationshipKind.TRUSTS, network.teacher)
    network.attend(network.meeting(), network.chair, network.school)
    few = queries()
    for n in range(20):
        person = PersonFactory(municipality=municipality, name=f"Neighbour {n}",
                               organisation=network.association)
        person.communities.add(network.east)
        network.relate(person, RelationshipKind.WORKS_WITH, network.chair)
        network.attend(network.meeting(days_ago=n + 1), person, network.teacher)
    assert queries() == few


def test_each_node_says_its_ties_with_the_plural_of_the_readers_language(
        coordinator, client_for, network):
    """The status line ("{name}: ..., {ties}. Enter opens the page.") takes the node's
    ``ties_label``: "1 lien", never "1 ties"."""
    network.relate(network.chair, RelationshipKind.TRUSTS, network.teacher, strength=3)
    set_user_language(coordinator, "fr")
    nodes = nodes_of(payload_of(client_for(coordinator))[1])
    assert nodes["Liaison officer"]["ties_label"] == "1 lien"  # to their organisation
    assert nodes["Chair of the mothers"]["ties_label"] == "2 liens"
