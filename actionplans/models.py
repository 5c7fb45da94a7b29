"""The local action plan (004 "A local action plan for PVE/CVE: seven elements").

Shape: a municipality has ``ActionPlan``s; a plan has numbered ``ActionPlanVersion``s in the
states draft -> in consultation -> approved -> superseded. At most one version of a plan is in
force (approved) and at most one is open (draft or in consultation) at a time; both rules are
database constraints as well as service rules (``actionplans.services``).

The seven elements are structured content, never one text box:

- single-valued answers (the extent of the problem, the vision, the coordination process...)
  are fields of the version, grouped per element in ``ELEMENT_FIELDS``;
- lists (risk factors, goals, sponsors, definitions, key organisations, partner roles,
  interventions, indicators, measurements...) are ``VersionItem`` rows, grouped per element in
  ``ELEMENT_ITEMS``.

An approved (or superseded) version is frozen: saving or deleting anything in it raises
``FrozenVersionError`` in the model layer, whatever the caller. Editing starts a new draft, a
deep copy (``services.new_draft_from``). Every item carries a ``key`` that the copy keeps, so
two versions can be compared item by item (``services.compare_versions``).
"""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords

from coordinator.concurrency import Versioned
from coordinator.languages import short_date
from coordinator.tenancy import MunicipalityScopedModel, scoped_manager


def format_number(value) -> str:
    """A Decimal without trailing zeros: 120.00 -> "120", 12.50 -> "12.5"."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class FrozenVersionError(PermissionDenied):
    """Raised when anything in an approved or superseded version would change. Subclasses
    ``PermissionDenied`` so that a view that forgets to check answers 403, never 500."""


class Element(models.IntegerChoices):
    """The seven elements "at the very least" of a local action plan (004)."""

    REGIONAL_ANALYSIS = 1, _("Regional analysis")
    STRATEGY_AND_GOALS = 2, _("Strategy and goals")
    POLITICAL_SUPPORT = 3, _("Political support")
    DEFINITIONS = 4, _("Definitions")
    LOCAL_NETWORK = 5, _("Local network")
    MULTI_AGENCY_COOPERATION = 6, _("Conditions for multi-agency cooperation")
    INTERVENTIONS = 7, _("Interventions")


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_CONSULTATION = "in_consultation", _("In consultation")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


FROZEN_STATES = frozenset({VersionState.APPROVED, VersionState.SUPERSEDED})
OPEN_STATES = frozenset({VersionState.DRAFT, VersionState.IN_CONSULTATION})


class PreventionLevel(models.TextChoices):
    """The prevention triangle (004 "Prevention framework")."""

    GENERAL = "general", _("General prevention (society at large)")
    SPECIFIC = "specific", _("Specific prevention (groups and individuals at risk)")
    INDIVIDUAL = "individual", _("Individual prevention (radicalised individuals)")


#: Short labels of the prevention levels, for narrow table columns.
PREVENTION_LEVEL_SHORT = {
    PreventionLevel.GENERAL: _("General"),
    PreventionLevel.SPECIFIC: _("Specific"),
    PreventionLevel.INDIVIDUAL: _("Individual"),
}


class GoalScope(models.TextChoices):
    """004 "Strategy and goals": make clear for every goal whether it is general or specific."""

    GENERAL = "general", _("General goal")
    SPECIFIC = "specific", _("Specific goal")


class Urgency(models.TextChoices):
    LOW = "low", _("Low: keep watching")
    MEDIUM = "medium", _("Medium: act this year")
    HIGH = "high", _("High: act now")


class FactorKind(models.TextChoices):
    RISK = "risk", _("Risk factor")
    PROTECTIVE = "protective", _("Protective factor")


class SourceKind(models.TextChoices):
    """004 "Sources of information"."""

    CIVIL_SOCIETY = "civil_society", _("Civil society")
    FRONTLINE_STAFF = "frontline_staff", _("Frontline staff")
    NATIONAL_DATA = "national_data", _("National data and overviews")
    OTHER = "other", _("Other")


class SponsorOffice(models.TextChoices):
    """004 element 3: mayor, prefect or leader of the local council."""

    MAYOR = "mayor", _("Mayor")
    PREFECT = "prefect", _("Prefect")
    COUNCIL_LEADER = "council_leader", _("Leader of the local council")
    ALDERMAN = "alderman", _("Alderman or deputy mayor")
    OTHER = "other", _("Other")


class IndicatorKind(models.TextChoices):
    """000 lesson 5.3: output targets (e.g. participants) are not impact (behaviour changed)."""

    OUTPUT = "output", _("Output (what was delivered)")
    IMPACT = "impact", _("Impact (what changed)")


class ActionPlan(MunicipalityScopedModel):
    """A local action plan of one municipality; its content lives in its versions."""

    title = models.CharField(_("title"), max_length=200)
    #: The language the plan is written in: its PDF is rendered in it, and tagged with it
    #: (``<html lang>``, the PDF's /Lang) for screen readers. New plans take the
    #: municipality's default (``save``).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True,
        help_text=_("The language the plan is written in: its PDF is made in this language."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "title"], name="unique_plan_title")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actionplans:plan_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if not self.language:
            self.language = self.municipality.default_language
        super().save(*args, **kwargs)

    @property
    def document_language(self) -> str:
        """The language of the plan's documents: its own, else ``LANGUAGE_CODE``."""
        return self.language or settings.LANGUAGE_CODE

    def in_force(self):
        """The approved version, or None."""
        return self.versions.filter(state=VersionState.APPROVED).first()

    def open_version(self):
        """The draft or in-consultation version, or None."""
        return self.versions.filter(state__in=OPEN_STATES).first()


