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

An evidence function takes the ids of the communities to judge and answers, for those it has
evidence about, the highest step its records show: ``fn(community_ids) -> {community_id: step}``
(steps as ``EngagementStep`` values, ints). It answers for a whole batch in a constant number of
queries, so a list of communities needs no query per row. It counts through foreign keys only
(no record leaves it, only a step number) and never raises for an id it does not know.

A community without evidence is proposed :attr:`EngagementStep.PREPARATIONS` (step 1).
"""

from collections.abc import Callable, Collection, Mapping

from django.db.models import Exists, OuterRef

#: ``fn(community_ids) -> {community_id: step}``; see the module docstring.
StepEvidence = Callable[[Collection[int]], Mapping[int, int]]

_evidence: list[StepEvidence] = []


def register_step_evidence(fn: StepEvidence) -> None:
    """Add ``fn`` to the evidence behind every proposed step. Registering the same function
    twice is a no-op (``AppConfig.ready()`` may run more than once in tests)."""
    if fn not in _evidence:
        _evidence.append(fn)


def unregister_step_evidence(fn: StepEvidence) -> None:
    """Remove ``fn`` if registered (for tests)."""
    if fn in _evidence:
        _evidence.remove(fn)


def registered_step_evidence() -> tuple[StepEvidence, ...]:
    return (partner_evidence, *_evidence)


def communities_with(community_ids: Collection[int], rows) -> list[int]:
    """The ids among ``community_ids`` for which ``rows`` (a queryset with an ``OuterRef("pk")``
    to the community) has a row: one query, one index probe per community (``EXISTS``), never
    reading every row of a busy community. For evidence functions."""
    from .models import Community

    return list(
        Community._base_manager.filter(pk__in=list(community_ids)).filter(Exists(rows))
        .values_list("pk", flat=True).order_by()
    )


def partner_evidence(community_ids: Collection[int]) -> dict[int, int]:
    """Step 4 (dialogue and collaboration) for each community one of whose organisations is at
    collaboration or partnership level (002 step 3 "Selecting partners": collaboration is the
    local network). One query."""
    from .models import KEY_PARTNER_LEVELS, EngagementStep, Organisation

    links = Organisation.communities.through._base_manager.filter(
        community_id=OuterRef("pk"), organisation__engagement_level__in=KEY_PARTNER_LEVELS)
    step = EngagementStep.DIALOGUE_AND_COLLABORATION.value
    return dict.fromkeys(communities_with(community_ids, links), step)


def proposed_steps(community_ids: Collection[int]) -> dict[int, int]:
    """``{community_id: step}`` for every id given: the highest step any registered evidence
    shows, step 1 where there is none. One query per evidence function, whatever the number of
    communities; none for an empty batch."""
    from .models import EngagementStep

    ids = list(community_ids)
    proposal = dict.fromkeys(ids, EngagementStep.PREPARATIONS.value)
    if not ids:
        return proposal
    for fn in registered_step_evidence():
        for pk, step in fn(ids).items():
            if pk in proposal and step > proposal[pk]:
                proposal[pk] = int(step)
    return proposal


def proposed_step(community) -> int:
    """The step ``community``'s records show (an ``EngagementStep`` value)."""
    return proposed_steps([community.pk])[community.pk]
