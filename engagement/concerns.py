"""Services of the concerns: register a concern from what was heard in an interaction, in one
click (issue 9: "the existing free-text fields stay; a concern is created from them with one
click"; 002 step 2 "Establishing contact": the needs and interests heard are the community's
agenda; step 4 "Setting the agenda": their concerns come first).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coordinator.access import Action, Actor, can, require, visible

from .models import Concern, Interaction

#: The texts of an interaction a concern may be registered from: source -> field.
SOURCES = {
    "concerns": "concerns_heard",
    "needs": "needs_heard",
    "interests": "interests_heard",
}
#: The longest topic made from a text (the model allows 200 characters).
TOPIC_LENGTH = 120
CHANGE_REASON = gettext_noop("Registered from an interaction")  # translated when shown


def topic_of(text: str) -> str:
    """A short topic from a text heard: its first line, cut at ``TOPIC_LENGTH`` characters
    (with an ellipsis)."""
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    return Truncator(first_line.strip()).chars(TOPIC_LENGTH)


def registered_from(interaction: Interaction, concerns) -> dict[str, Concern]:
    """``{source: Concern}`` for the texts of ``interaction`` already registered, among
    ``concerns`` (the interaction's concerns, already read: no query)."""
    by_text = {c.description.strip(): c for c in concerns}
    found = {}
    for source, field in SOURCES.items():
        text = getattr(interaction, field).strip()
        if text and text in by_text:
            found[source] = by_text[text]
    return found


def concern_from_interaction(actor: Actor, interaction: Interaction,
                             source: str = "concerns") -> tuple[Concern, bool]:
    """Register the text ``source`` (a key of ``SOURCES``) of ``interaction`` as a concern:
    its community, its date as the day raised, the first organisation and person involved that
    ``actor`` may see as who raised it, linked to the interaction. Returns ``(concern,
    created)``.

    Idempotent: when a concern of this interaction already holds the same text (a double click,
    a reload), that one is returned with ``created`` False. Raises ``Http404`` when the
    interaction is not visible to ``actor``, ``PermissionDenied`` when ``actor`` may not add
    concerns, ``ValidationError`` when the text is empty or ``source`` unknown."""
    require(actor, interaction, Action.VIEW)
    if not can(actor, Action.ADD, Concern):
        raise PermissionDenied(_("Your role does not allow this."))
    field = SOURCES.get(source)
    if field is None:
        raise ValidationError(_("Choose what was heard: concerns, needs or interests."))
    with transaction.atomic():
        # The interaction's row is the lock two clicks wait on (PostgreSQL; SQLite writes one
        # at a time), so the second finds the first's concern.
        interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
        text = getattr(interaction, field).strip()
        if not text:
            raise ValidationError(_("Nothing was noted there to register."))
        existing = (Concern.objects.filter(municipality_id=interaction.municipality_id,
                                           interaction=interaction, description=text)
                    .order_by("pk").first())
        if existing is not None:
            return existing, False
        concern = Concern(
            municipality_id=interaction.municipality_id, interaction=interaction,
            community=interaction.community, topic=topic_of(text), description=text,
            raised_on=interaction.occurred_on,
            raised_by_organisation=visible(actor, interaction.organisations.order_by("name")).first(),
            raised_by_person=visible(actor, interaction.people.order_by("name")).first(),
            # Who may follow it up: a coordinator who registers it; a partner leaves it open.
            owner=actor.user if can(actor, Action.CHANGE, Concern) else None,
        )
        concern.full_clean()
        concern._change_reason = CHANGE_REASON
        concern.save()
    return concern, True
