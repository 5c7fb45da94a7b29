"""The portal's services: what a community representative sees of their own organisation and
what they may say, each through the access layer (issue 10 "Minimum data").

Every function takes the ``actor`` (a ``coordinator.access.Actor`` of a community
representative) and reaches records only through ``visible``/``require``/``get_for``; the
policies (``coordinator.policies``, ``Policy.portal``) narrow each model to the records that
concern the actor's organisation. The words a representative reads are plain and never of
security (004 "Terminology and language"; 001 "Stigmatisation"; 000 lesson 5.1)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from actionplans import services as plan_services
from actionplans.models import SectionComment, SectionOpening
from coordinator.access import Action, Actor, can, get_for, require, visible
from crisis import services as crisis_services
from crisis.models import Channel, CheckIn
from dialogue.models import AgendaItem, Meeting, MeetingOrganisation
from engagement.models import Commitment, CommitmentStatus, Concern
from networks.models import Organisation, Person
from sharing.models import Agreement, AgreementState
from vetting import services as vetting_services
from vetting.models import Assessment, Memorandum

from .models import CORRECTABLE_FIELDS, CommitmentResponse, CorrectionStatus, ProfileCorrection

# --------------------------------------------------------------------------- their organisation


def organisation_of(actor: Actor) -> Organisation:
    """The actor's own organisation as the municipality holds it. ``Http404`` when the actor
    has none they may see (not a representative, or the organisation is gone)."""
    return get_for(actor, Organisation.objects.prefetch_related("communities"),
                   actor.organisation_id)


def contacts_of(actor: Actor) -> list[Person]:
    """The organisation's people as the municipality holds them (name, role, how to reach)."""
    return list(visible(actor, Person.objects.all()).order_by("name", "pk"))


def corrections_of(actor: Actor) -> list[ProfileCorrection]:
    """The corrections the organisation proposed, newest first, with their outcome."""
    return list(visible(actor, ProfileCorrection.objects.all()))


def propose_correction(actor: Actor, *, changes: dict, message: str = "") -> ProfileCorrection:
    """Propose ``changes`` (``{field: value}`` for fields of ``CORRECTABLE_FIELDS``; the ones
    equal to the profile are dropped) and/or a free ``message`` to the coordinator.

    Raises ``PermissionDenied`` unless the actor may propose for their organisation, and
    ``ValidationError`` when nothing would change and there is no message."""
    if not can(actor, Action.ADD, ProfileCorrection):
        raise PermissionDenied(_("You cannot propose corrections."))
    organisation = organisation_of(actor)
    current = {name: getattr(organisation, name) for name in CORRECTABLE_FIELDS}
    changes = {name: str(value).strip() for name, value in changes.items()
               if name in CORRECTABLE_FIELDS and str(value).strip() != current[name]}
    message = (message or "").strip()
    if not changes and not message:
        raise ValidationError(_("Change at least one field, or say what else should be "
                                "corrected."))
    correction = ProfileCorrection(
        municipality_id=actor.municipality_id, organisation=organisation,
        proposed_by=actor.user, changes=changes,
        previous={name: current[name] for name in changes}, message=message)
    correction._history_user = actor.user
    correction.save()
    return correction


def decide_correction(actor: Actor, correction: ProfileCorrection, *, accept: bool,
                      note: str = "") -> ProfileCorrection:
    """Accept (the profile takes the proposed values; its history names the correction) or
    decline (``note`` says why; required) a pending correction.

    Raises ``PermissionDenied`` unless the actor may review it, ``ValidationError`` when it
    was decided already, when declining without a reason, or when a proposed value is not
    valid for the profile (e.g. a name another organisation has): nothing is saved then."""
    require(actor, correction, Action.REVIEW)
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"decision_note": _(
            "Say why it is declined: the representative reads your answer.")})
    with transaction.atomic():
        locked = ProfileCorrection.objects.select_for_update().get(pk=correction.pk)
        if not locked.is_pending:
            raise ValidationError(_("This correction was decided already."))
        if accept and locked.changes:
            _apply(actor, locked)
        locked.status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.DECLINED
        locked.decided_by, locked.decided_at = actor.user, timezone.now()
        locked.decision_note = note
        locked._history_user = actor.user
        locked.save()
    return locked


