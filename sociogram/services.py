"""The sociogram of what one viewer may see (issue 12 "The sociogram"): nodes are the people and
organisations the viewer may see, edges the relationships entered by hand between two of them
and the ties derived at query time (people and organisations who came to the same meetings; a
person and their own organisation). Nothing outside the viewer's access is read into the
graph, so nothing of it can reach the browser: every record comes through ``visible()``, an
edge is kept only when both its ends are nodes, and a person's layer, sector and engagement
level come from their organisation only when the viewer may see that organisation.

Brokerage is betweenness centrality (networkx) on the whole graph the viewer may see, before
any filter: who links parts of the network that would otherwise fall apart (003 "Don'ts":
do not let the network hang on a select few).
"""

import hashlib
import io
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from itertools import combinations

import networkx as nx
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coordinator.access import Actor, visible
from coordinator.validation import parse_pk
from dialogue.models import Attendance, Meeting, MeetingOrganisation, MeetingPerson
from networks.models import (
    Community,
    EngagementLevel,
    Network,
    Organisation,
    OrganisationKind,
    Person,
)

from .models import STRENGTH_MAX, DerivedKind, Relationship, RelationshipKind, node_key

#: Above this many nodes betweenness is estimated from this many sampled sources (networkx
#: ``k``): exact betweenness of 2,000 nodes takes tens of seconds, the estimate about a tenth.
BETWEENNESS_SAMPLE = 200
#: Seconds a betweenness result is kept, keyed by the graph's shape (ids and edges only).
BETWEENNESS_CACHE = 600
KINDS = {**dict(RelationshipKind.choices), **dict(DerivedKind.choices)}


@dataclass
class Node:
    id: str
    pk: int
    type: str  # "person" or "organisation"
    label: str
    layer: str  # Network.FORMAL or Network.INFORMAL
    sector: str = ""  # an OrganisationKind, "" for a person without a visible organisation
    level: str = ""  # an EngagementLevel, "" as above
    communities: list = field(default_factory=list)
    url: str = ""
    betweenness: float = 0.0

    @property
    def type_label(self) -> str:
        return _("Person") if self.type == "person" else _("Organisation")

    @property
    def layer_label(self) -> str:
        return str(Network(self.layer).label)

    @property
    def sector_label(self) -> str:
        return str(OrganisationKind(self.sector).label) if self.sector else ""

    @property
    def level_label(self) -> str:
        return str(EngagementLevel(self.level).label) if self.level else ""


@dataclass
class Edge:
    id: str
    source: str
    target: str
    kind: str
    strength: int
    derived: bool = False
    #: meetings attended together, for a "met at meetings" tie
    meetings: int = 0
    relationship_pk: int | None = None
    url: str = ""

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


@dataclass
class Sociogram:
    nodes: dict[str, Node]
    edges: list[Edge]
    #: (pk, name) of the communities the viewer may see, for the filter
    communities: list = field(default_factory=list)
    #: the attendance rows the "met at meetings" edges come from, by model: (pk, node id)
    attendance: dict = field(default_factory=dict)
    estimated: bool = False

    def edges_with_nodes(self):
        """``(edge, source node, target node)`` for every edge."""
        return [(e, self.nodes[e.source], self.nodes[e.target]) for e in self.edges]


# --------------------------------------------------------------------------- building


