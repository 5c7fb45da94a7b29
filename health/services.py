"""The health of the network, measured (issue 12 "Network health"): over-use of key figures,
relationships that hang on one person, coverage of the communities and of the formal sectors,
and how far the network was built (003 "Don'ts": "Do not leave your network alone ... Feed
it!", "Do not abuse the network", "be wary that the network does not become too dependent on
a select group of people"; 003 "3 steps"; 004 element 5).

Each function takes the ``actor`` and counts only what the actor may see (``visible``); each
runs a fixed number of queries, whatever the size of the network."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from coordinator.access import Actor, visible
from dialogue.stages import NetworkStage, annotate_stages
from engagement.asks import asks_per_key_figure
from engagement.models import Interaction
from networks.models import INFORMAL_KINDS, Community, Organisation, OrganisationKind

#: The sectors a formal network is expected to hold (003 "Formal network"; 004 element 5:
#: schools, police, youth work, mental health, social work).
EXPECTED_SECTORS = (OrganisationKind.SCHOOL, OrganisationKind.POLICE, OrganisationKind.YOUTH_WORK,
                    OrganisationKind.MENTAL_HEALTH, OrganisationKind.SOCIAL_WORK)
#: The period over which who carries a relationship is counted.
CONCENTRATION_DAYS = 365


@dataclass(frozen=True)
class Concentration:
    """Who carries the relationship with one community over ``CONCENTRATION_DAYS``: the
    distinct people of the community met (``community_people``) and the distinct staff who
    logged the contacts (``staff``). ``fragile``: one of the two sides is a single person."""

    community: Community
    community_people: int
    staff: int

    @property
    def fragile(self) -> bool:
        return self.community_people <= 1 or self.staff <= 1


def concentration(actor: Actor, today: datetime.date | None = None) -> list[Concentration]:
    """Per community with contact in the period (those the actor may see), how many distinct
    people carry the relationship on each side, the most fragile first. Two queries."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=CONCENTRATION_DAYS)
    rows = (visible(actor, Interaction.objects.filter(occurred_on__gte=since,
                                                      community__isnull=False))
            .values("community")
            .annotate(people=Count("people", distinct=True),
                      staff=Count("logged_by", distinct=True))
            .order_by())
    counts = {r["community"]: r for r in rows}
    communities = visible(actor, Community.objects.filter(pk__in=list(counts))).order_by("name")
    result = [Concentration(c, counts[c.pk]["people"], counts[c.pk]["staff"])
              for c in communities]
    return sorted(result, key=lambda r: (not r.fragile, r.community_people + r.staff,
                                         r.community.name))


@dataclass(frozen=True)
class Coverage:
    """``never_contacted``: communities mapped but never contacted (a list); ``stages``:
    ``{NetworkStage or 0: organisations}`` reached; ``missing_sectors``: expected sectors of the
    formal network with no organisation; ``formal``/``informal``: organisations per layer."""

    never_contacted: list
    stages: dict
    missing_sectors: list
    formal: int
    informal: int


def coverage(actor: Actor) -> Coverage:
    """Coverage of the network the actor may see. Three queries."""
    never = list(visible(actor, Community.objects.never_contacted()).order_by("name")[:50])
    organisations = visible(actor, Organisation.objects.all())
    rows = list(annotate_stages(actor, organisations).values_list("kind", "network_stage"))
    stages = {stage: 0 for stage in (0, *NetworkStage.values)}
    kinds = set()
    informal = 0
    for kind, stage in rows:
        stages[stage] = stages.get(stage, 0) + 1
        kinds.add(kind)
        informal += kind in INFORMAL_KINDS
    missing = [OrganisationKind(k) for k in EXPECTED_SECTORS if k not in kinds]
    return Coverage(never_contacted=never, stages=stages, missing_sectors=missing,
                    formal=len(rows) - informal, informal=informal)


def most_asked(actor: Actor, limit: int = 10) -> list:
    """The key figures asked most in the last 30 and 90 days (``engagement.asks``)."""
    return list(asks_per_key_figure(actor)[:limit])
