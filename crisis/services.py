"""The crisis response's rules (002 "Step 5: Responding to a crisis"; 001 "Responding to a
crisis"): opening an incident starts its timeline; checking in with the network reaches the key
figures and organisations of the affected communities and of their neighbours; a statement is
released to the press only after the network was briefed with it; an incident is closed with
its lessons learned.

Every function takes the ``actor`` (``coordinator.access.Actor``) and checks it through the
access layer (``PermissionDenied``, ``Http404``); rules broken raise ``ValidationError`` with a
message for the user. Nothing here is overwritten by a concurrent edit: answers and statements
are saved with the version they were read at (``coordinator.concurrency``)."""

from __future__ import annotations

import datetime
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordinator.access import Action, Actor, can, require, visible
from coordinator.concurrency import LOCK_FIELD, EditConflict
from networks.models import Community, Organisation, Person

from .models import (
    Briefing,
    Channel,
    CheckIn,
    CheckInStatus,
    HateIncident,
    Incident,
    IncidentStatus,
    Statement,
    StatementState,
    TimelineEntry,
)

# --------------------------------------------------------------------------- the incident


def note(incident: Incident, by, text: str, automatic: bool = True) -> TimelineEntry:
    """Add ``text`` to the incident's timeline, by ``by`` (a user or None), now."""
    entry = TimelineEntry(incident=incident, by=by, text=text[:2000], automatic=automatic)
    entry._history_user = by
    entry.save()
    return entry


def open_incident(actor: Actor, incident: Incident, communities=()) -> Incident:
    """Save a new ``incident`` (unsaved, validated by its form) opened by the actor, with the
    ``communities`` that may be affected, and start its timeline. ``PermissionDenied`` unless
    the actor may add incidents."""
    if not can(actor, Action.ADD, Incident):
        raise PermissionDenied(_("Your role does not allow opening an incident."))
    with transaction.atomic():
        incident.municipality_id = actor.municipality_id
        incident.opened_by = actor.user
        incident._history_user = actor.user
        incident.save()
        incident.communities.set(visible(actor, Community.objects.filter(
            pk__in=[c.pk for c in communities])))
        note(incident, actor.user, _("Incident opened: %(kind)s, %(scale)s.") % {
            "kind": incident.get_kind_display().lower(),
            "scale": incident.get_scale_display().lower()})
    return incident


def add_entry(actor: Actor, incident: Incident, text: str) -> TimelineEntry:
    """A step of the response written by the actor. ``ValidationError`` for an empty text or a
    closed incident."""
    require(actor, incident, Action.CHANGE)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what was done.")})
    if incident.is_closed:
        raise ValidationError(_("This incident is closed."))
    return note(incident, actor.user, text, automatic=False)


def close_incident(actor: Actor, incident: Incident, lessons_learned: str) -> Incident:
    """Close the incident with its lessons learned (required: "lessons learned have been
    collected over time", 001 "Responding to a crisis")."""
    require(actor, incident, Action.CHANGE)
    lessons = (lessons_learned or "").strip()
    if not lessons:
        raise ValidationError({"lessons_learned": _(
            "Write down the lessons learned before closing: the next crisis needs them.")})
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        if locked.is_closed:
            raise ValidationError(_("This incident is closed already."))
        locked.status, locked.closed_at, locked.lessons_learned = (
            IncidentStatus.CLOSED, timezone.now(), lessons)
        locked._history_user = actor.user
        locked.save(update_fields=["status", "closed_at", "lessons_learned"])
        note(locked, actor.user, _("Incident closed, with the lessons learned."))
    return locked


# --------------------------------------------------------------------------- check-ins


def network_of(incident: Incident) -> tuple[list[Organisation], list[Person]]:
    """Whom to check in with: the organisations and the key figures of the communities that may
    be affected and of their neighbours (parent, child and overlapping communities), in name
    order. 002 "Step 5": "contact the community PCVE network to check the concerns, needs,
    fears and needs of the different communities"; "The key to success is to already have a
    relationship of mutual trust in place with key figures in the community". Three queries."""
    affected = list(incident.communities.values_list("pk", flat=True))
    neighbours = set(Community.objects.filter(
        Q(parents__in=affected) | Q(children__in=affected) | Q(overlapping__in=affected)
    ).values_list("pk", flat=True))
    communities = set(affected) | neighbours
    organisations = list(Organisation.objects.filter(communities__in=communities)
                         .distinct().order_by("name", "pk"))
    people = list(Person.objects.filter(communities__in=communities, is_key_figure=True)
                  .distinct().order_by("name", "pk"))
    return organisations, people


