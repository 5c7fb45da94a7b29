"""The engagement step a community's records show: a registry of evidence, so the apps above
``networks`` (interactions and commitments in ``engagement``, meetings in ``dialogue``) can say
what their records prove without ``networks`` importing them.

The five steps are not a wizard (002 "Five steps": a community may go back a step), so the
proposal never changes a community by itself: the community page shows it beside the recorded
step, and a person accepts it (``networks.services.accept_proposed_step``).

What counts as evidence (issue 9 "The network, step by step"; 002 step 2 "Establishing contact",
step 4 "Dialogue and collaboration"):

* a first logged interaction: contact is established (step 2), registered by ``engagement``;
* an organisation of the community at collaboration or partnership level: dialogue and
  collaboration (step 4), known here (:func:`partner_evidence`);
* a meeting the community took part in: dialogue (step 4), registered by the meetings app.

A piece of evidence is a :class:`StepEvidence`: the step it shows and a function returning
the rows that prove it for *one* community, as a queryset correlated with ``OuterRef("pk")`` of
that community (through foreign keys only: no record leaves it, only a step number). The
evidence is therefore a SQL ``EXISTS``: :func:`proposed_steps` answers for a batch of ids (the
rows of a list page, which keeps the answers in the cache until the municipality's next write:
``coordinator.changes.per_record``) in one query whatever the number of kinds, one index probe
per community, and :func:`with_proposed_step` adds the proposal to any query of communities.

A community without evidence is proposed :attr:`EngagementStep.PREPARATIONS` (step 1).
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.utils import timezone

from .models import KEY_PARTNER_LEVELS, Community, EngagementStep, Organisation


@dataclass(frozen=True)
class StepEvidence:
    """Evidence that a community reached ``step`` (an ``EngagementStep`` value): ``rows()``
    returns a queryset with an ``OuterRef("pk")`` to the community, non-empty when the
    community's records show the step. Called with community ids, it answers
    ``{community_id: step}`` for those with evidence (one query; for tests and one-offs)."""

    step: int
    rows: Callable[[], QuerySet]

    def __call__(self, community_ids: Collection[int]) -> dict[int, int]:
        return dict.fromkeys(communities_with(community_ids, self.rows()), int(self.step))


_evidence: list[StepEvidence] = []


def register_step_evidence(evidence: StepEvidence) -> None:
    """Add ``evidence`` to what every proposed step weighs. Registering the same evidence twice
    is a no-op (``AppConfig.ready()`` may run more than once in tests)."""
    if evidence not in _evidence:
        _evidence.append(evidence)


def unregister_step_evidence(evidence: StepEvidence) -> None:
    """Remove ``evidence`` if registered (for tests)."""
    if evidence in _evidence:
        _evidence.remove(evidence)


def registered_step_evidence() -> tuple[StepEvidence, ...]:
    return (partner_evidence, *_evidence)


def communities_with(community_ids: Collection[int], rows) -> list[int]:
    """The ids among ``community_ids`` for which ``rows`` (a queryset with an ``OuterRef("pk")``
    to the community) has a row: one query, one index probe per community (``EXISTS``), never
    reading every row of a busy community."""
    return list(
        Community._base_manager.filter(pk__in=list(community_ids)).filter(Exists(rows))
        .values_list("pk", flat=True).order_by()
    )


def _partner_rows():
    """Links of the community to an organisation at collaboration or partnership level."""
    return Organisation.communities.through._base_manager.filter(
        community_id=OuterRef("pk"), organisation__engagement_level__in=KEY_PARTNER_LEVELS)


#: Step 4 (dialogue and collaboration) for each community one of whose organisations is at
#: collaboration or partnership level (002 step 3 "Selecting partners": collaboration is the
#: local network).
partner_evidence = StepEvidence(step=EngagementStep.DIALOGUE_AND_COLLABORATION, rows=_partner_rows)


def proposed_step_expression() -> Case:
    """An integer SQL expression over a community row: the highest step any registered evidence
    shows, step 1 where there is none. ``CASE`` tries the highest steps first and stops at the
    first proof, so a well-contacted community costs one index probe. The same object for
    the same evidence on the same day (evidence may read today's date): building it costs
    more than the query that uses it, and a queryset resolves a copy of it (issue 8)."""
    return _expression(registered_step_evidence(), timezone.localdate())


@lru_cache(maxsize=4)
def _expression(evidence: tuple[StepEvidence, ...], day: date) -> Case:
    ordered = sorted(evidence, key=lambda item: -int(item.step))
    return Case(*(When(Exists(item.rows()), then=Value(int(item.step))) for item in ordered),
                default=Value(EngagementStep.PREPARATIONS.value), output_field=IntegerField())


def with_proposed_step(communities: QuerySet) -> QuerySet:
    """``communities`` (a ``Community`` queryset) annotated with ``proposed_step_value`` (int),
    computed in the same query: for a list page, no query of its own."""
    return communities.annotate(proposed_step_value=proposed_step_expression())


def proposed_steps(community_ids: Collection[int]) -> dict[int, int]:
    """``{community_id: step}`` for every id given: the highest step any registered evidence
    shows, step 1 where there is none. One query whatever the number of communities and of
    kinds of evidence; none for an empty batch. An id that is no community is answered step 1."""
    ids = list(community_ids)
    proposal = dict.fromkeys(ids, EngagementStep.PREPARATIONS.value)
    if not ids:
        return proposal
    rows = with_proposed_step(Community._base_manager.filter(pk__in=ids).order_by())
    proposal.update(rows.values_list("pk", "proposed_step_value"))
    return proposal


def proposed_step(community) -> int:
    """The step ``community``'s records show (an ``EngagementStep`` value)."""
    return proposed_steps([community.pk])[community.pk]