def _apply(actor: Actor, correction: ProfileCorrection) -> None:
    organisation = require(actor, Organisation.objects.select_for_update().get(
        pk=correction.organisation_id), Action.CHANGE)
    for name, value in correction.changes.items():
        if name in CORRECTABLE_FIELDS:
            setattr(organisation, name, value)
    try:
        organisation.full_clean(exclude=["communities"])
        with transaction.atomic():
            organisation._history_user = actor.user
            organisation._change_reason = gettext_noop("Correction proposed in the portal")
            organisation.save(update_fields=list(correction.changes))
    except ValidationError as error:
        raise ValidationError(_("The proposed profile cannot be saved: %(reasons)s") % {
            "reasons": " ".join(error.messages)}) from None
    except IntegrityError:
        raise ValidationError(_("The proposed name is taken by another organisation.")) from None


# --------------------------------------------------------------------------- meetings


def meetings_of(actor: Actor):
    """The meetings the organisation was invited to, newest first, each with
    ``my_invitation`` (the organisation's ``MeetingOrganisation``: did it come)."""
    invitations = visible(actor, MeetingOrganisation.objects.all())
    return (visible(actor, Meeting.objects.all())
            .select_related("safe_space")
            .prefetch_related(Prefetch("invitations", queryset=invitations,
                                       to_attr="my_invitations"))
            .order_by("-held_on", "-starts_at", "-pk"))


def meeting_for(actor: Actor, pk) -> Meeting:
    """One meeting the organisation was invited to (``Http404`` for any other)."""
    return get_for(actor, Meeting.objects.select_related("safe_space"), pk)


def agenda_of(actor: Actor, meeting: Meeting) -> list[AgendaItem]:
    return list(visible(actor, AgendaItem.objects.filter(meeting=meeting))
                .select_related("concern").order_by("position", "pk"))


def is_upcoming(meeting: Meeting) -> bool:
    return meeting.held_on >= timezone.localdate()


@dataclass
class Proposal:
    """What ``propose_for_meeting`` made: the agenda item, and the concern if it is one."""

    item: AgendaItem
    concern: Concern | None


def propose_for_meeting(actor: Actor, meeting: Meeting, *, title: str, description: str = "",
                        as_concern: bool = True) -> Proposal:
    """Add an item to the agenda of an upcoming ``meeting`` the organisation is invited to; as
    a concern (followed until answered: ``engagement.Concern`` raised by the organisation) or
    as a plain agenda item. The agenda is shaped by the community first (002 "Setting the
    agenda").

    Raises ``PermissionDenied``/``Http404`` unless the actor may comment on the meeting, and
    ``ValidationError`` for a past meeting or an empty title."""
    require(actor, meeting, Action.COMMENT)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Say what you would like to talk about.")})
    if not is_upcoming(meeting):
        raise ValidationError(_("This meeting has taken place: add your item to the next one."))
    organisation = organisation_of(actor)
    with transaction.atomic():
        concern = _new_concern(actor, organisation, title, description) if as_concern else None
        last = (AgendaItem.objects.select_for_update().filter(meeting=meeting)
                .order_by("-position").values_list("position", flat=True).first())
        item = AgendaItem(meeting=meeting, title=title[:200], concern=concern,
                          position=(last or 0) + 1, proposed_by_organisation=organisation)
        item._history_user = actor.user
        item.save()
    return Proposal(item=item, concern=concern)


# --------------------------------------------------------------------------- concerns


def concerns_of(actor: Actor):
    """The concerns the organisation raised, newest first."""
    return visible(actor, Concern.objects.all()).order_by("-raised_on", "-pk")


