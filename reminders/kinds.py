"""The reminder kinds of the apps built so far (issue 12 "Reminders"). Each reads one
municipality (inside its scope) and yields :class:`~reminders.registry.Due` items; the sweep
writes them. Settings (``coordinator/settings/base.py``): ``LINCHPIN_REMINDER_DUE_SOON_DAYS``,
``LINCHPIN_VERIFY_AFTER_DAYS``, ``LINCHPIN_QUIET_AFTER_DAYS`` (each municipality may set its own:
``QuietIntervals``), ``LINCHPIN_REVIEW_NOTICE_DAYS``,
``LINCHPIN_CONCERN_ANSWER_DAYS``."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import ActionPlanVersion, Indicator
from coordinator.policies import ADMINISTRATION, ASSESSMENT, MEMORANDA
from crisis.models import CheckIn, IncidentStatus
from engagement.models import Commitment, Concern, Interaction
from networks.models import Community, Organisation, Person
from sharing.models import Agreement, AgreementState
from vetting.models import CLEARED_OUTCOMES, Assessment, AssessmentStatus, Memorandum

from .registry import Due, iso_week, register
from .services import quiet_after_days


def _month(day) -> str:
    return f"{day:%Y-%m}"


@register("commitment", _("Commitments coming due or overdue"))
def commitments(sweep):
    """Open commitments due within ``LINCHPIN_REMINDER_DUE_SOON_DAYS`` (7) days: once per due
    date, then weekly while overdue (002 step 4 "never overpromise"; 001 "Reciprocity"). To
    the owner, else the coordinators."""
    today = sweep.today
    rows = (Commitment.objects.due_within(settings.LINCHPIN_REMINDER_DUE_SOON_DAYS, today)
            .values_list("pk", "owner_id", "due_on", "description"))
    for pk, owner_id, due_on, description in rows:
        period = f"due:{due_on:%Y-%m-%d}" if due_on >= today else iso_week(today)
        for user_id in sweep.owner_or(owner_id, sweep.coordinators):
            yield Due(user_id, (Commitment, pk), due_on, period, description[:200])


@register("community_unverified", _("Communities to verify"))
def unverified_communities(sweep):
    """Communities not verified within ``LINCHPIN_VERIFY_AFTER_DAYS`` (002 step 1: mapping is
    continuous). Monthly, to the point of contact, else the coordinators."""
    days = settings.LINCHPIN_VERIFY_AFTER_DAYS
    rows = (Community.objects.not_verified_since(days)
            .values_list("pk", "point_of_contact_id", "last_verified_on", "created_at", "name"))
    for pk, contact_id, verified_on, created_at, name in rows:
        since = verified_on or created_at.date()
        for user_id in sweep.owner_or(contact_id, sweep.coordinators):
            yield Due(user_id, (Community, pk), since + timedelta(days=days),
                      _month(sweep.today), name[:200])


def last_interaction_on():
    """The date of an organisation's latest interaction, as a correlated subquery on the
    interactions' organisation link (one index lookup per organisation)."""
    through = Interaction.organisations.through
    return Subquery(
        through.objects.filter(organisation_id=OuterRef("pk")).order_by()
        .values("organisation_id").annotate(last=Max("interaction__occurred_on")).values("last")[:1]
    )


def last_contact_with_person():
    """The date of a person's latest interaction (a correlated subquery, as for organisations)."""
    through = Interaction.people.through
    return Subquery(
        through.objects.filter(person_id=OuterRef("pk")).order_by()
        .values("person_id").annotate(last=Max("interaction__occurred_on")).values("last")[:1]
    )


@register("relationship_quiet", _("Relationships going quiet"), titles_in_email=True)
def quiet_relationships(sweep):
    """Organisations, and key figures, whose last interaction (or, never contacted, their
    creation) is older than the relationship's own ``quiet_after_days``, else the
    municipality's interval for the engagement level (a key figure's: their organisation's;
    dialogue without one), else ``LINCHPIN_QUIET_AFTER_DAYS`` (:func:`services.quiet_after_days`).
    003 "Don'ts": do not leave your network alone, feed it. Monthly, to the coordinators.
    Three queries."""
    if not sweep.coordinators:
        return
    limits = quiet_after_days(sweep.municipality.pk)
    organisations = (
        Organisation.objects.filter(Q(engagement_level__in=list(limits))
                                    | Q(quiet_after_days__isnull=False))
        .annotate(last=last_interaction_on())
        .values_list("pk", "engagement_level", "quiet_after_days", "last", "created_at", "name"))
    people = (
        Person.objects.filter(is_key_figure=True).annotate(last=last_contact_with_person())
        .values_list("pk", "organisation__engagement_level", "quiet_after_days", "last",
                     "created_at", "name"))
    for model, rows in ((Organisation, organisations), (Person, people)):
        for pk, level, own_days, last, created_at, name in rows:
            days = own_days or limits.get(level or "dialogue")
            if days is None:
                continue
            due_on = (last or created_at.date()) + timedelta(days=days)
            if due_on > sweep.today:
                continue
            for user_id in sweep.coordinators:
                yield Due(user_id, (model, pk), due_on, _month(sweep.today), name[:200])


def _review_window(sweep):
    """Dates from a quarter ago to ``LINCHPIN_REVIEW_NOTICE_DAYS`` ahead: reaching the date,
    or passed not long ago."""
    return (sweep.today - timedelta(days=90),
            sweep.today + timedelta(days=settings.LINCHPIN_REVIEW_NOTICE_DAYS))


