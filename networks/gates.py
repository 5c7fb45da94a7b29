"""The engagement-level gate: a registry that lets a higher layer guard how far an organisation
is engaged, without ``networks`` importing it.

Raising an organisation to collaboration or partnership, or marking it as receiving municipal
funding, needs a current cleared assessment (002 step 3 "Selecting partners"; 001 "Vetting
procedures": "when funding is involved, vetting becomes a must"). Assessments live in
``vetting`` (layer 3), which registers ``vetting.services.check_engagement_gate`` here in
``VettingConfig.ready()``; ``Organisation.clean()`` and ``Organisation.save()`` call
:func:`check_engagement_gates`.

Fail closed: with no gate registered (``vetting`` not installed, or a registration lost in a
refactoring), every such raise is refused rather than let through.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: A gate takes an unsaved ``Organisation`` and raises ``ValidationError`` (keyed by field) when
#: it may not be saved as it stands; it returns None otherwise.
Gate = Callable[[object], None]

_gates: list[Gate] = []


def register_engagement_gate(gate: Gate) -> None:
    """Add ``gate`` to the checks of every organisation save. Registering the same function
    twice is a no-op (``AppConfig.ready()`` may run more than once in tests)."""
    if gate not in _gates:
        _gates.append(gate)


def registered_gates() -> tuple[Gate, ...]:
    return tuple(_gates)


def check_engagement_gates(organisation) -> None:
    """Run every registered gate on ``organisation``; raise one ``ValidationError`` carrying
    all their messages, keyed by field. With no gate registered, refuse any raise of
    ``GATED_FIELDS`` (:func:`raised_fields`)."""
    if not _gates:
        _refuse_without_gate(organisation)
        return
    errors: dict = {}
    for gate in _gates:
        try:
            gate(organisation)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def raised_fields(organisation) -> set[str]:
    """The gated fields ``organisation`` raises compared with its stored row (one query when
    it has a pk): ``engagement_level`` when it goes above the stored level (a new organisation
    starts from dialogue), ``receives_municipal_funding`` when funding is newly set. Lowering
    is never gated."""
    from .models import EngagementLevel  # networks.models imports this module

    stored_level, stored_funding = EngagementLevel.DIALOGUE, False
    if organisation.pk is not None:
        row = (
            type(organisation)._default_manager.filter(pk=organisation.pk)
            .values_list("engagement_level", "receives_municipal_funding").first()
        )
        if row is not None:
            stored_level, stored_funding = row
    rank = {level: index for index, level in enumerate(EngagementLevel.values)}
    raised = set()
    if rank.get(organisation.engagement_level, 0) > rank.get(stored_level, 0):
        raised.add("engagement_level")
    if organisation.receives_municipal_funding and not stored_funding:
        raised.add("receives_municipal_funding")
    return raised


def _refuse_without_gate(organisation) -> None:
    message = _(
        "No assessment of partners is installed to clear %(organisation)s: collaboration, "
        "partnership and municipal funding need a current, cleared assessment."
    ) % {"organisation": organisation}
    raised = raised_fields(organisation)
    if raised:
        raise ValidationError({name: message for name in sorted(raised)})