def raise_concern(actor: Actor, *, topic: str, description: str = "") -> Concern:
    """A concern the organisation raises outside a meeting (the coordinator follows it up).
    Raises ``PermissionDenied`` unless allowed, ``ValidationError`` for an empty topic."""
    if not can(actor, Action.ADD, Concern):
        raise PermissionDenied(_("You cannot add concerns."))
    topic = (topic or "").strip()
    if not topic:
        raise ValidationError({"topic": _("Say what the concern is about.")})
    return _new_concern(actor, organisation_of(actor), topic, description)


def _new_concern(actor: Actor, organisation: Organisation, topic: str, description) -> Concern:
    """Save a concern raised by ``organisation``, tied to its community when it has exactly
    one (``organisation_of`` prefetched them: no query)."""
    communities = list(organisation.communities.all())
    concern = Concern(municipality_id=actor.municipality_id, topic=topic[:200],
                      description=(description or "").strip(), raised_by_organisation=organisation,
                      community=communities[0] if len(communities) == 1 else None)
    concern._history_user = actor.user
    concern.full_clean()
    concern.save()
    return concern


# --------------------------------------------------------------------------- promises


def commitments_of(actor: Actor):
    """The promises made to the organisation, open ones first by due date, each with
    ``my_responses`` (what the organisation said of it: zero or one)."""
    responses = visible(actor, CommitmentResponse.objects.all())
    return (visible(actor, Commitment.objects.all())
            .prefetch_related(Prefetch("responses", queryset=responses,
                                       to_attr="my_responses"))
            .order_by("status", "due_on", "pk"))


def commitment_for(actor: Actor, pk) -> Commitment:
    return get_for(actor, commitments_of(actor), pk)


def respond(actor: Actor, commitment: Commitment, *, delivered: bool,
            note: str = "") -> CommitmentResponse:
    """Say, for the organisation, whether ``commitment`` was delivered from its side; saying
    it again replaces the earlier answer (history keeps it). Raises ``PermissionDenied``/
    ``Http404`` unless the promise was made to the actor's organisation."""
    require(actor, commitment, Action.COMMENT)
    values = {"delivered": bool(delivered), "note": (note or "").strip(),
              "said_by": actor.user, "said_at": timezone.now()}
    with transaction.atomic():
        response = CommitmentResponse.objects.select_for_update().filter(
            commitment=commitment, organisation_id=actor.organisation_id).first()
        if response is None:
            response = CommitmentResponse(commitment=commitment,
                                          organisation_id=actor.organisation_id,
                                          municipality_id=actor.municipality_id)
        for name, value in values.items():
            setattr(response, name, value)
        response._history_user = actor.user
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError:
            # Another answer of the organisation was saved meanwhile: this one replaces it.
            response = CommitmentResponse.objects.select_for_update().get(
                commitment=commitment, organisation_id=actor.organisation_id)
            for name, value in values.items():
                setattr(response, name, value)
            response._history_user = actor.user
            response.save()
    return response


def promise_words(commitment: Commitment) -> str:
    """The status of a promise in plain words for the portal."""
    if commitment.status == CommitmentStatus.DELIVERED:
        return _("Done")
    if commitment.status == CommitmentStatus.DROPPED:
        return _("Will not happen")
    if commitment.is_overdue:
        return _("Late: the date has passed")
    return _("In progress")


# --------------------------------------------------------------------------- the action plan


def openings_of(actor: Actor):
    """The action plan sections opened to the organisation, newest version first."""
    return (visible(actor, SectionOpening.objects.all())
            .select_related("version", "version__plan")
            .order_by("-version__pk", "element"))


def opening_for(actor: Actor, pk) -> SectionOpening:
    return get_for(actor, openings_of(actor), pk)