@register("assessment_review", _("Assessments reaching their review date"), titles_in_email=True)
def assessment_reviews(sweep):
    """Cleared assessments whose review date comes within the notice (001 "Vetting
    procedures": a clearance is valid until its review). Once per review date, to whoever
    decided it, else the assessors and municipal admins."""
    rows = (Assessment.objects.filter(status=AssessmentStatus.DECIDED,
                                      outcome__in=CLEARED_OUTCOMES,
                                      review_on__range=_review_window(sweep))
            .values_list("pk", "decided_by_id", "review_on", "organisation__name"))
    fallback = sweep.holders(ASSESSMENT)
    for pk, decided_by, review_on, name in rows:
        for user_id in sweep.owner_or(decided_by, fallback):
            yield Due(user_id, (Assessment, pk), review_on, f"review:{review_on:%Y-%m-%d}",
                      name[:200])


@register("memorandum_review", _("Memoranda reaching their review date"), titles_in_email=True)
def memorandum_reviews(sweep):
    """Memoranda of understanding whose review date comes within the notice (000 lesson 5.5).
    Once per review date, to whoever drew it up, else the assessors, coordinators and admins."""
    rows = (Memorandum.objects.filter(review_on__range=_review_window(sweep))
            .values_list("pk", "created_by_id", "review_on", "organisation__name"))
    fallback = sweep.holders(MEMORANDA)
    for pk, created_by, review_on, name in rows:
        for user_id in sweep.owner_or(created_by, fallback):
            yield Due(user_id, (Memorandum, pk), review_on, f"review:{review_on:%Y-%m-%d}",
                      name[:200])


@register("agreement_review", _("Sharing agreements to review or ending"), titles_in_email=True)
def agreement_reviews(sweep):
    """Active information-sharing agreements whose next review or end date comes within the
    notice (004 "Information sharing"). Once per date, to the municipal admins, whose
    agreements they are."""
    window = _review_window(sweep)
    admins = sweep.holders(ADMINISTRATION)
    if not admins:
        return
    rows = (Agreement.objects.filter(state=AgreementState.ACTIVE)
            .filter(Q(review_on__range=window) | Q(ends_on__range=window))
            .values_list("pk", "review_on", "ends_on", "title"))
    for pk, review_on, ends_on, title in rows:
        for label, day in (("review", review_on), ("end", ends_on)):
            if day is not None and window[0] <= day <= window[1]:
                for user_id in admins:
                    yield Due(user_id, (Agreement, pk), day, f"{label}:{day:%Y-%m-%d}",
                              title[:200])


@register("concern_unanswered", _("Concerns waiting for an answer"))
def unanswered_concerns(sweep):
    """Concerns open or passed on for more than ``LINCHPIN_CONCERN_ANSWER_DAYS`` days (002
    step 4: concerns are answered and reported back, or trust is lost). Weekly, to the
    concern's owner, else the coordinators."""
    days = settings.LINCHPIN_CONCERN_ANSWER_DAYS
    rows = (Concern.objects.unresolved().filter(raised_on__lte=sweep.today - timedelta(days=days))
            .values_list("pk", "owner_id", "raised_on", "topic"))
    for pk, owner_id, raised_on, topic in rows:
        for user_id in sweep.owner_or(owner_id, sweep.coordinators):
            yield Due(user_id, (Concern, pk), raised_on + timedelta(days=days),
                      iso_week(sweep.today), topic[:200])


@register("check_in_unanswered", _("Crisis check-ins not answered"))
def unanswered_check_ins(sweep):
    """Check-ins of incidents still open that are unanswered after their incident's chase time
    (002 "Step 5": check the concerns, needs and fears of the communities). Daily while it
    lasts, to the responsible user, else the coordinators; the e-mail counts them and names
    nobody (``crisis.tasks.chase_check_ins`` chases them every quarter of an hour)."""
    now = timezone.now()
    rows = (CheckIn.objects.waiting().exclude(incident__status=IncidentStatus.CLOSED)
            .values_list("pk", "responsible_id", "asked_at", "incident__chase_after_hours",
                         "organisation__name", "person__name"))
    for pk, responsible_id, asked_at, hours, organisation, person in rows:
        chase_from = asked_at + timedelta(hours=hours)
        if chase_from > now:
            continue
        for user_id in sweep.owner_or(responsible_id, sweep.coordinators):
            yield Due(user_id, (CheckIn, pk), timezone.localtime(chase_from).date(),
                      f"day:{sweep.today:%Y-%m-%d}", (organisation or person or "")[:200])


@register("indicator_unmeasured", _("Indicators to measure"), titles_in_email=True)
def unmeasured_indicators(sweep):
    """Indicators of each plan's newest version, with a measuring interval, whose latest
    measurement (or, never measured, the version's creation) is older than it (000 lesson 5.3:
    interventions are followed with indicators). Monthly, to the coordinators."""
    if not sweep.coordinators:
        return
    newest = (ActionPlanVersion.objects.filter(plan=OuterRef("version__plan"))
              .order_by("-number").values("pk")[:1])
    rows = (Indicator.objects.filter(measure_every_days__isnull=False,
                                     version=Subquery(newest))
            .annotate(last=Max("measurements__measured_on"))
            .values_list("pk", "measure_every_days", "last", "version__created_at",
                         "description"))
    for pk, days, last, created_at, description in rows:
        due_on = (last or created_at.date()) + timedelta(days=days)
        if due_on > sweep.today:
            continue
        for user_id in sweep.coordinators:
            yield Due(user_id, (Indicator, pk), due_on, _month(sweep.today), description[:200])