#: Single-valued content of each element, as fields of ActionPlanVersion (004).
ELEMENT_FIELDS: dict[int, tuple[str, ...]] = {
    Element.REGIONAL_ANALYSIS: (
        "analysis_extent", "analysis_risks", "signs_right_wing", "signs_left_wing",
        "signs_religious", "urgency", "urgency_explanation",
    ),
    Element.STRATEGY_AND_GOALS: ("vision", "reasons", "strategy_fit"),
    Element.POLITICAL_SUPPORT: (),
    Element.DEFINITIONS: (),
    Element.LOCAL_NETWORK: (),
    Element.MULTI_AGENCY_COOPERATION: (
        "coordination_process", "overall_coordinator", "coordinator_organisation",
        "sharing_agreements", "sharing_evaluation",
    ),
    Element.INTERVENTIONS: (),
}
CONTENT_FIELDS = tuple(f for fields in ELEMENT_FIELDS.values() for f in fields)


class ActionPlanVersion(Versioned, MunicipalityScopedModel):
    """One numbered version of a plan, with the single-valued answers of the seven elements.

    States (issue 4): draft and in consultation are editable; approved (by a municipal admin,
    with the council decision reference) and superseded are frozen. Raises
    ``FrozenVersionError`` on any change to a frozen version other than approved -> superseded.
    """

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=20, choices=VersionState.choices, default=VersionState.DRAFT
    )
    based_on = models.ForeignKey(
        "self", verbose_name=_("based on"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="successors",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_to_consultation_at = models.DateTimeField(
        _("sent to consultation on"), null=True, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True)
    council_decision_reference = models.CharField(
        _("council decision reference"), max_length=120, blank=True,
        help_text=_("The reference of the decision by which the council adopted the plan."),
    )
    superseded_at = models.DateTimeField(_("superseded on"), null=True, blank=True)

    # Element 1: regional analysis (004 "Local analyses: mapping the situation").
    analysis_extent = models.TextField(
        _("extent of the (potential) problem"), blank=True,
        help_text=_("What is the extent of the (potential) extremism problem here?"),
    )
    analysis_risks = models.TextField(_("risks"), blank=True)
    signs_right_wing = models.TextField(
        _("signs of right-wing extremism"), blank=True,
        help_text=_("Describe behaviour, not who people are. Write \"none observed\" if so."),
    )
    signs_left_wing = models.TextField(
        _("signs of left-wing extremism"), blank=True,
        help_text=_("Describe behaviour, not who people are. Write \"none observed\" if so."),
    )
    signs_religious = models.TextField(
        _("signs of religiously inspired extremism"), blank=True,
        help_text=_("Describe behaviour, not who people are. Write \"none observed\" if so."),
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, blank=True)
    urgency_explanation = models.TextField(_("why this urgency"), blank=True)

    # Element 2: strategy and goals.
    vision = models.TextField(
        _("vision"), blank=True,
        help_text=_("The shared vision: why preventing polarisation, radicalisation and violent "
                    "extremism matters here."),
    )
    reasons = models.TextField(_("reasons specific to this place"), blank=True)
    strategy_fit = models.TextField(
        _("fit with the regional and national approach"), blank=True
    )

    # Element 6c: coordination; 6d: information sharing.
    coordination_process = models.TextField(
        _("process of cooperation"), blank=True,
        help_text=_("How the partners work together: meetings, case consultation, escalation."),
    )
    overall_coordinator = models.CharField(
        _("overall coordinator"), max_length=200, blank=True,
        help_text=_("One person, accepted by all partners as the coordinator."),
    )
    coordinator_organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("coordinator's organisation"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="+",
    )
    sharing_agreements = models.TextField(
        _("information-sharing agreements"), blank=True,
        help_text=_("The agreements and protocols the sharing relies on. Until they are recorded "
                    "in Linchpin, name them here."),
    )
    sharing_evaluation = models.TextField(
        _("evaluation of the sharing"), blank=True,
        help_text=_("Is the right information shared on time, and handled as agreed?"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_id", "-number"]
        verbose_name = _("action plan version")
        verbose_name_plural = _("action plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version_number"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(state="approved"), name="one_approved_version_per_plan"
            ),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(state__in=["draft", "in_consultation"]),
                name="one_open_version_per_plan",
            ),
        ]

    def __str__(self):
        return str(_("%(plan)s, version %(number)s") % {"plan": self.plan, "number": self.number})

    def get_absolute_url(self):
        return reverse("actionplans:version_detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.state in FROZEN_STATES

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def refuse_if_frozen(self):
        """Raise ``FrozenVersionError`` if this version may no longer change."""
        if self.is_frozen:
            raise FrozenVersionError(self._frozen_message(self.state))

    def _frozen_message(self, state):
        return _("Version %(number)s is %(state)s and cannot be changed; start a new draft.") % {
            "number": self.number, "state": VersionState(state).label.lower()}

    def save(self, *args, **kwargs):
        if self.plan_id and not self.municipality_id:
            self.municipality_id = self.plan.municipality_id
        if self.pk:
            self._refuse_frozen_changes()
        super().save(*args, **kwargs)

    def _refuse_frozen_changes(self):
        """A frozen row may only move from approved to superseded (with its date)."""
        names = [f.attname for f in self._meta.concrete_fields if f.attname not in (
            "id", "updated_at", "state", "superseded_at", "lock_version")]
        stored = type(self).objects.filter(pk=self.pk).values("state", *names).first()
        if stored is None or stored["state"] not in FROZEN_STATES:
            return
        changed = [n for n in names if getattr(self, n) != stored[n]]
        state_ok = self.state == stored["state"] or (
            stored["state"] == VersionState.APPROVED and self.state == VersionState.SUPERSEDED
        )
        if changed or not state_ok:
            raise FrozenVersionError(self._frozen_message(stored["state"]))

    def delete(self, *args, **kwargs):
        self.refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.coordinator_organisation_id and (
            self.coordinator_organisation.municipality_id != self.municipality_id
        ):
            raise ValidationError(
                {"coordinator_organisation": _("Choose an organisation of this municipality.")}
            )


class VersionItem(Versioned):
    """Base of every list item of an element. ``key`` survives the copy to a new draft, so the
    same item can be followed across versions. Saving or deleting an item of a frozen version
    raises ``FrozenVersionError``."""

    element: int = 0
    #: Fields compared between versions and shown in the comparison (in order).
    compare_fields: tuple[str, ...] = ()

    version = models.ForeignKey(
        ActionPlanVersion, on_delete=models.CASCADE, related_name="+", editable=False
    )
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField(_("order"), default=0)

    objects = scoped_manager(models.QuerySet, lookup="version__municipality")

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def save(self, *args, **kwargs):
        self.version.refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.version.refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def _same_municipality(self, field):
        """Raise ``ValidationError`` on ``field`` (a foreign key to a municipality-scoped record)
        when it points into another municipality. An empty field passes: whether it is required
        is the field's own check. Reads the ``_id`` first: reading an unset non-null relation
        raises ``RelatedObjectDoesNotExist`` (a server error on a row with a reason but no
        organisation, issue 8)."""
        if getattr(self, self._meta.get_field(field).attname) is None:
            return
        value = getattr(self, field)
        if value.municipality_id != self.version.municipality_id:
            raise ValidationError({field: _("Choose an organisation of this municipality.")})


# Element 1: regional analysis ------------------------------------------------------------

class AnalysisFactor(VersionItem):
    """A risk or protective factor (004 tip: map the strengths, not only the weaknesses)."""

    element = Element.REGIONAL_ANALYSIS
    compare_fields = ("kind", "description")

    kind = models.CharField(_("kind"), max_length=12, choices=FactorKind.choices)
    description = models.CharField(_("factor"), max_length=300)
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("risk or protective factor")
        verbose_name_plural = _("risk and protective factors")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description}"


class InsideHelper(VersionItem):
    """The "good guys" working from within a community (004 tip)."""

    element = Element.REGIONAL_ANALYSIS
    compare_fields = ("who", "contribution", "organisation")

    who = models.CharField(_("who"), max_length=200)
    contribution = models.TextField(_("how they help"), blank=True)
    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("person or group working from within")
        verbose_name_plural = _("people or groups working from within")

    def __str__(self):
        return self.who

    def clean(self):
        self._same_municipality("organisation")


class AnalysisSource(VersionItem):
    """A source used for the analysis (004 "Sources of information")."""

    element = Element.REGIONAL_ANALYSIS
    compare_fields = ("kind", "description")

    kind = models.CharField(_("kind of source"), max_length=20, choices=SourceKind.choices)
    description = models.CharField(_("source"), max_length=300)
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description}"


class FigureTable(VersionItem):
    """A small table of figures (004 tip: visualise the analysis with tables). ``columns`` is a
    list of headings; ``rows`` a list of lists of cell texts, each as long as ``columns``."""

    element = Element.REGIONAL_ANALYSIS
    compare_fields = ("title", "columns", "rows", "source_note")

    title = models.CharField(_("title"), max_length=200)
    columns = models.JSONField(_("column headings"), default=list)
    rows = models.JSONField(_("rows"), default=list)
    source_note = models.CharField(_("source of the figures"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("table of figures")
        verbose_name_plural = _("tables of figures")

    def __str__(self):
        return self.title

    def clean(self):
        if not self.columns:
            raise ValidationError({"columns": _("Give at least one column heading.")})
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValidationError(
                    {"rows": _("Every row needs %(n)s cells.") % {"n": len(self.columns)}}
                )


# Element 2: strategy and goals -----------------------------------------------------------

class ProtectionAim(VersionItem):
    """Who should be protected against what (004 "Strategy and goals"), e.g. the youth against
    recruitment, society against polarisation."""

    element = Element.STRATEGY_AND_GOALS
    compare_fields = ("who", "against_what")

    who = models.CharField(_("who is protected"), max_length=200)
    against_what = models.CharField(_("against what"), max_length=200)
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("who is protected against what")
        verbose_name_plural = _("who is protected against what")

    def __str__(self):
        return str(_("%(who)s against %(what)s") % {"who": self.who, "what": self.against_what})


class Goal(VersionItem):
    """A goal, general or specific, at one level of the prevention triangle (004)."""

    element = Element.STRATEGY_AND_GOALS
    compare_fields = ("description", "scope", "prevention_level")

    description = models.CharField(_("goal"), max_length=300)
    scope = models.CharField(_("general or specific"), max_length=10, choices=GoalScope.choices)
    prevention_level = models.CharField(
        _("prevention level"), max_length=12, choices=PreventionLevel.choices
    )
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.description

    @property
    def level_short(self):
        return PREVENTION_LEVEL_SHORT.get(self.prevention_level, "")


# Element 3: political support ------------------------------------------------------------

class PoliticalSponsor(VersionItem):
    """A political sponsor of the plan (004 element 3), what they endorsed and when."""

    element = Element.POLITICAL_SUPPORT
    compare_fields = ("name", "office", "endorsed", "endorsed_on")

    name = models.CharField(_("name"), max_length=160)
    office = models.CharField(_("office"), max_length=20, choices=SponsorOffice.choices)
    endorsed = models.TextField(_("what they endorsed"))
    endorsed_on = models.DateField(_("endorsed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("political sponsor")
        verbose_name_plural = _("political sponsors")

    def __str__(self):
        return f"{self.name} ({self.get_office_display()})"


class ResourceCommitment(VersionItem):
    """Resources committed to the plan: without them the interventions go unfunded (004)."""

    element = Element.POLITICAL_SUPPORT
    compare_fields = ("description", "amount_eur", "period", "committed_by")

    description = models.CharField(_("resource"), max_length=300)
    amount_eur = models.DecimalField(
        _("amount (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],  # money committed is never negative (issue 8)
    )
    period = models.CharField(_("period"), max_length=80, blank=True)
    committed_by = models.CharField(_("committed by"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("resource committed")
        verbose_name_plural = _("resources committed")

    def __str__(self):
        return self.description


# Element 4: definitions ------------------------------------------------------------------

#: The terms 004 element 4 asks every plan to define, in English (``gettext_noop``: a plan in
#: another language defines them in its own words; see ``services.completeness``).
CORE_TERMS = (gettext_noop("radicalisation"), gettext_noop("violent extremism"),
              gettext_noop("polarisation"))


class Definition(VersionItem):
    """A term, its local definition and types, and the local wording used instead (004
    "Terminology and language are very important": e.g. "safeguarding", "social cohesion")."""

    element = Element.DEFINITIONS
    compare_fields = ("term", "local_definition", "types", "local_wording")

    term = models.CharField(_("term"), max_length=120)
    local_definition = models.TextField(_("local definition"))
    types = models.TextField(_("types"), blank=True)
    local_wording = models.CharField(
        _("wording used locally instead"), max_length=200, blank=True,
        help_text=_("E.g. \"safeguarding\" or \"social cohesion\", if it works better here."),
    )
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("definition")
        verbose_name_plural = _("definitions")

    def __str__(self):
        return self.term


# Element 5: local network ----------------------------------------------------------------

class KeyOrganisation(VersionItem):
    """A key organisation of the local network with the reason and aim of the cooperation
    (002 step 3; 004 element 5). The network itself is read live from ``networks``."""

    element = Element.LOCAL_NETWORK
    compare_fields = ("organisation", "reason", "aim")

    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason for the cooperation"))
    aim = models.TextField(_("aim of the cooperation"))
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("key organisation")
        verbose_name_plural = _("key organisations")

    def __str__(self):
        return str(self.organisation)

    def clean(self):
        self._same_municipality("organisation")


# Element 6: conditions for multi-agency cooperation --------------------------------------

class SharedSubGoal(VersionItem):
    """6a: a sub-goal on which all partners agree."""

    element = Element.MULTI_AGENCY_COOPERATION
    compare_fields = ("description",)

    description = models.CharField(_("shared sub-goal"), max_length=300)
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("shared sub-goal")
        verbose_name_plural = _("shared sub-goals")

    def __str__(self):
        return self.description


class PartnerRole(VersionItem):
    """6b: a partner's role, mandate and tasks, with the named people (004 tip: write down the
    names of your partners, not only their organisation)."""

    element = Element.MULTI_AGENCY_COOPERATION
    compare_fields = ("organisation", "role", "mandate", "tasks", "people")

    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("partner"), on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=200)
    mandate = models.TextField(_("mandate"), blank=True)
    tasks = models.TextField(_("tasks"), blank=True)
    people = models.ManyToManyField(
        "networks.Person", verbose_name=_("named people"), blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[people])

    class Meta(VersionItem.Meta):
        verbose_name = _("partner role")
        verbose_name_plural = _("partner roles")

    def __str__(self):
        return f"{self.organisation}: {self.role}"

    def clean(self):
        self._same_municipality("organisation")


class SharedInformation(VersionItem):
    """6d: a kind of information that is shared, by whom, with whom and under which rules."""

    element = Element.MULTI_AGENCY_COOPERATION
    compare_fields = ("information", "held_by", "shared_with", "rules")

    information = models.CharField(_("information"), max_length=200)
    held_by = models.ForeignKey(
        "networks.Organisation", verbose_name=_("held by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    shared_with = models.CharField(_("shared with"), max_length=300, blank=True)
    rules = models.TextField(
        _("why, when and how"), blank=True,
        help_text=_("Need-to-know: the purpose, and what happens to it once shared."),
    )
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("information shared")
        verbose_name_plural = _("information shared")

    def __str__(self):
        return self.information

    def clean(self):
        self._same_municipality("held_by")


# Element 7: interventions ----------------------------------------------------------------

class Intervention(VersionItem):
    """An intervention of a partner, from training to individual programmes (004 element 7)."""

    element = Element.INTERVENTIONS
    compare_fields = (
        "title", "description", "responsible", "target_group", "prevention_level", "goal",
    )

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        "networks.Organisation", verbose_name=_("responsible partner"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    prevention_level = models.CharField(
        _("prevention level"), max_length=12, choices=PreventionLevel.choices
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal served"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="interventions",
    )
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self):
        return self.title

    @property
    def level_short(self):
        return PREVENTION_LEVEL_SHORT.get(self.prevention_level, "")

    def clean(self):
        self._same_municipality("responsible")
        if self.goal_id and self.goal.version_id != self.version_id:
            raise ValidationError({"goal": _("Choose a goal of this version.")})


class Indicator(VersionItem):
    """An indicator of an intervention, output or impact (000 lesson 5.3)."""

    element = Element.INTERVENTIONS
    compare_fields = ("intervention", "kind", "description", "unit", "baseline", "target",
                      "measure_every_days")

    intervention = models.ForeignKey(
        Intervention, verbose_name=_("intervention"), on_delete=models.CASCADE,
        related_name="indicators",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    description = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    #: How often it is measured; the reminders sweep reminds when a measurement is late.
    measure_every_days = models.PositiveSmallIntegerField(
        _("measure every (days)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)])
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.description

    def save(self, *args, **kwargs):
        if self.intervention_id and not self.version_id:
            self.version = self.intervention.version
        super().save(*args, **kwargs)


class IndicatorMeasurement(VersionItem):
    """A value measured for an indicator on a date: the values over time."""

    element = Element.INTERVENTIONS
    compare_fields = ("indicator", "measured_on", "value", "note")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
        related_name="measurements",
    )
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta(VersionItem.Meta):
        ordering = ["measured_on", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self):
        day = short_date(self.measured_on)
        return f"{self.indicator}: {format_number(self.value)} ({day})"

    def save(self, *args, **kwargs):
        if self.indicator_id and not self.version_id:
            self.version = self.indicator.version
        super().save(*args, **kwargs)


#: Every item model, in copy order (a model comes after the models its item FKs point to).
ITEM_MODELS: tuple[type[VersionItem], ...] = (
    AnalysisFactor, InsideHelper, AnalysisSource, FigureTable,
    ProtectionAim, Goal,
    PoliticalSponsor, ResourceCommitment,
    Definition,
    KeyOrganisation,
    SharedSubGoal, PartnerRole, SharedInformation,
    Intervention, Indicator, IndicatorMeasurement,
)
ELEMENT_ITEMS: dict[int, tuple[type[VersionItem], ...]] = {
    element: tuple(m for m in ITEM_MODELS if m.element == element) for element in Element.values
}


# Co-creation (004 "Co-create") -----------------------------------------------------------

class SectionOpening(MunicipalityScopedModel):
    """A section (element) of a version opened by the coordinator to chosen partner
    organisations for comment."""

    version = models.ForeignKey(
        ActionPlanVersion, verbose_name=_("version"), on_delete=models.CASCADE,
        related_name="openings",
    )
    element = models.PositiveSmallIntegerField(_("section"), choices=Element.choices)
    organisations = models.ManyToManyField(
        "networks.Organisation", verbose_name=_("opened to"), related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    opened_at = models.DateTimeField(_("opened on"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[organisations])

    class Meta:
        ordering = ["version", "element"]
        verbose_name = _("section opened for comment")
        verbose_name_plural = _("sections opened for comment")
        constraints = [
            models.UniqueConstraint(fields=["version", "element"], name="one_opening_per_section")
        ]

    def __str__(self):
        return f"{self.version} – {self.get_element_display()}"

    def save(self, *args, **kwargs):
        self.municipality_id = self.version.municipality_id
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SectionComment(MunicipalityScopedModel):
    """A comment on one section of a version; a reply has a ``parent`` (threads are one level
    deep: replies to a reply attach to the thread's first comment). The coordinator resolves a
    thread by resolving its first comment."""

    version = models.ForeignKey(
        ActionPlanVersion, verbose_name=_("version"), on_delete=models.CASCADE,
        related_name="comments",
    )
    element = models.PositiveSmallIntegerField(_("section"), choices=Element.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("in reply to"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("on behalf of"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved on"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.body[:60]

    def save(self, *args, **kwargs):
        self.municipality_id = self.version.municipality_id
        super().save(*args, **kwargs)

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


# PDF export ------------------------------------------------------------------------------

class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def _export_path(instance, filename):
    return f"actionplans/exports/{instance.municipality_id}/{uuid.uuid4().hex}.pdf"


class PlanExport(MunicipalityScopedModel):
    """A PDF of one version, generated by the Celery task ``render_plan_pdf``. The file is
    served only through the permission-checked download view, never from MEDIA_URL."""

    version = models.ForeignKey(
        ActionPlanVersion, verbose_name=_("version"), on_delete=models.CASCADE,
        related_name="exports",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=_export_path, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("PDF export")
        verbose_name_plural = _("PDF exports")

    def __str__(self):
        return str(_("PDF of %(version)s") % {"version": self.version})

    def get_absolute_url(self):
        return reverse("actionplans:export_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.municipality_id = self.version.municipality_id
        super().save(*args, **kwargs)

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def download_name(self) -> str:
        from django.utils.text import slugify

        return f"{slugify(self.version.plan.title)}-v{self.version.number}.pdf"