def check_in_with_network(actor: Actor, incident: Incident) -> int:
    """Create a waiting check-in, with the actor responsible, for each organisation and key
    figure of ``network_of(incident)`` that has none yet; returns how many were made. Run again
    (a double click, or after adding communities) it makes only the missing ones."""
    require(actor, incident, Action.CHANGE)
    if not can(actor, Action.ADD, CheckIn):
        raise PermissionDenied(_("Your role does not allow checking in with the network."))
    organisations, people = network_of(incident)
    organisations = list(visible(actor, Organisation.objects.filter(
        pk__in=[o.pk for o in organisations])).prefetch_related("communities"))
    people = list(visible(actor, Person.objects.filter(pk__in=[p.pk for p in people]))
                  .prefetch_related("communities"))
    affected = set(incident.communities.values_list("pk", flat=True))
    now = timezone.now()

    def community_of(record):
        ids = [c.pk for c in record.communities.all()]
        chosen = next((pk for pk in ids if pk in affected), ids[0] if ids else None)
        return chosen

    rows = [CheckIn(incident=incident, municipality_id=incident.municipality_id,
                    organisation=o, community_id=community_of(o), responsible=actor.user,
                    asked_at=now) for o in organisations]
    rows += [CheckIn(incident=incident, municipality_id=incident.municipality_id, person=p,
                     community_id=community_of(p), responsible=actor.user, asked_at=now)
             for p in people]
    with transaction.atomic():
        # ignore_conflicts: the unique constraints keep one check-in per organisation or person
        # when two coordinators click at once.
        before = CheckIn.objects.filter(incident=incident).count()
        CheckIn.objects.bulk_create(rows, ignore_conflicts=True)
        made = CheckIn.objects.filter(incident=incident).count() - before
        if made:
            note(incident, actor.user, _("Checked in with the network: %(n)s organisations and "
                                         "key figures asked.") % {"n": made})
    return made


def answer_check_in(actor: Actor, check_in: CheckIn, *, version: int | None, channel: str,
                    **answers) -> CheckIn:
    """Record the answer to ``check_in`` (``CheckIn.ANSWER_FIELDS``), given by ``channel``. A
    representative answers their own organisation's check-in (``Channel.PORTAL``), staff any
    they may change. ``version`` is the ``lock_version`` the form was opened at: when the
    check-in changed since, ``EditConflict`` is raised and nothing is saved (a double submit
    of the same answer is a no-op: the answer stands)."""
    action = Action.COMMENT if actor.is_portal_user else Action.CHANGE
    require(actor, check_in, action)
    values = {name: (answers.get(name) or "").strip() for name in CheckIn.ANSWER_FIELDS}
    if not any(values.values()):
        raise ValidationError(_("Write at least one answer: concerns, needs, fears, rumours or "
                                "support asked."))
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Say how the answer was given.")})
    if check_in.incident.is_closed:
        raise ValidationError(_("This incident is closed: its check-ins are kept as they are."))
    with transaction.atomic():
        locked = CheckIn.objects.select_for_update().get(pk=check_in.pk)
        if version is not None and locked.lock_version != version:
            if locked.is_answered and all(getattr(locked, k) == v for k, v in values.items()):
                return locked  # the same answer sent twice
            raise EditConflict([locked])
        for name, value in values.items():
            setattr(locked, name, value)
        locked.status, locked.channel = CheckInStatus.ANSWERED, channel
        locked.answered_at, locked.answered_by = timezone.now(), actor.user
        locked._history_user = actor.user
        locked.save()
        note(locked.incident, actor.user, _("Check-in answered: %(who)s.") % {"who": locked})
    locked.refresh_from_db(fields=[LOCK_FIELD])
    return locked


