"""Tenancy (municipalities, memberships, roles): the lowest layer. The engagement process (002)
lives in ``engagement/``, the communities and organisations in ``networks/``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .tenancy import scoped_manager


class Municipality(models.Model):
    """A local authority: the tenant. Every domain record belongs to exactly one."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), unique=True)
    country = models.CharField(_("country"), max_length=80)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    #: The language of its members' screens and e-mails unless they chose their own
    #: (coordinator/languages.py), and of a new action plan.
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the screens and e-mails of members who did not choose "
                    "their own, and of new action plans."))

    #: Every staff member (every role but community representative) signs in with a second
    #: step, not only the roles that always must (coordinator/twofactor/services.py).
    require_two_factor = models.BooleanField(
        _("two-step sign-in for all staff"), default=False,
        help_text=_("Everyone who works in Linchpin for this municipality then signs in with "
                    "a code from an authenticator app as well as their password."))

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


#: The roles that act for an organisation of the municipality: they must name one, and the
#: other roles must not (DESIGN.md "Who uses it").
ORGANISATION_ROLES = frozenset({Role.PARTNER_PROFESSIONAL, Role.COMMUNITY_REPRESENTATIVE})


def check_role_organisation(role: str, organisation, municipality_id: int | None) -> None:
    """Raise ``ValidationError`` (keyed on ``organisation``) unless ``organisation`` fits
    ``role``: required, and of ``municipality_id``, for partner professionals and community
    representatives; absent for every other role."""
    if role in ORGANISATION_ROLES:
        if organisation is None:
            raise ValidationError({"organisation": _(
                "Partner professionals and community representatives belong to an organisation "
                "of the municipality: choose one.")})
        if organisation.municipality_id != municipality_id:
            raise ValidationError({"organisation": _(
                "The organisation belongs to another municipality.")})
    elif organisation is not None:
        raise ValidationError({"organisation": _(
            "Only partner professionals and community representatives belong to an "
            "organisation: leave it empty for this role.")})


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
    #: The user's own language (blank: the municipality's default). A personal setting: it is
    #: saved on every membership of the user at once (``languages.set_user_language``), and
    #: kept here because the membership is read on every request anyway.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES,
                                blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="one_role_per_municipality")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.municipality}"

    def clean(self):
        if self.organisation_id and self.organisation.municipality_id != self.municipality_id:
            raise ValidationError({"organisation": _("The organisation belongs to another municipality.")})

    @property
    def is_staff_role(self) -> bool:
        return self.role != Role.COMMUNITY_REPRESENTATIVE


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor revoked (expired ones included: re-inviting replaces them)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An invitation by e-mail to join a municipality with a role (no self-registration).

    The link carries a one-time token; only its SHA-256 (``token_hash``) is stored, set by the
    Celery task that sends the e-mail (:func:`coordinator.tasks.send_invitation`), so the raw
    token exists only in the e-mail. A link works while the invitation is *pending*: not
    accepted, not revoked (re-inviting the address revokes the open one) and before
    ``expires_at``. Municipality-owned: its default manager fails closed outside a scope."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("For partner professionals and community representatives."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    #: SHA-256 hex digest of the link's token; None until the e-mail task sets it.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True,
                                  editable=False)

    history = HistoricalRecords(excluded_fields=["token_hash"])
    objects = scoped_manager(InvitationQuerySet)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_address",
            )
        ]
        indexes = [models.Index(fields=["municipality", "-created_at"],
                                name="invitation_municipality_new")]

    def __str__(self):
        return self.email

    class Status(models.TextChoices):
        PENDING = "pending", _("Invited")
        EXPIRED = "expired", _("Expired")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Withdrawn")

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def clean(self):
        # Role and organisation are checked by the form and the service
        # (``check_role_organisation``), once, with the organisation the form chose.
        self.email = (self.email or "").strip().lower()


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
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return f"{self.user_id}:{self.token}"


# Declared in their own module, registered as this app's models by being imported here.
from .spreadsheets.models import SpreadsheetExport, SpreadsheetImport  # noqa: E402, F401
