"""What happens to meetings, outside the views: the agenda proposal (the community's concerns
first), invitations and attendance, the agenda's order, and follow-ups turned into commitments.

Every function that acts for a user checks again, through the access layer, what the view
already checked (``require``); every record it reads comes through ``visible()``.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from coordinator.access import Action, Actor, can, require, visible
from engagement.models import Commitment, Concern
from networks.models import Community

from .models import AgendaItem, Attendance, Meeting, MeetingFollowUp, MeetingOrganisation, MeetingPerson

# --------------------------------------------------------------------------- the agenda


@dataclass(frozen=True)
class ProposedItem:
    """One item of a proposed agenda: its ``title`` and, for a community's item, the
    ``concern`` it comes from (None for the coordinator's own items)."""

    title: str
    concern: Concern | None = None


def open_concerns(actor: Actor, meeting: Meeting):
    """The concerns not yet answered (``Concern.objects.unresolved()``: open or passed on) of
    the communities ``meeting`` invites, that ``actor`` may see, longest waiting first (raised
    on, then number). Concerns already on the meeting's agenda are left out."""
    communities = meeting.invited_communities.values("pk")
    on_agenda = AgendaItem._base_manager.filter(meeting=meeting, concern__isnull=False)
    return (visible(actor, Concern.objects.unresolved())
            .filter(community__in=communities)
            .exclude(pk__in=on_agenda.values("concern"))
            .select_related("community")
            .order_by("raised_on", "pk"))


def propose_agenda(actor: Actor, meeting: Meeting, own_items=()) -> list[ProposedItem]:
    """The agenda proposed for ``meeting``: first the open concerns of the communities it
    invites (``open_concerns``: each becomes an item titled by its topic, linked to it), then
    ``own_items`` (the coordinator's own topics, strings, in the order given; blanks dropped).

    002 step 4 "Setting the agenda": "The agenda should therefore first be shaped by the
    community: what are their concerns?" (parking, housing and traffic safety are legitimate
    first topics); 001 "Rules for safe spaces", what: "initiate the conversation by addressing
    everyday issues people care about instead of approaching the topic of extremism straight
    away". So the community's items always come before the municipality's.

    Returns a list of ``ProposedItem``; saves nothing (``apply_proposal`` does)."""
    proposal = [ProposedItem(title=concern.topic[:200], concern=concern)
                for concern in open_concerns(actor, meeting)]
    proposal += [ProposedItem(title=item.strip()[:200]) for item in own_items if item.strip()]
    return proposal


def apply_proposal(actor: Actor, meeting: Meeting, own_items=()) -> list[AgendaItem]:
    """Put the proposal of ``propose_agenda`` on the meeting's agenda: the concerns it proposes
    go after the items already linked to a concern and before every other item (the
    coordinator's), and ``own_items`` at the end. Returns the items added. ``PermissionDenied``
    unless ``actor`` may change the meeting."""
    require(actor, meeting, Action.CHANGE)
    proposal = propose_agenda(actor, meeting, own_items)
    if not proposal:
        return []
    with transaction.atomic():
        current = list(AgendaItem._base_manager.filter(meeting=meeting).order_by("position", "pk"))
        community_items = [item for item in current if item.concern_id is not None]
        own = [item for item in current if item.concern_id is None]
        added = [AgendaItem(meeting=meeting, title=p.title, concern=p.concern) for p in proposal]
        new_concerns = [item for item in added if item.concern is not None]
        new_own = [item for item in added if item.concern is None]
        _renumber([*community_items, *new_concerns, *own, *new_own])
    return added


def _renumber(items) -> None:
    """Save ``items`` (agenda items of one meeting) with positions 1, 2, ... in list order;
    rows whose position does not change are not written (no history row)."""
    for position, item in enumerate(items, start=1):
        if item.pk is None or item.position != position:
            item.position = position
            item.save()


def save_agenda(actor: Actor, meeting: Meeting, rows) -> None:
    """Save the agenda as edited: ``rows`` is a list of ``(item or None, title, concern,
    position, delete)``, an existing ``AgendaItem`` of ``meeting`` or None for a new one. Items
    are ordered by the positions given (ties keep the page's order), then numbered 1, 2, ...
    ``PermissionDenied`` unless ``actor`` may change the meeting; an item of another meeting
    raises ``ValueError``."""
    require(actor, meeting, Action.CHANGE)
    kept = []
    with transaction.atomic():
        for index, (item, title, concern, position, delete) in enumerate(rows):
            if item is not None and item.meeting_id != meeting.pk:
                raise ValueError("An agenda item of another meeting.")
            if delete:
                if item is not None and item.pk is not None:
                    item.delete()
                continue
            if item is None:
                item = AgendaItem(meeting=meeting)
            item.title, item.concern = title, concern
            kept.append(((position or 0, index), item))
        kept.sort(key=lambda pair: pair[0])
        for position, (_key, item) in enumerate(kept, start=1):
            item.position = position
            item.save()


# --------------------------------------------------------------------------- invitations


def set_invitations(meeting: Meeting, organisations, people) -> None:
    """Invite exactly ``organisations`` and ``people`` (iterables of records of the meeting's
    municipality, already checked by the form): rows no longer invited are removed, new ones
    added as "not recorded yet", and the attendance of those still invited is kept. Each row
    is saved or deleted on its own, so its history records who changed the invitations."""
    for model, field, chosen in ((MeetingOrganisation, "organisation", organisations),
                                 (MeetingPerson, "person", people)):
        wanted = {record.pk: record for record in chosen}
        current = {getattr(row, f"{field}_id"): row
                   for row in model._base_manager.filter(meeting=meeting)}
        for pk, row in current.items():
            if pk not in wanted:
                row.delete()
        for pk, record in wanted.items():
            if pk not in current:
                model(meeting=meeting, **{field: record}).save()


def record_attendance(actor: Actor, meeting: Meeting, organisations: dict, people: dict) -> None:
    """Record who came: ``organisations`` and ``people`` map the id of an invitation row
    (``MeetingOrganisation`` / ``MeetingPerson`` of ``meeting``) to an ``Attendance`` value;
    other ids are ignored. Only changed rows are written. ``PermissionDenied`` unless
    ``actor`` may change the meeting."""
    require(actor, meeting, Action.CHANGE)
    for model, answers in ((MeetingOrganisation, organisations), (MeetingPerson, people)):
        for row in model._base_manager.filter(meeting=meeting, pk__in=list(answers)):
            value = answers[row.pk]
            if value in Attendance.values and row.attendance != value:
                row.attendance = value
                row.save(update_fields=["attendance"])


# --------------------------------------------------------------------------- follow-ups


def add_follow_up(actor: Actor, meeting: Meeting, *, description: str, made_to: str,
                  due_on, community: Community | None = None, owner=None) -> Commitment:
    """Turn a follow-up of ``meeting`` into an ``engagement.Commitment`` (002 step 4: the
    authority's promises are tracked to delivery) linked back to the meeting
    (``MeetingFollowUp``), in one transaction. ``community`` must be one the actor may see.

    ``PermissionDenied`` unless ``actor`` may change the meeting and add commitments;
    ``ValidationError`` from the commitment's own rules."""
    require(actor, meeting, Action.CHANGE)
    if not can(actor, Action.ADD, Commitment):
        raise PermissionDenied(_("Your role does not allow recording commitments."))
    if community is not None:
        require(actor, community, Action.VIEW)
    with transaction.atomic():
        commitment = Commitment(municipality_id=meeting.municipality_id, description=description,
                                made_to=made_to, due_on=due_on, community=community,
                                owner=owner)
        commitment.full_clean()
        commitment.save()
        MeetingFollowUp(meeting=meeting, commitment=commitment).save()
    return commitment


def follow_up_commitments(actor: Actor, meeting: Meeting):
    """The commitments made as follow-ups of ``meeting`` that ``actor`` may see, soonest due
    first."""
    return (visible(actor, Commitment.objects.filter(meeting_follow_up__meeting=meeting))
            .select_related("owner").order_by("due_on", "pk"))
