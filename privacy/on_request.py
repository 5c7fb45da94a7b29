"""Erasure of one person or organisation on request (GDPR Art. 17), by the municipal admin.

The reach is the retention run's (``privacy.erasure``): the record, its history rows, the files
and exports made of it, its links (an interaction that named the person keeps its notes and
loses the link; the link is gone from the interaction's history too) and the other records'
history that pointed at it. What the request covers beyond the record is the admin's choice,
recorded on the ``ErasureRequest``:

- ``include_notes``: the interaction notes they took part in and the concerns they raised are
  erased too. Off by default: notes are the municipality's record of a contact with several
  people and communities, and Art. 17(3)(b) and (e) can justify keeping them; the link to the
  person goes in any case.
- ``redact_mentions``: their name, written in the free text of any other record (notes,
  commitments, findings, comments...), is replaced by "[removed]" there and in those records'
  history. A name shorter than three characters is not searched for.

An organisation goes with the assessments, findings, evidence files, memoranda and compliance
alerts about it (they exist only because of it). It is refused, with the reason, while users
belong to it, while an information-sharing agreement names it as a party, or while an action
plan names it: end those first (an adopted plan is the municipality's public record).

The ``ErasureRequest`` keeps who asked (a kind, never a name), when, the subject's model and
number and the counts: never the name or any content.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from coordinator.access import Action, require_user
from coordinator.models import Membership
from engagement.models import Concern, Interaction
from networks.models import Organisation, Person
from vetting.models import Assessment, ComplianceAlert, Memorandum

from .erasure import Counts, delete_records, mentions, redact_name
from .models import ErasureRequest, SubjectKind


class Refused(ValidationError):
    """The subject cannot be erased now; ``messages`` say why and what to do first."""


@dataclass
class Outcome:
    """What an erasure did (or, dry, would do): ``counts`` per retention class, the notes it
    would erase and the mentions of the name it found."""

    counts: Counts
    notes: int = 0
    mentions: int = 0
    request: ErasureRequest | None = None
    blockers: list = field(default_factory=list)


def subject_kind(subject) -> str:
    return SubjectKind(subject._meta.label_lower)


def notes_of(subject):
    """The interaction notes the subject took part in and the concerns they raised."""
    if isinstance(subject, Person):
        return (list(Interaction._base_manager.filter(people=subject)),
                list(Concern._base_manager.filter(raised_by_person=subject)))
    return (list(Interaction._base_manager.filter(organisations=subject)),
            list(Concern._base_manager.filter(raised_by_organisation=subject)))


def _describe(error) -> list[str]:
    """The protecting records of a ``ProtectedError``, counted per kind."""
    kinds: dict[str, int] = {}
    records = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
    for record in records:
        name = str(record._meta.verbose_name_plural)
        kinds[name] = kinds.get(name, 0) + 1
    return [_("Named in %(count)s %(kind)s.") % {"count": n, "kind": kind}
            for kind, n in sorted(kinds.items())]


def _erase(subject, include_notes: bool, redact_mentions: bool) -> Outcome:
    counts = Counts()
    outcome = Outcome(counts)
    name = str(subject.name)
    interactions, concerns = notes_of(subject)
    outcome.notes = len(interactions) + len(concerns)
    if isinstance(subject, Organisation):
        if Membership.objects.filter(organisation=subject).exists():
            raise Refused(_("Users of Linchpin belong to this organisation: change or end their "
                            "memberships on the users page first."))
        delete_records(Memorandum._base_manager.filter(organisation=subject), counts)
        delete_records(ComplianceAlert._base_manager.filter(organisation=subject), counts)
        delete_records(Assessment._base_manager.filter(organisation=subject), counts)
    if include_notes:
        delete_records([*concerns, *interactions], counts)
    try:
        delete_records([subject], counts)
    except (ProtectedError, RestrictedError) as error:
        raise Refused([_("It cannot be erased while other records need it: remove it from them "
                         "first."), *_describe(error)]) from None
    found = list(mentions(name, subject.municipality_id))
    outcome.mentions = len(found)
    if redact_mentions:
        redact_name(name, subject.municipality_id, counts)
    return outcome


def preview(subject, include_notes: bool = False, redact_mentions: bool = True) -> Outcome:
    """What ``erase`` would do, done and rolled back: exact counts, and ``blockers`` (the
    reasons it is refused) instead of an exception. Nothing is kept, no file is touched (the
    file deletions wait for a commit that never comes)."""
    try:
        with transaction.atomic():
            outcome = _erase(subject, include_notes, redact_mentions)
            transaction.set_rollback(True)
    except Refused as refusal:
        outcome = Outcome(Counts(), blockers=refusal.messages)
        outcome.notes = sum(len(part) for part in notes_of(subject))
    return outcome


@transaction.atomic
def erase(subject, by, *, asked_by: str, received_on, include_notes: bool = False,
          redact_mentions: bool = True) -> ErasureRequest:
    """Erase ``subject`` (a ``Person`` or ``Organisation``) on request, as user ``by`` (who must
    be a municipal admin of its municipality: ``PermissionDenied`` otherwise), and record the
    request. Raises ``Refused`` (nothing erased) when other records still need the subject."""
    require_user(by, subject.municipality_id, Action.ADD, "privacy.erasurerequest")
    kind, pk, municipality_id = subject_kind(subject), subject.pk, subject.municipality_id
    outcome = _erase(subject, include_notes, redact_mentions)
    return ErasureRequest.objects.create(
        municipality_id=municipality_id, subject_kind=kind, subject_id=pk, asked_by=asked_by,
        received_on=received_on, included_notes=include_notes,
        redacted_mentions=redact_mentions, counts=outcome.counts.as_json(), performed_by=by)
