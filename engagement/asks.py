"""How often the municipality asks things of each key figure (issue 12 "Network health";
003 "Don'ts": "Do not abuse the network ... they get tired of you"; "be wary that the network
does not become too dependent on a select group of people"). An ask is an interaction marked
``asked_of_community`` with the person among its people."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from coordinator.access import Actor, visible
from networks.models import Person

from .models import Interaction

#: Asks of one key figure within 30 days from which the interaction form warns before another.
OVERUSE_ASKS_30_DAYS = 3


def asks_per_key_figure(actor: Actor, today: datetime.date | None = None):
    """Key figures the actor may see with ``asks_30`` and ``asks_90`` (asks in the last 30 and
    90 days, counted over the interactions the actor may see), most asked first, those never
    asked in 90 days left out. One query."""
    today = today or timezone.localdate()
    interactions = visible(actor, Interaction.objects.filter(
        asked_of_community=True, occurred_on__gt=today - datetime.timedelta(days=90))
    ).values("pk")
    asked = Q(interactions__in=interactions)
    recent = asked & Q(interactions__occurred_on__gt=today - datetime.timedelta(days=30))
    return (visible(actor, Person.objects.filter(is_key_figure=True))
            .annotate(asks_30=Count("interactions", filter=recent, distinct=True),
                      asks_90=Count("interactions", filter=asked, distinct=True))
            .filter(asks_90__gt=0).select_related("organisation")
            .order_by("-asks_30", "-asks_90", "name", "pk"))


def overused(actor: Actor, today: datetime.date | None = None) -> list[Person]:
    """Key figures asked ``OVERUSE_ASKS_30_DAYS`` times or more in the last 30 days."""
    return [p for p in asks_per_key_figure(actor, today).filter(
        asks_30__gte=OVERUSE_ASKS_30_DAYS)]
