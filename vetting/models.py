"""Assessing partners (vetting): step 3 of the engagement process, "Selecting partners"
(002 step 3; 001 "Vetting procedures"; 000 lesson 5.4).

In everything a partner sees this is called "assessing partners" (001: the word vetting
stigmatises). Dialogue is open to every organisation; collaboration, partnership and municipal
funding need a current, cleared assessment (the gate, see ``vetting.services``).

Confidentiality: assessments are the most confidential records in Linchpin. Who may see what is
decided in one place, :func:`assessment_access` (and the querysets built on it): assessors and
municipal admins of the municipality see the content; coordinators see the state, outcome and
review date only; everybody else sees nothing.
"""

import enum
import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordinator.access import Action, Actor, can
from coordinator.concurrency import Versioned
from coordinator.languages import short_date
from coordinator.tenancy import MunicipalityScopedModel, ScopedQuerySet, scoped_manager
from networks.models import EngagementLevel

# --------------------------------------------------------------------------- access policy


class AssessmentAccess(enum.IntEnum):
    """How much of the assessments of a municipality a membership may see."""

    NONE = 0  #: partner professionals, community representatives (portal), no membership
    STATUS = 1  #: coordinators: state, outcome and review date, nothing else
    CONTENT = 2  #: assessors and municipal admins: everything, and they act on assessments


def assessment_access(membership) -> AssessmentAccess:
    """How much of its own municipality's assessments ``membership`` (or None) may see, read
    from the access policy (``coordinator.access.POLICIES``): the content to those who may view
    assessments, the status to those who may view memoranda of understanding."""
    actor = Actor(None, membership)
    if can(actor, Action.VIEW, "vetting.assessment"):
        return AssessmentAccess.CONTENT
    if can(actor, Action.VIEW, "vetting.memorandum"):
        return AssessmentAccess.STATUS
    return AssessmentAccess.NONE


# --------------------------------------------------------------------------- criteria


#: The criteria from the papers, seeded for every municipality on first use (see
#: ``services.ensure_default_criteria``). Tuples of (key, wording, help).
DEFAULT_CRITERIA = [
    ("funding", _("Sources of funding"),
     _("Who funds the organisation, and how? Look into the funding it "
       "receives.")),
    ("media", _("Media mentions, website and press releases"),
     _("When and how has the organisation been mentioned in the media? Look at its website, "
       "press releases etc.")),
    ("ideology_mission", _("Ideology and mission"),
     _("What are its ideology and mission, its interests, activities and political "
       "agenda?")),
    ("members_followers", _("Members and followers locally"),
     _("Who are the main members and followers of the organisation in the local "
       "community?")),
    ("pluralism", _("View on pluralism"),
     _("What is the organisation's view on pluralism?")),
    ("community_role", _("Role in the community and whom it represents"),
     _("What role does the organisation or its representative play in the local community, "
       "and whom do they represent?")),
    ("track_record", _("Track record in preventing extremism"),
     _("What have they already done about preventing radicalisation and countering violent "
       "extremism? Previous experiences of working with them.")),
    ("statements", _("Extremist or polarising statements"),
     _("Any extremist or polarising statements by the organisation or the people leading it. "
       "The assessment covers all forms of extremism.")),
    ("leadership", _("Leadership"),
     _("Who leads the organisation, and how are decisions taken?")),
    ("integrity", _("Integrity of the individuals responsible"),
     _("Integrity of the individuals responsible for the organisation: funding groups with a "
       "poor reputation can jeopardise a wider project. Be transparent about this and say why "
       "it is needed.")),
    ("democratic_values", _("Subscription to democratic values"),
     _("A precondition, especially when funding is involved: for example a signed charter "
       "such as Copenhagen's Charter for Democratic Values.")),
]


class CriterionQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(retired=False)


