"""Before a crisis: standardised procedures and pre-organised teams (002 "Step 5": "Some local
authorities also work with standardised procedures and pre-organised teams who are available
should a crisis or situation occur which requires immediate response. These are specialist
service providers (dialogue, conflict-reduction experts)"; 001 "Responding to a crisis": "Use
standardised procedures and professional services"). Each is reviewed at an interval; the
dashboard warns when a review is due."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordinator.concurrency import Versioned
from coordinator.tenancy import MunicipalityScopedModel, ScopedQuerySet, scoped_manager


class IncidentKind(models.TextChoices):
    """The kinds of crisis 002 "Step 5" names: "an escalating demonstration, a hate crime, or
    in a worst-case scenario, a terrorist attack"."""

    ESCALATING_DEMONSTRATION = "escalating_demonstration", _("Escalating demonstration")
    HATE_CRIME = "hate_crime", _("Hate crime")
    TERRORIST_ATTACK = "terrorist_attack", _("Terrorist attack")
    OTHER = "other", _("Other incident")


class Reviewed(models.Model):
    """Abstract: reviewed every ``review_interval_days``; due when never reviewed or past
    ``review_due_on``, which ``save()`` keeps (a column, so "due" is one indexed comparison on
    every database)."""

    review_interval_days = models.PositiveSmallIntegerField(
        _("review every (days)"), default=180,
        help_text=_("Contact details and procedures go out of date: check them at this "
                    "interval."))
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    review_due_on = models.DateField(_("review due on"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.review_due_on = (
            self.last_reviewed_on + datetime.timedelta(days=self.review_interval_days)
            if self.last_reviewed_on else None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"last_reviewed_on", "review_interval_days"} & set(
                update_fields):
            kwargs["update_fields"] = [*update_fields, "review_due_on"]
        super().save(*args, **kwargs)

    @property
    def is_review_due(self) -> bool:
        return self.review_due_on is None or self.review_due_on <= timezone.localdate()


class ReviewedQuerySet(ScopedQuerySet):
    def review_due(self, today: datetime.date | None = None):
        """Never reviewed, or due for review on or before ``today``."""
        from django.db.models import Q

        today = today or timezone.localdate()
        return self.filter(Q(review_due_on__isnull=True) | Q(review_due_on__lte=today))


class CrisisProtocol(Versioned, Reviewed, MunicipalityScopedModel):
    """A standardised procedure for one kind of incident: who is called in what order, what is
    checked, who speaks to the press."""

    title = models.CharField(_("title"), max_length=200)
    incident_kind = models.CharField(_("for incidents of kind"), max_length=32,
                                     choices=IncidentKind.choices)
    call_order = models.TextField(_("who is called, in what order"), max_length=5000)
    checks = models.TextField(_("what is checked"), max_length=5000, blank=True)
    press_contact = models.CharField(_("who speaks to the press"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager(ReviewedQuerySet)

    class Meta:
        ordering = ["incident_kind", "title"]
        verbose_name = _("crisis protocol")
        verbose_name_plural = _("crisis protocols")
        constraints = [models.UniqueConstraint(fields=["municipality", "title"],
                                               name="unique_protocol_title")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("crisis:protocol_detail", args=[self.pk])


class TeamKind(models.TextChoices):
    DIALOGUE = "dialogue", _("Dialogue specialists")
    CONFLICT_REDUCTION = "conflict_reduction", _("Conflict-reduction specialists")
    CRISIS = "crisis", _("Crisis team (practical issues)")
    MEDIA = "media", _("Media team")
    CIVIC = "civic", _("Civic team (meetings with the authorities)")
    OTHER = "other", _("Other team")


class CrisisTeam(Versioned, Reviewed, MunicipalityScopedModel):
    """A pre-organised team, ready to deploy: the municipality's specialists, or a community's
    own teams (001 "Responding to a crisis": the Libyan community of Manchester organised "a
    crisis team ... a media team ... and a civic team")."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=TeamKind.choices)
    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="crisis_teams",
        help_text=_("When the team is an organisation's own."))
    purpose = models.TextField(_("what the team does"), max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = scoped_manager(ReviewedQuerySet)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("crisis team")
        verbose_name_plural = _("crisis teams")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"],
                                               name="unique_team_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("crisis:team_detail", args=[self.pk])


class TeamMember(MunicipalityScopedModel):
    """A member of a team, with how and when to reach them."""

    team = models.ForeignKey(CrisisTeam, verbose_name=_("team"), on_delete=models.CASCADE,
                             related_name="members")
    name = models.CharField(_("name or role"), max_length=160)
    role = models.CharField(_("role in the team"), max_length=160, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True,
                                    help_text=_("For example: evenings and weekends."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "name", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.municipality_id = self.team.municipality_id
        super().save(*args, **kwargs)