def build(actor: Actor, today=None) -> Sociogram:
    """The sociogram of everything ``actor`` may see, with betweenness. A constant number of
    queries, whatever the size of the network."""
    today = today or timezone.localdate()
    people_qs = visible(actor, Person.objects.all())
    organisations_qs = visible(actor, Organisation.objects.all())
    communities_qs = visible(actor, Community.objects.all())
    communities = list(communities_qs.order_by("name", "pk").values_list("pk", "name"))
    community_ids = {pk for pk, _name in communities}

    organisations = list(organisations_qs.order_by("name", "pk")
                         .only("pk", "name", "kind", "engagement_level"))
    organisation_by_pk = {o.pk: o for o in organisations}
    people = list(people_qs.order_by("name", "pk")
                  .only("pk", "name", "organisation_id", "is_key_figure"))

    nodes: dict[str, Node] = {}
    for organisation in organisations:
        key = node_key(None, organisation.pk)
        nodes[key] = Node(key, organisation.pk, "organisation", organisation.name,
                          str(organisation.network), organisation.kind,
                          organisation.engagement_level,
                          url=organisation.get_absolute_url())
    for person in people:
        key = node_key(person.pk, None)
        # Only an organisation the viewer may see tells the person's layer, sector and level;
        # a contact of no (visible) organisation is of the informal network (003: key figures
        # and credible voices).
        organisation = organisation_by_pk.get(person.organisation_id)
        nodes[key] = Node(
            key, person.pk, "person", person.name,
            str(organisation.network if organisation else Network.INFORMAL),
            organisation.kind if organisation else "",
            organisation.engagement_level if organisation else "",
            url=person.get_absolute_url())

    for model, owner, prefix in ((Organisation, organisations_qs, "organisation"),
                                 (Person, people_qs, "person")):
        links = model.communities.through.objects.filter(
            **{f"{model._meta.model_name}__in": owner.values("pk")},
            community__in=communities_qs.values("pk"))
        for owner_pk, community_pk in links.values_list(f"{model._meta.model_name}_id",
                                                        "community_id"):
            if community_pk in community_ids:
                nodes[f"{prefix}-{owner_pk}"].communities.append(community_pk)

    edges: list[Edge] = []
    relationships = list(visible(actor, Relationship.objects.all())
                         .between(people_qs, organisations_qs).order_by("pk"))
    for relationship in relationships:
        source, target = relationship.source_key, relationship.target_key
        if source in nodes and target in nodes:
            edges.append(Edge(f"relationship-{relationship.pk}", source, target,
                              relationship.kind, relationship.strength,
                              relationship_pk=relationship.pk,
                              url=relationship.get_absolute_url()))
    for person in people:
        organisation_key = node_key(None, person.organisation_id)
        if person.organisation_id and organisation_key in nodes:
            edges.append(Edge(f"part-of-{person.pk}", node_key(person.pk, None),
                              organisation_key, DerivedKind.PART_OF, STRENGTH_MAX, derived=True))
    meeting_edges, attendance = _met_at_meetings(actor, nodes, people_qs, organisations_qs, today)
    edges += meeting_edges

    sociogram = Sociogram(nodes, edges, communities, attendance,
                          estimated=len(nodes) > BETWEENNESS_SAMPLE)
    for key, value in betweenness(nodes, edges).items():
        nodes[key].betweenness = value
    return sociogram


def _met_at_meetings(actor, nodes, people_qs, organisations_qs, today):
    """The "met at meetings" edges: every pair of nodes who came to the same meeting (held by
    today, visible to the actor, attendance rows visible too), with the number of such
    meetings; and the attendance rows read, by model."""
    meetings = visible(actor, Meeting.objects.filter(held_on__lte=today)).values("pk")
    attended = defaultdict(set)
    read = {}
    for model, field_name, owners, prefix in (
            (MeetingPerson, "person", people_qs, "person"),
            (MeetingOrganisation, "organisation", organisations_qs, "organisation")):
        rows = (visible(actor, model.objects.filter(attendance=Attendance.CAME))
                .filter(meeting__in=meetings, **{f"{field_name}__in": owners.values("pk")})
                .values_list("pk", "meeting_id", f"{field_name}_id"))
        read[model] = []
        for pk, meeting_id, owner_pk in rows:
            key = f"{prefix}-{owner_pk}"
            if key in nodes:
                attended[meeting_id].add(key)
                read[model].append((pk, key))
    together = Counter()
    for keys in attended.values():
        together.update(combinations(sorted(keys), 2))
    edges = [Edge(f"met-{source}-{target}", source, target, DerivedKind.MET_AT_MEETINGS,
                  # one meeting together is a weak tie, three or more a strong one
                  min(count, STRENGTH_MAX), derived=True, meetings=count)
             for (source, target), count in sorted(together.items())]
    return edges, read