class AssessmentCriterion(Versioned, MunicipalityScopedModel):
    """One criterion of the municipality's list. A municipality adapts its list without code:
    add, reword, retire (002 step 3: "standard procedure with clear criteria", 001 Finland).
    An assessment copies the wording when it is opened, so rewording changes no past record."""

    key = models.SlugField(_("key"), max_length=60)
    wording = models.CharField(_("criterion"), max_length=200)
    help = models.TextField(_("guidance for the assessor"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    retired = models.BooleanField(
        _("retired"), default=False,
        help_text=_("Retired criteria are not used in new assessments; past assessments keep "
                    "them."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager(CriterionQuerySet)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="unique_criterion_key")
        ]

    def __str__(self):
        return self.wording


# --------------------------------------------------------------------------- assessments


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


OPEN_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.IN_REVIEW)


class Outcome(models.TextChoices):
    CLEARED = "cleared", _("Cleared")
    CLEARED_WITH_CONDITIONS = "cleared_with_conditions", _("Cleared with conditions")
    NOT_CLEARED = "not_cleared", _("Not cleared")


CLEARED_OUTCOMES = (Outcome.CLEARED, Outcome.CLEARED_WITH_CONDITIONS)


class InformedHow(models.TextChoices):
    """How the organisation was informed (transparency, 001)."""

    IN_PERSON = "in_person", _("In person")
    MEETING = "meeting", _("In a meeting")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")


class AssessmentQuerySet(ScopedQuerySet):
    def visible_to(self, membership):
        """Assessments whose *content* ``membership`` may read: those of its own municipality,
        for assessors and municipal admins; nothing for anyone else."""
        if assessment_access(membership) < AssessmentAccess.CONTENT:
            return self.none()
        return self.filter(municipality_id=membership.municipality_id)

    def status_visible_to(self, membership):
        """Assessments whose state, outcome and review date ``membership`` may see (coordinators
        too). Views showing these rows must show nothing else of them."""
        if assessment_access(membership) < AssessmentAccess.STATUS:
            return self.none()
        return self.filter(municipality_id=membership.municipality_id)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def decided_ever(self):
        """Assessments that received a decision (also those withdrawn or expired since)."""
        return self.filter(decided_at__isnull=False)

    def current_clearances(self, today=None):
        """Decided, cleared (with or without conditions), review date not passed. Note that a
        later decision supersedes an earlier one: use :func:`latest_decision_subquery` /
        ``services.current_clearance`` to ask about an organisation."""
        today = today or timezone.localdate()
        return self.filter(
            status=AssessmentStatus.DECIDED, outcome__in=CLEARED_OUTCOMES, review_on__gte=today
        )

    def due_to_expire(self, today=None):
        """Decided assessments whose review date has passed (``review_on < today``)."""
        today = today or timezone.localdate()
        return self.filter(status=AssessmentStatus.DECIDED, review_on__lt=today)


def latest_decision_subquery(organisation_ref="pk"):
    """Subquery: pk of the organisation's most recent decided-at-some-point assessment."""
    return Subquery(
        Assessment.objects.filter(organisation=OuterRef(organisation_ref), decided_at__isnull=False)
        .order_by("-decided_at", "-pk")
        .values("pk")[:1]
    )


def with_clearance(organisations, today=None):
    """Annotate an ``Organisation`` queryset with ``has_current_clearance`` (bool): its latest
    decision is a clearance whose review date has not passed. One query for any number of rows."""
    today = today or timezone.localdate()
    return organisations.annotate(_latest_decision=latest_decision_subquery()).annotate(
        has_current_clearance=Exists(
            Assessment.objects.current_clearances(today).filter(pk=OuterRef("_latest_decision"))
        )
    )


def needs_clearance_q():
    """Q over ``Organisation``: the level or funding that needs a current clearance."""
    return Q(engagement_level__in=GATED_LEVELS) | Q(receives_municipal_funding=True)


def out_of_compliance(organisations, today=None):
    """The organisations at collaboration/partnership or with municipal funding but without a
    current clearance (derived, never stored: the level is not silently lowered)."""
    return with_clearance(organisations.filter(needs_clearance_q()), today).filter(
        has_current_clearance=False
    )


#: Engagement levels that need a current clearance (002 step 3; 001).
GATED_LEVELS = (EngagementLevel.COLLABORATION, EngagementLevel.PARTNERSHIP)
LEVEL_RANK = {
    EngagementLevel.DIALOGUE: 0, EngagementLevel.COLLABORATION: 1, EngagementLevel.PARTNERSHIP: 2
}


class Assessment(MunicipalityScopedModel):
    """An assessment of one organisation ("assessing partners", 001; 002 step 3).

    Never the first step: it is opened only for an organisation with a logged interaction.
    States: draft -> in_review -> decided (cleared / cleared with conditions / not cleared);
    draft or in_review -> withdrawn; decided -> withdrawn (the clearance is withdrawn) or
    expired (the review date passed). In review it can go back to draft. Every transition is a
    function in ``vetting.services``; never change ``status`` directly.
    Four-eyes: whoever prepared or submitted it cannot decide it.
    """

    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="assessments",
    )
    status = models.CharField(
        _("state"), max_length=16, choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    purpose = models.TextField(
        _("objective of the collaboration"), blank=True,
        help_text=_("Why the municipality wants to work more closely with this organisation: the "
                    "objective and the change pursued."),
    )
    level_envisaged = models.CharField(
        _("level envisaged"), max_length=16,
        choices=[(lv.value, lv.label) for lv in GATED_LEVELS],
        default=EngagementLevel.COLLABORATION,
    )
    funding_envisaged = models.BooleanField(
        _("funding envisaged"), default=False,
        help_text=_("When funding is involved, assessing partners is a must."),
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    # Transparency (001): informed of the procedure and criteria before review...
    procedure_informed_on = models.DateField(
        _("informed of the procedure and criteria on"), null=True, blank=True)
    procedure_informed_how = models.CharField(
        _("informed how"), max_length=16, choices=InformedHow.choices, blank=True)
    procedure_informed_notes = models.TextField(_("notes"), blank=True)
    # ...and of the outcome, also when negative.
    outcome_informed_on = models.DateField(_("informed of the outcome on"), null=True, blank=True)
    outcome_informed_how = models.CharField(
        _("informed how"), max_length=16, choices=InformedHow.choices, blank=True)
    outcome_informed_notes = models.TextField(_("notes"), blank=True)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    review_on = models.DateField(
        _("review date"), null=True, blank=True,
        help_text=_("The clearance is valid up to and including this date."),
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = scoped_manager(AssessmentQuerySet)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(status__in=["draft", "in_review"]),
                name="one_open_assessment_per_organisation",
            ),
        ]

    def __str__(self):
        return str(_("Assessment of %(organisation)s (%(opened)s)") % {
            "organisation": self.organisation,
            "opened": short_date(self.opened_at)})

    def get_absolute_url(self):
        return reverse("vetting:assessment_detail", args=[self.pk])

    def clean(self):
        if self.organisation_id and self.organisation.municipality_id != self.municipality_id:
            raise ValidationError(
                {"organisation": _("Choose an organisation of this municipality.")})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_clearance(self) -> bool:
        return self.outcome in CLEARED_OUTCOMES

    def is_current_clearance(self, today=None) -> bool:
        """Decided, cleared and the review date not passed. (Whether a later decision
        supersedes it is a question about the organisation: ``services.current_clearance``.)"""
        today = today or timezone.localdate()
        return (
            self.status == AssessmentStatus.DECIDED and self.is_clearance
            and self.review_on is not None and self.review_on >= today
        )

    @property
    def outcome_informed_missing(self) -> bool:
        return self.decided_at is not None and self.outcome_informed_on is None


class Rating(models.TextChoices):
    MEETS = "meets", _("Meets the criterion")
    QUESTIONS = "questions", _("Questions remain")
    DOES_NOT_MEET = "does_not_meet", _("Does not meet the criterion")
    NOT_ASSESSABLE = "not_assessable", _("Could not be assessed")


class AssessmentFinding(Versioned):
    """One criterion of one assessment, its wording copied when the assessment was opened."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="findings")
    criterion = models.ForeignKey(
        AssessmentCriterion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    key = models.SlugField(_("key"), max_length=60)
    wording = models.CharField(_("criterion"), max_length=200)
    help = models.TextField(_("guidance"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    findings = models.TextField(_("findings"), blank=True)
    sources = models.TextField(
        _("sources"), blank=True,
        help_text=_("Links, documents and references, cross-checked. One per line."),
    )
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices, blank=True)
    history = HistoricalRecords()

    objects = scoped_manager(models.QuerySet, lookup="assessment__municipality")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "key"], name="unique_finding_key")
        ]

    def __str__(self):
        return self.wording

    @property
    def is_complete(self) -> bool:
        return bool(self.rating and self.findings.strip())


# --------------------------------------------------------------------------- evidence

#: Allowed evidence files: extension -> content type. Checked against the file's first bytes.
EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".txt": "text/plain",
}
EVIDENCE_MAX_BYTES_DEFAULT = 10 * 1024 * 1024


def evidence_max_bytes() -> int:
    return getattr(settings, "LINCHPIN_EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES_DEFAULT)


def evidence_upload_to(instance, filename):
    """A non-guessable name under ``MEDIA_ROOT/private/assessments/``: 32 random hex
    characters and the (lower-case) extension; the original name is kept in the database."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"private/assessments/{secrets.token_hex(16)}{suffix}"


class EvidenceFile(models.Model):
    """A document attached to an assessment. Served only by ``vetting:evidence_download``
    (permission-checked, as an attachment, not cached); never under a public media URL."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager(models.QuerySet, lookup="assessment__municipality")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name

    def get_download_url(self):
        return reverse("vetting:evidence_download", args=[self.pk])


# --------------------------------------------------------------------------- memorandum


class Memorandum(MunicipalityScopedModel):
    """The memorandum of understanding that concludes a clearance (001, Finland: "concluded
    with a formal memorandum of understanding outlining the benefits for all parties")."""

    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="memoranda",
    )
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("following the assessment"), on_delete=models.PROTECT,
        related_name="memoranda",
    )
    parties = models.TextField(_("parties"), help_text=_("Who signs, on behalf of whom."))
    purpose = models.TextField(_("purpose"))
    benefits = models.TextField(
        _("benefits for all parties"),
        help_text=_("What each party gains: the partnership is an equal one."),
    )
    municipality_commitments = models.TextField(_("commitments of the municipality"))
    organisation_commitments = models.TextField(_("commitments of the organisation"))
    starts_on = models.DateField(_("start date"))
    review_on = models.DateField(_("review date"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("memorandum of understanding")
        verbose_name_plural = _("memoranda of understanding")

    def __str__(self):
        return str(_("Memorandum with %(organisation)s from %(start)s") % {
            "organisation": self.organisation,
            "start": short_date(self.starts_on)})

    def get_absolute_url(self):
        return reverse("vetting:memorandum_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.organisation_id and self.organisation.municipality_id != self.municipality_id:
            errors["organisation"] = _("Choose an organisation of this municipality.")
        if self.assessment_id:
            if self.assessment.organisation_id != self.organisation_id:
                errors["assessment"] = _("The assessment is of another organisation.")
            elif not self.assessment.is_clearance or self.assessment.decided_at is None:
                errors["assessment"] = _(
                    "A memorandum concludes a clearance: this assessment did not clear the "
                    "organisation.")
        if self.starts_on and self.review_on:
            if self.review_on <= self.starts_on:
                errors["review_on"] = _("The review date must come after the start date.")
            elif (self.assessment_id and self.assessment.review_on
                  and self.review_on > self.assessment.review_on):
                errors["review_on"] = _(
                    "Review the memorandum no later than the assessment (%(date)s).") % {
                        "date": short_date(self.assessment.review_on)}
        if errors:
            raise ValidationError(errors)


# --------------------------------------------------------------------------- compliance


class ComplianceAlert(MunicipalityScopedModel):
    """An organisation at collaboration/partnership or with funding whose clearance ended
    (expired, withdrawn, or superseded by a negative decision). The level is not lowered
    silently: the alert stays open, and the organisation shows as out of compliance, until
    someone decides (a new clearance, or a lower level / no funding). Its coordinators are
    told once per alert (``notified_at``)."""

    organisation = models.ForeignKey(
        "networks.Organisation", on_delete=models.CASCADE, related_name="compliance_alerts")
    raised_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("compliance alert")
        verbose_name_plural = _("compliance alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(resolved_at__isnull=True),
                name="one_open_compliance_alert_per_organisation",
            ),
        ]

    def __str__(self):
        return str(_("%(organisation)s: decision needed") % {"organisation": self.organisation})
