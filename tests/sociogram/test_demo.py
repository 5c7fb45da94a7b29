"""The demo's sociograms (issue 12 "Done when": a sociogram with both layers for Rotterdam and
Sarcelles), seen by each demo coordinator."""

import pytest

from coordinator.access import actor_for
from demo.loader import load_demo
from sociogram import services
from sociogram.demo import load_demo_relationships
from sociogram.models import Relationship
from tests.clients import Client

pytestmark = pytest.mark.django_db


def test_rotterdam_and_sarcelles_have_both_layers_and_every_kind_of_tie(django_user_model):
    load_demo()
    kinds = set()
    for slug in ("rotterdam", "sarcelles"):
        coordinator = django_user_model.objects.get(username=f"{slug}-coordinator")
        actor = actor_for(coordinator, coordinator.memberships.get().municipality_id)
        sociogram = services.build(actor)
        assert {n.layer for n in sociogram.nodes.values()} == {"formal", "informal"}, slug
        recorded = [e for e in sociogram.edges if not e.derived]
        assert len(recorded) >= 8, slug
        # Ties across the two layers, not two separate pictures.
        assert any(sociogram.nodes[e.source].layer != sociogram.nodes[e.target].layer
                   for e in recorded), slug
        kinds |= {e.kind for e in sociogram.edges}
        assert max(n.betweenness for n in sociogram.nodes.values()) > 0, slug
    assert {"works_with", "trusts", "introduced_by", "conflict", "information_flow",
            "part_of", "met_at_meetings"} <= kinds
    # Loading again changes nothing.
    count = Relationship.objects.count()
    history = Relationship.history.count()
    load_demo_relationships()
    assert (Relationship.objects.count(), Relationship.history.count()) == (count, history)


def test_the_sarcelles_coordinator_opens_the_sociogram(django_user_model):
    load_demo()
    client = Client()
    client.force_login(django_user_model.objects.get(username="sarcelles-coordinator"))
    html = client.get("/sociogram/?layer=informal").content.decode()
    assert "Chair, Assyro-Chaldean cultural association" in html
    assert "Head teacher, Secondary schools of Sarcelles" not in html