def due_for_chase(now: datetime.datetime | None = None):
    """Waiting check-ins, of incidents not closed, whose ask (or last chase) is older than
    their incident's ``chase_after_hours``: a queryset over every municipality, for the Celery
    task (call it with scopes disabled). Active incidents are few: one condition each."""
    now = now or timezone.now()
    due = Q(pk__in=[])
    for pk, hours in Incident.objects.active().values_list("pk", "chase_after_hours"):
        threshold = now - datetime.timedelta(hours=hours)
        due |= Q(incident_id=pk) & (Q(chased_at__isnull=True, asked_at__lte=threshold)
                                    | Q(chased_at__lte=threshold))
    return CheckIn.objects.waiting().filter(due)


# --------------------------------------------------------------------------- hate incidents


def hate_incidents_per_day(incident: Incident, actor: Actor) -> list[tuple[datetime.date, int]]:
    """``[(day, count), ...]`` of the hate incidents linked to the incident that the actor may
    see, every day from the incident's day to the last one recorded (days without any count
    0), so that a rise shows (002 "Step 5")."""
    days = Counter(visible(actor, HateIncident.objects.filter(incident=incident))
                   .values_list("occurred_on", flat=True))
    if not days:
        return []
    start = min(min(days), timezone.localtime(incident.occurred_at).date())
    end = max(days)
    return [(start + datetime.timedelta(days=i), days.get(start + datetime.timedelta(days=i), 0))
            for i in range((end - start).days + 1)]


# --------------------------------------------------------------------------- the press


def record_briefing(actor: Actor, statement: Statement, *, who: str, feedback: str = "",
                    briefed_at: datetime.datetime | None = None) -> Briefing:
    """Record that the network was briefed with ``statement`` (``who``: required) and what it
    said back. The statement becomes "network briefed" unless already released."""
    require(actor, statement, Action.CHANGE)
    who = (who or "").strip()
    if not who:
        raise ValidationError({"who": _("Say who in the network was briefed.")})
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        briefing = Briefing(incident_id=locked.incident_id, statement=locked, who=who,
                            feedback=(feedback or "").strip(), recorded_by=actor.user,
                            briefed_at=briefed_at or timezone.now())
        briefing._history_user = actor.user
        briefing.save()
        if locked.state == StatementState.DRAFT:
            locked.state = StatementState.BRIEFED
            locked._history_user = actor.user
            locked.save(update_fields=["state"])
        note(locked.incident, actor.user, _("Network briefed with the statement “%(title)s”.")
             % {"title": locked.title})
    return briefing


def release_statement(actor: Actor, statement: Statement) -> Statement:
    """Mark ``statement`` released to the press. Refused (``ValidationError``, with the
    reason) unless a briefing of the network is recorded first: "Local authorities should
    communicate with the local community network before communicating with the media" (002
    "Step 5")."""
    require(actor, statement, Action.CHANGE)
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        if locked.is_released:
            raise ValidationError(_("This statement was released already."))
        if not locked.briefings.exists():
            raise ValidationError(_(
                "Brief the network with this statement first, and record it: messages of the "
                "municipality and the communities must match before the press hears them."))
        locked.state, locked.released_at, locked.released_by = (
            StatementState.RELEASED, timezone.now(), actor.user)
        locked._history_user = actor.user
        locked.save(update_fields=["state", "released_at", "released_by"])
        note(locked.incident, actor.user, _("Statement “%(title)s” released to the press.")
             % {"title": locked.title})
    return locked


def save_new(actor: Actor, record, incident: Incident):
    """Save a new child ``record`` of ``incident`` (a form's unsaved instance) if the actor may
    add it; a duplicate (e.g. one impact per community and day) is reported as a
    ``ValidationError``."""
    if not can(actor, Action.ADD, type(record)):
        raise PermissionDenied(_("Your role does not allow this."))
    require(actor, incident, Action.CHANGE)
    record.incident = incident
    record.municipality_id = incident.municipality_id
    record._history_user = actor.user
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ValidationError(_("This was recorded already for that day.")) from None
    return record
