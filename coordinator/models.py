"""Tenancy (municipalities, memberships, roles) and the engagement process (002): the
municipality's preconditions, logged interactions and the commitments made to communities."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .tenancy import MunicipalityScopedModel, ScopedQuerySet


class Municipality(models.Model):
    """A local authority: the tenant. Every domain record belongs to exactly one."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), unique=True)
    country = models.CharField(_("country"), max_length=80)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    ASSESSOR = "assessor", _("Assessor")
    MUNICIPAL_ADMIN = "municipal_admin", _("Municipal admin")
    PARTNER_PROFESSIONAL = "partner_professional", _("Partner professional")
    COMMUNITY_REPRESENTATIVE = "community_representative", _("Community representative")


#: Roles that use the staff workspace; community representatives use the portal only.
STAFF_ROLES = frozenset(
    {Role.COORDINATOR, Role.ASSESSOR, Role.MUNICIPAL_ADMIN, Role.PARTNER_PROFESSIONAL}
)
#: Roles that read and edit the networks and the engagement process (least privilege: partner
#: professionals wait for information-sharing agreements, 004).
NETWORK_ROLES = frozenset({Role.COORDINATOR, Role.MUNICIPAL_ADMIN, Role.ASSESSOR})
NETWORK_EDITOR_ROLES = frozenset({Role.COORDINATOR, Role.MUNICIPAL_ADMIN})


class Membership(models.Model):
    """A user's role in one municipality. A user may belong to several municipalities."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="memberships",
        help_text=_("For partner professionals and community representatives."),
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="one_role_per_municipality")
        ]
        verbose_name = _("membership")

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.municipality}"

    def clean(self):
        if self.organisation_id and self.organisation.municipality_id != self.municipality_id:
            raise ValidationError({"organisation": _("The organisation belongs to another municipality.")})

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


class EngagementStep(models.IntegerChoices):
    """The five steps of community engagement (002, "Five steps"; 001 figure 1). Not a wizard:
    a community may go back a step."""

    PREPARATIONS = 1, _("1. Preparations and mapping")
    ESTABLISHING_CONTACT = 2, _("2. Establishing contact")
    SELECTING_PARTNERS = 3, _("3. Selecting partners")
    DIALOGUE_AND_COLLABORATION = 4, _("4. Dialogue and collaboration")
    RESPONDING_TO_A_CRISIS = 5, _("5. Responding to a crisis")


class Preconditions(MunicipalityScopedModel):
    """The municipality's preconditions for community engagement, anchored internally before any
    contact (002 step 1 "Preparations": effects wanted, measurable goals, honest resources)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="preconditions"
    )
    effects_wanted = models.TextField(_("effects wanted"), blank=True)
    short_term_goals = models.TextField(
        _("short-term measurable goals"), blank=True, help_text=_("One goal per line.")
    )
    long_term_goals = models.TextField(
        _("long-term measurable goals"), blank=True, help_text=_("One goal per line.")
    )
    budget_eur = models.DecimalField(
        _("budget (EUR per year)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],  # a budget is never negative (issue 8)
    )
    staff_hours_per_month = models.PositiveIntegerField(
        _("staff hours per month"), null=True, blank=True
    )
    resources_notes = models.TextField(
        _("resources, honestly stated"), blank=True,
        help_text=_("What is really available, and what is not (002: never overpromise)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("preconditions for community engagement")
        verbose_name_plural = _("preconditions for community engagement")

    def __str__(self):
        return str(_("Preconditions of %(municipality)s") % {"municipality": self.municipality})

    @property
    def is_complete(self) -> bool:
        return bool(
            self.effects_wanted and self.short_term_goals and self.long_term_goals
            and (self.budget_eur is not None or self.staff_hours_per_month)
        )


class InteractionKind(models.TextChoices):
    COMMUNITY_EVENT = "community_event", _("Visit to a community event")
    ONE_ON_ONE = "one_on_one", _("One-on-one talk")
    PHONE_CALL = "phone_call", _("Phone call")
    MEETING = "meeting", _("Meeting")
    ONLINE = "online", _("Online")


class InteractionQuerySet(ScopedQuerySet):
    def this_month(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.filter(occurred_on__year=today.year, occurred_on__month=today.month)


class Interaction(MunicipalityScopedModel):
    """A logged contact (002 step 2 "Establishing contact": start by listening; the
    community's agenda comes first). Records what was heard, not a PCVE agenda."""

    kind = models.CharField(_("kind of contact"), max_length=32, choices=InteractionKind.choices)
    occurred_on = models.DateField(_("date"))
    community = models.ForeignKey(
        "networks.Community", verbose_name=_("community"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="interactions",
    )
    people = models.ManyToManyField(
        "networks.Person", verbose_name=_("people involved"), blank=True, related_name="interactions"
    )
    organisations = models.ManyToManyField(
        "networks.Organisation", verbose_name=_("organisations involved"), blank=True,
        related_name="interactions",
    )
    needs_heard = models.TextField(_("needs heard"), blank=True)
    interests_heard = models.TextField(_("interests heard"), blank=True)
    concerns_heard = models.TextField(
        _("concerns heard"), blank=True,
        help_text=_("Parking, housing, traffic safety are legitimate first topics (002 step 4)."),
    )
    follow_up = models.TextField(_("follow-up"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[people, organisations])

    objects = InteractionQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("interaction")

    def __str__(self):
        subject = self.community or _("the network")
        return f"{self.get_kind_display()} – {subject} – {self.occurred_on:%d %b %Y}"

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


class Commitment(MunicipalityScopedModel):
    """Something the municipality promised. Reciprocity: underdelivering destroys trust, so
    every promise is tracked to delivery or to an explained drop (002 step 4 "never
    overpromise"; 001 "Reciprocity")."""

    description = models.CharField(_("what was promised"), max_length=300)
    made_to = models.CharField(_("made to"), max_length=200, help_text=_("To whom the promise was made."))
    community = models.ForeignKey(
        "networks.Community", verbose_name=_("community"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="commitments",
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
    reminded_for_due_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("commitment")

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

    def save(self, *args, **kwargs):
        if self.status == CommitmentStatus.OPEN:
            self.closed_on = None
        elif self.closed_on is None:
            self.closed_on = timezone.localdate()
        super().save(*args, **kwargs)

    @property
    def is_overdue(self) -> bool:
        return self.status == CommitmentStatus.OPEN and self.due_on < timezone.localdate()