def betweenness(nodes, edges) -> dict[str, float]:
    """Node id -> normalised betweenness centrality of the undirected graph of ``nodes`` and
    ``edges`` (several ties between two records count as one). Exact up to
    ``BETWEENNESS_SAMPLE`` nodes, estimated from that many sampled sources above (a fixed
    seed: the same graph gives the same figures). Cached by the graph's shape."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((e.source, e.target) for e in edges)
    digest = hashlib.sha256(repr((sorted(graph.nodes), sorted(
        tuple(sorted(pair)) for pair in graph.edges))).encode()).hexdigest()
    cache_key = f"sociogram:betweenness:{digest}"
    found = cache.get(cache_key)
    if found is not None:
        return found
    sample = BETWEENNESS_SAMPLE if graph.number_of_nodes() > BETWEENNESS_SAMPLE else None
    result = nx.betweenness_centrality(graph, k=sample, seed=0 if sample else None)
    cache.set(cache_key, result, BETWEENNESS_CACHE)
    return result


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    layer: str = ""
    community: int | None = None
    sector: str = ""
    level: str = ""

    @classmethod
    def from_query(cls, query, communities) -> "Filters":
        """The filters of a query string; a value that is no choice (or a community the viewer
        may not see) is ignored."""
        layer = query.get("layer", "")
        sector = query.get("sector", "")
        level = query.get("level", "")
        community_pk = parse_pk(query.get("community", ""))
        return cls(
            layer=layer if layer in Network.values else "",
            community=community_pk if community_pk in {pk for pk, _n in communities} else None,
            sector=sector if sector in OrganisationKind.values else "",
            level=level if level in EngagementLevel.values else "",
        )

    def keeps(self, node: Node) -> bool:
        return ((not self.layer or node.layer == self.layer)
                and (self.community is None or self.community in node.communities)
                and (not self.sector or node.sector == self.sector)
                and (not self.level or node.level == self.level))


def filtered(sociogram: Sociogram, filters: Filters) -> Sociogram:
    """The nodes ``filters`` keep and the edges between two of them (betweenness as measured
    on the whole graph)."""
    nodes = {key: node for key, node in sociogram.nodes.items() if filters.keeps(node)}
    edges = [e for e in sociogram.edges if e.source in nodes and e.target in nodes]
    return Sociogram(nodes, edges, sociogram.communities, sociogram.attendance,
                     sociogram.estimated)


# --------------------------------------------------------------------------- output


def payload(sociogram: Sociogram) -> dict:
    """The JSON the page's picture draws: Cytoscape.js elements (``nodes``, ``edges``, each
    ``{"data": {...}}``) and the labels of the kinds. A node's ``ties_label`` ("1 tie",
    "3 ties") is its number of edges in the reader's language, for the status line."""
    top = max((n.betweenness for n in sociogram.nodes.values()), default=0.0)
    degree = Counter()
    for edge in sociogram.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    nodes = []
    for node in sociogram.nodes.values():
        data = asdict(node)
        ties = degree[node.id]
        data.update(type_label=str(node.type_label), layer_label=node.layer_label,
                    sector_label=node.sector_label, level_label=node.level_label,
                    ties_label=ngettext("%(counter)s tie", "%(counter)s ties", ties) % {
                        "counter": ties},
                    betweenness=round(node.betweenness, 4),
                    # 0-1 against the highest of the graph: the picture sizes nodes by it
                    size=round(node.betweenness / top, 4) if top else 0.0)
        nodes.append({"data": data})
    edges = [{"data": {**asdict(edge), "kind_label": edge.kind_label}}
             for edge in sociogram.edges]
    return {"nodes": nodes, "edges": edges, "estimated": sociogram.estimated,
            "kinds": {key: str(label) for key, label in KINDS.items()}}


def graphml(sociogram: Sociogram) -> bytes:
    """The sociogram as GraphML (networkx ``write_graphml``): a directed multigraph whose
    nodes carry label, type, layer, sector, engagement level, betweenness and address, and
    whose edges carry kind, strength, whether derived and the meetings attended together."""
    graph = nx.MultiDiGraph()
    for node in sociogram.nodes.values():
        graph.add_node(node.id, label=node.label, type=node.type, layer=str(node.layer),
                       sector=str(node.sector), level=str(node.level),
                       betweenness=float(node.betweenness), url=node.url)
    for edge in sociogram.edges:
        graph.add_edge(edge.source, edge.target, key=edge.id, kind=str(edge.kind),
                       label=edge.kind_label, strength=int(edge.strength),
                       derived=bool(edge.derived), meetings=int(edge.meetings))
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return buffer.getvalue()
