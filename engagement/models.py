"""The engagement process (002): the municipality's preconditions, the logged interactions and
the commitments made to communities. Layer 3: imports ``coordinator`` and refers to ``networks``
models by name; nothing below imports this module.

The models moved here from ``coordinator`` and keep their tables (``coordinator_*``): the move
changed the migration state only (``engagement/migrations/0001_initial.py``)."""

from datetime import date, timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordinator.concurrency import Versioned
from coordinator.languages import short_date
from coordinator.models import Municipality
from coordinator.tenancy import MunicipalityScopedModel, ScopedQuerySet, scoped_manager

#: The app that created the tables; their names are kept so the move needs no database change.
OLD_TABLE_PREFIX = "coordinator"


class KeptTableHistoricalRecords(HistoricalRecords):
    """``HistoricalRecords`` whose many-to-many history models keep their ``coordinator_*``
    tables. simple_history offers ``table_name`` for the history model itself but no option for
    the history models of ``m2m_fields`` (``HistoricalInteraction_people``, ...), whose default
    table would follow the new app label."""

    def get_meta_options_m2m(self, through_model):
        options = super().get_meta_options_m2m(through_model)
        name = self.get_history_model_name(through_model).lower()
        options["db_table"] = f"{OLD_TABLE_PREFIX}_{name}"
        return options


class PreconditionsQuerySet(ScopedQuerySet):
    def with_goal_terms(self):
        """Annotates ``has_short_term_goal`` and ``has_long_term_goal`` (goals not dropped), so
        :attr:`Preconditions.is_complete` needs no further query."""
        short, long = _goal_terms()
        return self.annotate(has_short_term_goal=short, has_long_term_goal=long)

    def complete(self):
        """The preconditions that are complete, :attr:`Preconditions.is_complete` as a filter:
        the dashboard counts them with its other counts instead of reading the record
        (issue 8)."""
        return self.exclude(effects_wanted="").filter(
            Q(budget_eur__isnull=False) | Q(staff_hours_per_month__gt=0), *_goal_terms())


@cache
def _goal_terms() -> tuple[Exists, Exists]:
    """Whether the preconditions row has a short-term goal, and a long-term one, not dropped:
    built once per process (they depend on nothing but the row, ``OuterRef``; a queryset that
    uses an expression resolves a copy of it), as building them costs more than the query
    that uses them on the dashboard (issue 8)."""
    def has(term):
        return Exists(PreconditionGoal._base_manager.filter(
            preconditions=OuterRef("pk"), term=term).exclude(status=GoalStatus.DROPPED))

    return has(GoalTerm.SHORT), has(GoalTerm.LONG)


