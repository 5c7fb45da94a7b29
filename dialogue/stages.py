"""The network-building stage reached with each organisation, derived from the meetings it came
to (003 "How to create a local network in 3 steps"): individual outreach (step 1), groups of
one sector (step 2, "put similar people together"), formal and informal partners together
(step 3, "put people with the same goals together": "you're all part of the solution").

The stage is never typed: it is the highest stage among the meetings the organisation is
recorded as having come to (``Attendance.CAME``), each meeting's stage following its kind
(``STAGE_OF_KIND``). 003 warns the steps are "not a linear process": an organisation may come
to a mixed group without a one-on-one first, and its stage is then the third.

Only meetings the actor may see count (``visible()``), so the stage shown never reveals a
meeting hidden from its reader."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Count, IntegerField, Max, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from coordinator.access import Action, Actor, can, visible

from .models import Attendance, Meeting, MeetingKind, MeetingOrganisation


class NetworkStage(models.IntegerChoices):
    """The three steps of 003, in plain words."""

    INDIVIDUAL_OUTREACH = 1, _("1. Individual outreach")
    HOMOGENEOUS_GROUP = 2, _("2. Together with partners of the same sector")
    HETEROGENEOUS_GROUP = 3, _("3. Together with formal and informal partners")


#: The stage each kind of meeting stands for. A training counts as a group of one sector, as
#: Vilvoorde trained its homogeneous groups (003 "Practice of Vilvoorde", step 2); dialogue
#: events and round tables bring several parties together, as step 3 does.
STAGE_OF_KIND = {
    MeetingKind.ONE_ON_ONE: NetworkStage.INDIVIDUAL_OUTREACH,
    MeetingKind.HOMOGENEOUS: NetworkStage.HOMOGENEOUS_GROUP,
    MeetingKind.TRAINING: NetworkStage.HOMOGENEOUS_GROUP,
    MeetingKind.HETEROGENEOUS: NetworkStage.HETEROGENEOUS_GROUP,
    MeetingKind.DIALOGUE_EVENT: NetworkStage.HETEROGENEOUS_GROUP,
    MeetingKind.ROUND_TABLE: NetworkStage.HETEROGENEOUS_GROUP,
}


def _stage_of_meeting() -> Case:
    return Case(*(When(meeting__kind=kind, then=Value(int(stage)))
                  for kind, stage in STAGE_OF_KIND.items()),
                default=Value(0), output_field=IntegerField())


def attended(actor: Actor):
    """The ``MeetingOrganisation`` rows of organisations that came to a meeting ``actor`` may
    see."""
    meetings = visible(actor, Meeting.objects.all()).values("pk")
    return MeetingOrganisation._base_manager.filter(attendance=Attendance.CAME,
                                                    meeting__in=meetings)


def annotate_stages(actor: Actor, organisations: models.QuerySet) -> models.QuerySet:
    """``organisations`` with ``network_stage`` (0: no meeting attended, else a
    ``NetworkStage`` value), ``meetings_attended`` (int) and ``last_attended_on`` (date or
    None): three correlated subqueries, one index range each per listed row, so a list page
    costs the same number of queries however long it is."""
    rows = attended(actor).filter(organisation=OuterRef("pk")).order_by()
    stage = rows.annotate(stage=_stage_of_meeting()).order_by("-stage").values("stage")[:1]
    count = rows.values("organisation").annotate(n=Count("pk")).values("n")
    last = rows.values("organisation").annotate(last=Max("meeting__held_on")).values("last")
    return organisations.annotate(
        network_stage=Coalesce(Subquery(stage), Value(0)),
        meetings_attended=Coalesce(Subquery(count), Value(0)),
        last_attended_on=Subquery(last),
    )


@dataclass(frozen=True)
class StageSummary:
    """What the organisation page shows: the ``stage`` reached (None before any meeting), the
    number of meetings attended and the date of the last one."""

    stage: NetworkStage | None
    meetings_attended: int
    last_attended_on: object


def organisation_stage(actor: Actor, organisation) -> StageSummary | None:
    """The ``StageSummary`` of one organisation for ``actor``; None when the actor may see no
    meeting at all (the page then says nothing of meetings). One query."""
    if not can(actor, Action.VIEW, Meeting):
        return None
    row = (annotate_stages(actor, type(organisation)._base_manager.filter(pk=organisation.pk))
           .values("network_stage", "meetings_attended", "last_attended_on").first())
    if row is None:
        return None
    stage = NetworkStage(row["network_stage"]) if row["network_stage"] else None
    return StageSummary(stage, row["meetings_attended"], row["last_attended_on"])
