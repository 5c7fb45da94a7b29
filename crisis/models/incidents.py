"""During and after a crisis: the incident, its timeline, the check-ins with the network, the
impact per community, the hate incidents linked to it, and recovery (002 "Step 5: Responding
to a crisis": "contact the community PCVE network to check the concerns, needs, fears and needs
of the different communities"; "Assess the impact that the crisis or incident is having on
different communities"; "Be resolute and react swiftly against a possible rise in hate
crimes")."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordinator.concurrency import Versioned
from coordinator.tenancy import MunicipalityScopedModel, ScopedQuerySet, scoped_manager

from .preparation import CrisisProtocol, IncidentKind


class Scale(models.TextChoices):
    """002 "Step 5": "The scale of a crisis can differ, and the response should differ
    accordingly"."""

    NEIGHBOURHOOD = "neighbourhood", _("A neighbourhood")
    CITY = "city", _("The whole municipality")
    BEYOND = "beyond", _("Beyond the municipality (regional or national)")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Responding")
    RECOVERY = "recovery", _("Recovery")
    CLOSED = "closed", _("Closed")


class IncidentQuerySet(ScopedQuerySet):
    def active(self):
        return self.exclude(status=IncidentStatus.CLOSED)


class Incident(Versioned, MunicipalityScopedModel):
    """A crisis the municipality responds to: what happened, where and when, the communities
    that may be affected and the protocol followed; closed with the lessons learned."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=IncidentKind.choices)
    scale = models.CharField(_("scale"), max_length=16, choices=Scale.choices)
    occurred_at = models.DateTimeField(_("happened at"))
    place = models.CharField(_("place"), max_length=300)
    description = models.TextField(_("what happened"), max_length=10000)
    communities = models.ManyToManyField(
        "networks.Community", verbose_name=_("communities that may be affected"), blank=True,
        related_name="incidents")
    protocol = models.ForeignKey(CrisisProtocol, verbose_name=_("protocol followed"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="incidents")
    status = models.CharField(_("status"), max_length=16, choices=IncidentStatus.choices,
                              default=IncidentStatus.OPEN)
    chase_after_hours = models.PositiveSmallIntegerField(
        _("chase unanswered check-ins after (hours)"), default=4)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", editable=False)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    lessons_learned = models.TextField(_("lessons learned"), max_length=10000, blank=True)
    #: Meetings held for recovery (dialogue events) and promises made during the incident.
    meetings = models.ManyToManyField("dialogue.Meeting", verbose_name=_("dialogue events"),
                                      blank=True, related_name="incidents")
    commitments = models.ManyToManyField("engagement.Commitment",
                                         verbose_name=_("commitments made during it"),
                                         blank=True, related_name="incidents")
    history = HistoricalRecords(m2m_fields=[communities])

    objects = scoped_manager(IncidentQuerySet)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["municipality", "status", "-occurred_at"],
                                name="incident_municipality_status")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("crisis:incident_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == IncidentStatus.CLOSED

    def clean(self):
        if self.occurred_at and self.occurred_at > timezone.now() + timezone.timedelta(hours=1):
            raise ValidationError({"occurred_at": _("This time is in the future.")})
        if self.protocol_id and self.protocol.municipality_id != self.municipality_id:
            raise ValidationError({"protocol": _("Choose a protocol of this municipality.")})


class _IncidentChild(MunicipalityScopedModel):
    """A record of one incident, stamped with its municipality."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.municipality_id = self.incident.municipality_id
        super().save(*args, **kwargs)


