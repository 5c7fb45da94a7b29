"""Tenancy (municipalities, memberships, roles): the lowest layer. The engagement process (002)
lives in ``engagement/``, the communities and organisations in ``networks/``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
        return self.role != Role.COMMUNITY_REPRESENTATIVE


class SubmissionToken(models.Model):
    """One create form as it was sent (issue 8, "no doubled records"): the first POST carrying
    ``token`` records the address of what it created; a repeat of the same form by the same user
    is sent there instead of creating a second record. Internal bookkeeping, reached only by
    ``coordinator.concurrency.run_once``; purged after ``concurrency.TOKEN_TTL``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    result_url = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="one_submission_per_token")
        ]
        verbose_name = _("form submission")

    def __str__(self):
        return f"{self.user_id}:{self.token}"