def threads_of(actor: Actor, opening: SectionOpening) -> list[SectionComment]:
    """The organisation's own threads on the section, with the coordinator's replies
    (``replies_list``); never another organisation's."""
    roots = {c.pk for c in visible(actor, SectionComment.objects.filter(
        version_id=opening.version_id, element=opening.element, parent__isnull=True))}
    return [t for t in plan_services.threads(opening.version, opening.element) if t.pk in roots]


def can_comment(actor: Actor, opening: SectionOpening) -> bool:
    return plan_services.can_comment(actor.user, opening.version, opening.element)


def comment(actor: Actor, opening: SectionOpening, *, body: str, parent_id=None) -> SectionComment:
    """A comment on an opened section, or a reply in one of the organisation's threads.
    Raises ``PermissionDenied`` when the section is closed, ``Http404`` for a thread of
    someone else, ``ValidationError`` for an empty comment."""
    parent = None
    if parent_id:
        parent = get_for(actor, SectionComment.objects.filter(
            version_id=opening.version_id, element=opening.element), parent_id)
    return plan_services.add_comment(opening.version, opening.element, actor.user, body,
                                     parent=parent)


# --------------------------------------------------------------------------- crisis check-ins


def check_ins_of(actor: Actor):
    """The check-ins of the organisation during crises, waiting ones first (issue 11)."""
    return (visible(actor, CheckIn.objects.all()).select_related("incident")
            .order_by("status", "-asked_at", "-pk"))


def check_in_for(actor: Actor, pk) -> CheckIn:
    return get_for(actor, check_ins_of(actor), pk)


def answer_check_in(actor: Actor, check_in: CheckIn, *, version, answers: dict) -> CheckIn:
    """The representative's answer, through the portal (``crisis.services.answer_check_in``:
    a concurrent answer raises ``EditConflict``)."""
    return crisis_services.answer_check_in(actor, check_in, version=version,
                                           channel=Channel.PORTAL, **answers)


# --------------------------------------------------------------------------- agreements


def agreements_of(actor: Actor):
    """The information-sharing agreements the organisation signed (not drafts)."""
    return (visible(actor, Agreement.objects.exclude(state=AgreementState.DRAFT),
                    Action.VIEW_TERMS)
            .order_by("-starts_on", "pk"))


def agreement_for(actor: Actor, pk) -> Agreement:
    """One agreement the organisation signed (``Http404`` for any other)."""
    try:
        agreement = agreements_of(actor).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        agreement = None
    if agreement is None:
        raise Http404
    return agreement


# --------------------------------------------------------------------------- assessing partners


@dataclass
class AssessingSummary:
    """What the portal shows of assessing the organisation (001 "Vetting procedures",
    Finland: the organisation is told the procedure and criteria beforehand and the outcome
    after; never the findings). ``status``: ``vetting.services.PartnerStatus`` or None."""

    status: object | None
    informed_on: object | None = None
    informed_how: str = ""
    criteria: list[str] = field(default_factory=list)
    memorandum: Memorandum | None = None


def assessing_status(organisation: Organisation):
    """The organisation's assessment status in plain words (``PartnerStatus``) or None."""
    return vetting_services.portal_status(organisation)


def assessing_of(actor: Actor) -> AssessingSummary:
    """The organisation's assessment status in plain words, the procedure and criteria it was
    told of for its latest assessment, and its signed memorandum of understanding (with the
    benefits for each party). Findings, ratings, reasons and evidence are never read."""
    organisation = organisation_of(actor)
    summary = AssessingSummary(status=vetting_services.portal_status(organisation))
    latest = visible(actor, Assessment.objects.all()).order_by("-opened_at", "-pk").first()
    if latest is not None and latest.procedure_informed_on:
        summary.informed_on = latest.procedure_informed_on
        summary.informed_how = latest.get_procedure_informed_how_display()
        summary.criteria = vetting_services.criteria_wording(require(actor, latest))
    summary.memorandum = (visible(actor, Memorandum.objects.filter(signed_on__isnull=False))
                          .order_by("-signed_on", "-pk").first())
    return summary