class TimelineEntry(_IncidentChild):
    """One step of the response, with who and when. Opening the incident, sending check-ins,
    a briefing, a release and closing write entries themselves (``automatic``)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True,
                           blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("what was done"), max_length=2000)
    automatic = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        indexes = [models.Index(fields=["incident", "at"], name="timeline_incident_at")]

    def __str__(self):
        return self.text[:60]


class CheckInStatus(models.TextChoices):
    WAITING = "waiting", _("Not answered yet")
    ANSWERED = "answered", _("Answered")


class Channel(models.TextChoices):
    PHONE = "phone", _("By phone")
    IN_PERSON = "in_person", _("In person")
    PORTAL = "portal", _("Through the portal")
    OTHER = "other", _("Other")


class CheckInQuerySet(ScopedQuerySet):
    def waiting(self):
        return self.filter(status=CheckInStatus.WAITING)


class CheckIn(Versioned, _IncidentChild):
    """Checking in with one organisation or key figure of the network: their concerns, needs,
    fears, the rumours they heard and the support they ask (002 "Step 5"). Answered by the
    responsible user (by phone, in person) or by the organisation's representative in the
    portal; chased after ``Incident.chase_after_hours`` while unanswered. The answer is saved
    with the version it was read at (``Versioned``): a concurrent answer is refused, never
    overwritten."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="check_ins")
    community = models.ForeignKey("networks.Community", verbose_name=_("community"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey("networks.Organisation", verbose_name=_("organisation"),
                                     null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="crisis_check_ins")
    person = models.ForeignKey("networks.Person", verbose_name=_("key figure"), null=True,
                               blank=True, on_delete=models.CASCADE,
                               related_name="crisis_check_ins")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=CheckInStatus.choices,
                              default=CheckInStatus.WAITING)
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    channel = models.CharField(_("answered"), max_length=16, choices=Channel.choices,
                               blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)
    concerns = models.TextField(_("concerns"), max_length=5000, blank=True)
    needs = models.TextField(_("needs"), max_length=5000, blank=True)
    fears = models.TextField(_("fears"), max_length=5000, blank=True)
    rumours = models.TextField(_("rumours heard"), max_length=5000, blank=True)
    support_asked = models.TextField(_("support asked"), max_length=5000, blank=True)
    chased_at = models.DateTimeField(_("last chased"), null=True, blank=True, editable=False)
    chase_count = models.PositiveSmallIntegerField(default=0, editable=False)
    history = HistoricalRecords()

    objects = scoped_manager(CheckInQuerySet)

    ANSWER_FIELDS = ("concerns", "needs", "fears", "rumours", "support_asked")

    class Meta:
        ordering = ["status", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["incident", "organisation"],
                                    condition=models.Q(organisation__isnull=False),
                                    name="one_check_in_per_organisation"),
            models.UniqueConstraint(fields=["incident", "person"],
                                    condition=models.Q(person__isnull=False),
                                    name="one_check_in_per_person"),
        ]
        indexes = [
            models.Index(fields=["incident", "status"], name="check_in_incident_status"),
            # The chase sweep: waiting check-ins, oldest first.
            models.Index(fields=["status", "asked_at"], name="check_in_waiting",
                         condition=models.Q(status="waiting")),
            models.Index(fields=["organisation", "status"], name="check_in_organisation"),
        ]

    def __str__(self):
        return str(self.organisation or self.person or self.community or _("check-in"))

    def get_absolute_url(self):
        return reverse("crisis:check_in", args=[self.pk])

    @property
    def is_answered(self) -> bool:
        return self.status == CheckInStatus.ANSWERED


class Level(models.IntegerChoices):
    """The stated scale of each impact measure."""

    NONE = 0, _("0 – none")
    LOW = 1, _("1 – low")
    MODERATE = 2, _("2 – moderate")
    HIGH = 3, _("3 – high")
    VERY_HIGH = 4, _("4 – very high")


class ImpactAssessment(_IncidentChild):
    """The impact on one community on one day (002 "Step 5": "Assess the impact that the crisis
    or incident is having on different communities"; the Libyan community of Manchester "became
    a suspect community ... a lot of fear ... a rise in islamophobia")."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="impacts")
    community = models.ForeignKey("networks.Community", verbose_name=_("community"),
                                  on_delete=models.CASCADE, related_name="crisis_impacts")
    assessed_on = models.DateField(_("day"), default=timezone.localdate)
    people_affected = models.PositiveIntegerField(_("people affected (estimate)"), null=True,
                                                  blank=True)
    fear = models.PositiveSmallIntegerField(_("fear"), choices=Level.choices)
    hate_incidents_reported = models.PositiveIntegerField(
        _("hate incidents reported (that day)"), default=0)
    media_pressure = models.PositiveSmallIntegerField(_("media pressure"), choices=Level.choices)
    polarisation_risk = models.PositiveSmallIntegerField(_("risk of polarisation"),
                                                         choices=Level.choices)
    note = models.TextField(_("note"), max_length=5000, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessed_on", "community", "pk"]
        verbose_name = _("impact assessment")
        verbose_name_plural = _("impact assessments")
        constraints = [models.UniqueConstraint(fields=["incident", "community", "assessed_on"],
                                               name="one_impact_per_community_and_day")]

    def __str__(self):
        return f"{self.community} – {self.assessed_on}"


class HateIncident(_IncidentChild):
    """A hate incident linked to the crisis; their count per day is drawn on the incident page
    so that a rise is seen and acted on (002 "Step 5")."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE,
                                 related_name="hate_incidents")
    community = models.ForeignKey("networks.Community", verbose_name=_("community targeted"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    occurred_on = models.DateField(_("day"), default=timezone.localdate)
    description = models.TextField(_("what happened"), max_length=5000)
    reported_to_police = models.BooleanField(_("reported to the police"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name = _("hate incident")
        verbose_name_plural = _("hate incidents")
        indexes = [models.Index(fields=["incident", "occurred_on"], name="hate_incident_day")]

    def __str__(self):
        return self.description[:60]


class RecoveryAction(_IncidentChild):
    """An action of community recovery, once the heat has died down (002 "Step 5"; 001: in
    Manchester, "Community recovery notably meant challenging extremism and engaging young
    people as well as faith and religious communities")."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE,
                                 related_name="recovery_actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible"), null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField(_("due by"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["done_on", "due_on", "pk"]
        verbose_name = _("recovery action")
        verbose_name_plural = _("recovery actions")

    def __str__(self):
        return self.description