class Preconditions(MunicipalityScopedModel):
    """The municipality's preconditions for community engagement, anchored internally before any
    contact (002 step 1 "Preparations": effects wanted, measurable goals, honest resources).
    The short- and long-term goals are items of their own (:class:`PreconditionGoal`), each
    with a target and a periodic review (002 step 4 "update objectives")."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="preconditions"
    )
    effects_wanted = models.TextField(_("effects wanted"), blank=True)
    budget_eur = models.DecimalField(
        _("budget (EUR per year)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],  # a budget is never negative (issue 8)
    )
    staff_hours_per_month = models.PositiveIntegerField(
        _("staff hours per month"), null=True, blank=True
    )
    resources_notes = models.TextField(
        _("resources, honestly stated"), blank=True,
        help_text=_("What is really available, and what is not (never overpromise)."),
    )
    history = HistoricalRecords(table_name="coordinator_historicalpreconditions")

    objects = scoped_manager(PreconditionsQuerySet)

    class Meta:
        db_table = "coordinator_preconditions"
        verbose_name = _("preconditions for community engagement")
        verbose_name_plural = _("preconditions for community engagement")

    def __str__(self):
        return str(_("Preconditions of %(municipality)s") % {"municipality": self.municipality})

    @property
    def is_complete(self) -> bool:
        """Effects wanted, at least one short-term and one long-term goal that is not dropped,
        and some resources (002 step 1); :meth:`PreconditionsQuerySet.complete` is the same
        test in SQL. Reads ``has_short_term_goal``/``has_long_term_goal``
        when the queryset annotated them (:meth:`PreconditionsQuerySet.with_goal_terms`), else
        one query."""
        if not (self.effects_wanted and (self.budget_eur is not None
                                         or self.staff_hours_per_month)):
            return False
        if hasattr(self, "has_short_term_goal"):
            return bool(self.has_short_term_goal and self.has_long_term_goal)
        if self.pk is None:
            return False
        terms = set(self.goals.exclude(status=GoalStatus.DROPPED).values_list("term", flat=True))
        return {GoalTerm.SHORT, GoalTerm.LONG} <= terms


class GoalTerm(models.TextChoices):
    SHORT = "short", _("Short term")
    LONG = "long", _("Long term")


class GoalStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class PreconditionGoalQuerySet(ScopedQuerySet):
    def review_overdue(self, today: date | None = None):
        """Goals in progress whose next review date has passed (default: the local date)."""
        today = today or timezone.localdate()
        return self.filter(status=GoalStatus.IN_PROGRESS, next_review_on__lt=today)


class PreconditionGoal(Versioned, MunicipalityScopedModel):
    """One measurable goal of the preconditions, short- or long-term (002 step 1.1
    "Preparations": the effects wanted broken into measurable short-term and long-term goals),
    reviewed every ``review_interval_days`` (002 step 4: "update objectives"). Output targets
    and real impact are different things (000 lesson 5.3): the target says which is meant."""

    preconditions = models.ForeignKey(
        Preconditions, verbose_name=_("preconditions"), on_delete=models.CASCADE,
        related_name="goals",
    )
    term = models.CharField(_("term"), max_length=8, choices=GoalTerm.choices)
    goal = models.TextField(_("goal"))
    target = models.CharField(
        _("measurable target"), max_length=300, blank=True,
        help_text=_("How you will know it is reached: a number, a date, a change people can "
                    "see."),
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Optional: the number to reach, when the target is counted."),
    )
    due_on = models.DateField(_("to be reached by"), null=True, blank=True)
    review_interval_days = models.PositiveSmallIntegerField(
        _("review every (days)"), default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
    )
    next_review_on = models.DateField(
        _("next review"), null=True, blank=True,
        help_text=_("Set by each review; empty: one interval from today."),
    )
    status = models.CharField(_("status"), max_length=16, choices=GoalStatus.choices,
                              default=GoalStatus.IN_PROGRESS)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager(PreconditionGoalQuerySet)

    class Meta:
        ordering = ["term", "pk"]
        verbose_name = _("goal of the preconditions")
        verbose_name_plural = _("goals of the preconditions")
        indexes = [
            # The dashboard's "review due" list: the goals in progress by review date.
            models.Index(fields=["municipality", "status", "next_review_on", "id"],
                         name="goal_municipality_review"),
        ]

    def __str__(self):
        return self.goal

    def get_absolute_url(self):
        return reverse("goal_detail", args=[self.pk])

    def clean(self):
        if self.preconditions_id and self.preconditions.municipality_id != self.municipality_id:
            raise ValidationError(_("Goals belong to the preconditions of this municipality."))

    def save(self, *args, **kwargs):
        if self.next_review_on is None and self.review_interval_days:
            self.next_review_on = timezone.localdate() + timedelta(days=self.review_interval_days)
        super().save(*args, **kwargs)

    @property
    def review_overdue(self) -> bool:
        return (self.status == GoalStatus.IN_PROGRESS and self.next_review_on is not None
                and self.next_review_on < timezone.localdate())


class GoalReview(MunicipalityScopedModel):
    """A periodic review of a goal's progress (002 step 4 "update objectives"): what moved,
    how far (a percentage, or the value measured against the target), and when to look again.
    Recorded through :func:`engagement.goals.record_review`, which moves the goal's next
    review date."""

    goal = models.ForeignKey(PreconditionGoal, verbose_name=_("goal"), on_delete=models.CASCADE,
                             related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    progress = models.TextField(_("progress"))
    percent_done = models.PositiveSmallIntegerField(
        _("done (%)"), null=True, blank=True, validators=[MaxValueValidator(100)])
    measured_value = models.DecimalField(
        _("value measured"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)])
    next_review_on = models.DateField(
        _("next review"), null=True, blank=True,
        help_text=_("Empty: one review interval after this review."))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("goal review")
        verbose_name_plural = _("goal reviews")
        indexes = [models.Index(fields=["goal", "-reviewed_on", "-id"], name="goalreview_goal_date")]

    def __str__(self):
        return str(_("Review of %(date)s") % {"date": self.reviewed_on})

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.reviewed_on and self.reviewed_on > today:
            errors["reviewed_on"] = _("A review cannot be recorded in the future.")
        if self.next_review_on and self.reviewed_on and self.next_review_on <= self.reviewed_on:
            errors["next_review_on"] = _("The next review comes after this one.")
        if errors:
            raise ValidationError(errors)
        if self.goal_id and self.goal.municipality_id != self.municipality_id:
            raise ValidationError(_("Choose a goal of this municipality."))


class InteractionKind(models.TextChoices):
    COMMUNITY_EVENT = "community_event", _("Visit to a community event")
    ONE_ON_ONE = "one_on_one", _("One-on-one talk")
    PHONE_CALL = "phone_call", _("Phone call")
    MEETING = "meeting", _("Meeting")
    ONLINE = "online", _("Online")


#: The label of each kind (``get_kind_display()`` without rebuilding the choices).
_INTERACTION_KINDS = dict(InteractionKind.choices)


class InteractionQuerySet(ScopedQuerySet):
    def this_month(self, today: date | None = None):
        """Interactions of the calendar month of ``today`` (default: the local date). A date
        range, not ``__year``/``__month``: ``EXTRACT(MONTH ...)`` cannot use the (municipality,
        date) index, so it read the whole year of a city (issue 8)."""
        today = today or timezone.localdate()
        first = today.replace(day=1)
        next_first = (first + timedelta(days=31)).replace(day=1)
        return self.filter(occurred_on__gte=first, occurred_on__lt=next_first)


class Interaction(Versioned, MunicipalityScopedModel):
    """A logged contact (002 step 2 "Establishing contact": start by listening; the
    community's agenda comes first). Records what was heard, not a PCVE agenda."""

    kind = models.CharField(_("kind of contact"), max_length=32, choices=InteractionKind.choices)
    occurred_on = models.DateField(_("date"))
    community = models.ForeignKey(
        "networks.Community", verbose_name=_("community"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="interactions",
    )
    people = models.ManyToManyField(
        "networks.Person", verbose_name=_("people involved"), blank=True, related_name="interactions",
        db_table="coordinator_interaction_people",
    )
    organisations = models.ManyToManyField(
        "networks.Organisation", verbose_name=_("organisations involved"), blank=True,
        related_name="interactions", db_table="coordinator_interaction_organisations",
    )
    needs_heard = models.TextField(_("needs heard"), blank=True)
    interests_heard = models.TextField(_("interests heard"), blank=True)
    concerns_heard = models.TextField(
        _("concerns heard"), blank=True,
        help_text=_("Parking, housing, traffic safety are legitimate first topics."),
    )
    follow_up = models.TextField(_("follow-up"), blank=True)
    asked_of_community = models.BooleanField(
        _("we asked the community for something"), default=False,
        help_text=_("Tick when the municipality asked something of the community (time, "
                    "information, help, a place to meet): asks are weighed against what we "
                    "gave back."),
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = KeptTableHistoricalRecords(
        m2m_fields=[people, organisations], table_name="coordinator_historicalinteraction"
    )

    objects = scoped_manager(InteractionQuerySet)

    class Meta:
        db_table = "coordinator_interaction"
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            # The list's and the dashboard's order inside a municipality, and "this month": an
            # index range instead of sorting a city's 100,000 interactions (issue 8). The notes
            # have no trigram index: a search reads the municipality's interactions newest first
            # and stops at the bounded count (coordinator.pagination).
            models.Index(fields=["municipality", "-occurred_on", "-id"],
                         name="interaction_municipality_date"),
            # A partner whose agreement is limited to some communities (issue 7): their list
            # and its count filter ``community_id IN (...)``; an index-only count, and the page
            # from the matching rows alone. Migration 0006 adds, on PostgreSQL, the statistics
            # that tell the planner a community lies in one municipality.
            models.Index(fields=["municipality", "community", "-occurred_on", "-id"],
                         name="interaction_community_date"),
        ]

    def __str__(self):
        subject = self.community or _("the network")
        # The date in the reader's language (strftime's "%b" is always English).
        day = short_date(self.occurred_on)
        # get_kind_display() rebuilds the choices each time: ten times the cost (issue 8).
        kind = _INTERACTION_KINDS.get(self.kind, self.kind)
        return f"{kind} – {subject} – {day}"

    def get_absolute_url(self):
        return reverse("interaction_detail", args=[self.pk])

    def clean(self):
        if self.occurred_on and self.occurred_on > timezone.localdate():
            raise ValidationError({"occurred_on": _("An interaction cannot be logged in the future.")})
        if self.community_id and self.community.municipality_id != self.municipality_id:
            raise ValidationError({"community": _("Choose a community of this municipality.")})


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DELIVERED = "delivered", _("Delivered")
    DROPPED = "dropped", _("Dropped")


class CommitmentQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status=CommitmentStatus.OPEN)

    def due_within(self, days: int, today: date | None = None):
        """Open commitments due on or before ``today + days`` (overdue ones included)."""
        today = today or timezone.localdate()
        return self.open().filter(due_on__lte=today + timedelta(days=days))


class Commitment(Versioned, MunicipalityScopedModel):
    """Something the municipality promised. Reciprocity: underdelivering destroys trust, so
    every promise is tracked to delivery or to an explained drop (002 step 4 "never
    overpromise"; 001 "Reciprocity")."""

    description = models.CharField(_("what was promised"), max_length=300)
    made_to = models.CharField(_("made to"), max_length=200, help_text=_("To whom the promise was made."))
    community = models.ForeignKey(
        "networks.Community", verbose_name=_("community"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="commitments",
    )
    #: The organisation the promise was made to: its representatives follow it in the portal.
    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="commitments",
        help_text=_("The organisation the promise was made to: its representatives follow it in "
                    "the portal."),
    )
    interaction = models.ForeignKey(
        Interaction, verbose_name=_("made during"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="commitments",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible in the authority"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    due_on = models.DateField(_("due by"))
    status = models.CharField(
        _("status"), max_length=16, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    dropped_reason = models.TextField(_("reason for dropping"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords(table_name="coordinator_historicalcommitment")

    objects = scoped_manager(CommitmentQuerySet)

    class Meta:
        db_table = "coordinator_commitment"
        ordering = ["due_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [
            # The list's order inside a municipality (issue 8)...
            models.Index(fields=["municipality", "due_on", "id"], name="commitment_municipality_due"),
            # ...and the same per status: the open ones coming due (dashboard, ?status=open).
            models.Index(fields=["municipality", "status", "due_on", "id"],
                         name="commitment_municipality_status"),
            # The promises to one organisation (the portal, the organisation's page).
            models.Index(fields=["organisation", "due_on", "id"],
                         name="commitment_organisation_due"),
        ]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return reverse("commitment_detail", args=[self.pk])

    def clean(self):
        if self.status == CommitmentStatus.DROPPED and not self.dropped_reason.strip():
            raise ValidationError(
                {"dropped_reason": _("Say why the commitment was dropped: the community will ask.")}
            )
        if self.community_id and self.community.municipality_id != self.municipality_id:
            raise ValidationError({"community": _("Choose a community of this municipality.")})
        if self.organisation_id and self.organisation.municipality_id != self.municipality_id:
            raise ValidationError({"organisation": _(
                "Choose an organisation of this municipality.")})

    def save(self, *args, **kwargs):
        if self.status == CommitmentStatus.OPEN:
            self.closed_on = None
        elif self.closed_on is None:
            self.closed_on = timezone.localdate()
        super().save(*args, **kwargs)

    @property
    def is_overdue(self) -> bool:
        return self.status == CommitmentStatus.OPEN and self.due_on < timezone.localdate()


class ConcernState(models.TextChoices):
    """Where a concern stands: heard, passed to whoever can act, answered, the answer taken back
    to the community, closed (002 step 4 "Dialogue and collaboration": concerns are answered
    and reported back, or trust is lost)."""

    OPEN = "open", _("Open")
    ROUTED = "routed", _("Passed on")
    ANSWERED = "answered", _("Answered")
    REPORTED_BACK = "reported_back", _("Reported back")
    CLOSED = "closed", _("Closed")


#: The states of a concern still waiting for an answer.
WAITING_STATES = (ConcernState.OPEN, ConcernState.ROUTED)
#: The states in which a concern has an answer (with its date).
ANSWERED_STATES = (ConcernState.ANSWERED, ConcernState.REPORTED_BACK)


class ConcernQuerySet(ScopedQuerySet):
    def unresolved(self):
        """Concerns not yet answered: open or passed on."""
        return self.filter(state__in=WAITING_STATES)


class Concern(Versioned, MunicipalityScopedModel):
    """A need, interest or concern heard from a community, followed until it is answered and
    the answer is reported back (002 "Setting the agenda": parking, housing, traffic safety are
    legitimate first topics; 001 "Reciprocity and sustainability"). Raised in an interaction,
    a meeting (the meeting's agenda links it) or, later, the portal."""

    community = models.ForeignKey(
        "networks.Community", verbose_name=_("community"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="concerns",
    )
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("what was said"), blank=True)
    raised_on = models.DateField(_("raised on"), default=timezone.localdate)
    raised_by_organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("raised by (organisation)"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="concerns_raised",
    )
    raised_by_person = models.ForeignKey(
        "networks.Person", verbose_name=_("raised by (person)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="concerns_raised",
    )
    interaction = models.ForeignKey(
        Interaction, verbose_name=_("heard during"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="concerns",
    )
    routed_to_department = models.CharField(
        _("passed on to (department)"), max_length=200, blank=True)
    routed_to_organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("passed on to (partner organisation)"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns_routed",
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    reported_back_on = models.DateField(_("reported back on"), null=True, blank=True)
    reported_back_how = models.CharField(_("reported back how"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=ConcernState.choices,
                             default=ConcernState.OPEN)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible in the authority"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager(ConcernQuerySet)

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        indexes = [
            models.Index(fields=["municipality", "-raised_on", "-id"],
                         name="concern_municipality_date"),
            models.Index(fields=["municipality", "state", "-raised_on", "-id"],
                         name="concern_municipality_state"),
            # A community's concerns (its page, the list filtered by community, reciprocity).
            models.Index(fields=["municipality", "community", "-raised_on", "-id"],
                         name="concern_community_date"),
        ]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("concern_detail", args=[self.pk])

    @property
    def is_waiting(self) -> bool:
        """Open or passed on: nobody has answered yet."""
        return self.state in WAITING_STATES

    def clean(self):
        """The state agrees with the dates and texts, and every related record is of this
        municipality. A concern is answered with an answer and its date; reported back with the
        date and the way the answer reached the community; closed without an answer only with
        the reason in ``answer`` (the community will ask, 002 step 4 "never overpromise").
        Raises ``ValidationError`` keyed by field."""
        errors = {}
        self._check_municipality(errors)
        self._check_dates(errors)
        self._check_state(errors)
        if errors:
            raise ValidationError(errors)

    def _check_municipality(self, errors):
        related = {
            "community": self.community if self.community_id else None,
            "raised_by_organisation": (self.raised_by_organisation
                                       if self.raised_by_organisation_id else None),
            "raised_by_person": self.raised_by_person if self.raised_by_person_id else None,
            "routed_to_organisation": (self.routed_to_organisation
                                       if self.routed_to_organisation_id else None),
            "interaction": self.interaction if self.interaction_id else None,
        }
        for name, record in related.items():
            if record is not None and record.municipality_id != self.municipality_id:
                errors[name] = _("Choose a record of this municipality.")

    def _check_dates(self, errors):
        today = timezone.localdate()
        for name in ("raised_on", "answered_on", "reported_back_on"):
            value = getattr(self, name)
            if value is not None and value > today:
                errors.setdefault(name, _("This date is in the future."))
        if self.raised_on and self.answered_on and self.answered_on < self.raised_on:
            errors.setdefault("answered_on", _("The answer cannot come before the concern was "
                                               "raised."))
        if self.answered_on and self.reported_back_on and self.reported_back_on < self.answered_on:
            errors.setdefault("reported_back_on", _("The answer cannot be reported back before "
                                                    "it was given."))
        if self.reported_back_on and not self.answered_on:
            errors.setdefault("answered_on", _("Say when the answer was given that was reported "
                                               "back."))

    def _check_state(self, errors):
        state = self.state
        if state == ConcernState.ROUTED and not (
                self.routed_to_department.strip() or self.routed_to_organisation_id):
            errors.setdefault("routed_to_department", _(
                "Say to which department or partner organisation it was passed on."))
        if state in ANSWERED_STATES or (state == ConcernState.CLOSED and self.answered_on):
            if not self.answer.strip():
                errors.setdefault("answer", _("Write down the answer."))
            if not self.answered_on:
                errors.setdefault("answered_on", _("Say when it was answered."))
        if state == ConcernState.REPORTED_BACK:
            if not self.reported_back_on:
                errors.setdefault("reported_back_on", _("Say when the answer was reported back."))
            if not self.reported_back_how.strip():
                errors.setdefault("reported_back_how", _(
                    "Say how the answer reached the community."))
        if state == ConcernState.CLOSED and not self.answer.strip():
            errors.setdefault("answer", _(
                "Say why it is closed without an answer: the community will ask."))
        if state in WAITING_STATES and (self.answered_on or self.reported_back_on):
            errors.setdefault("state", _(
                "It has an answer date: choose “Answered” or a later state, or clear the date."))
        if state == ConcernState.ANSWERED and self.reported_back_on:
            errors.setdefault("state", _(
                "It was reported back: choose “Reported back” or “Closed”, or clear the date."))
