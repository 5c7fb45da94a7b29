"""What community representatives say in the portal: corrections to their organisation's
profile, and whether a promise made to them was delivered from their side (issue 10).

Both belong to one municipality and one organisation, and are read through the access layer
(``coordinator.policies``: ``portal.profilecorrection``, ``portal.commitmentresponse``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordinator.tenancy import MunicipalityScopedModel

#: The profile fields a representative may propose to correct, with their form labels. The
#: rest of the profile (engagement level, funding, communities) is the municipality's to set.
CORRECTABLE_FIELDS = ("name", "mandate", "website")


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the municipality")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ProfileCorrection(MunicipalityScopedModel):
    """A correction of an organisation's profile proposed by one of its representatives; the
    coordinator accepts it (the profile changes, its history says why) or declines it with a
    reason the representative reads."""

    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="profile_corrections")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(_("proposed on"), default=timezone.now, editable=False)
    #: ``{field: proposed value}`` for fields of ``CORRECTABLE_FIELDS`` that differ.
    changes = models.JSONField(_("proposed changes"), default=dict, blank=True)
    #: ``{field: value when proposed}``, to show what the proposal would replace.
    previous = models.JSONField(default=dict, blank=True, editable=False)
    message = models.TextField(_("anything else to correct"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=CorrectionStatus.choices,
                              default=CorrectionStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("answer to the representative"), max_length=2000,
                                     blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("proposed correction")
        verbose_name_plural = _("proposed corrections")
        indexes = [
            # The coordinator's list of what waits (and the dashboard count).
            models.Index(fields=["municipality", "status", "-proposed_at"],
                         name="correction_waiting"),
            models.Index(fields=["organisation", "-proposed_at"], name="correction_organisation"),
        ]

    def __str__(self):
        return str(_("Correction of %(organisation)s") % {"organisation": self.organisation})

    @property
    def is_pending(self) -> bool:
        return self.status == CorrectionStatus.PENDING

    def rows(self) -> list[tuple[str, str, str]]:
        """``[(field label, value when proposed, proposed value), ...]`` for display."""
        from networks.models import Organisation

        return [(str(Organisation._meta.get_field(name).verbose_name).capitalize(),
                 self.previous.get(name, ""), value)
                for name, value in self.changes.items() if name in CORRECTABLE_FIELDS]


class CommitmentResponse(MunicipalityScopedModel):
    """What an organisation says of a promise made to it: delivered or not, from its side
    (002 step 4 "never overpromise"; 001 "Reciprocity": the community's view of delivery).
    One per organisation and commitment; saying it again changes it (history keeps both)."""

    commitment = models.ForeignKey(
        "engagement.Commitment", verbose_name=_("commitment"), on_delete=models.CASCADE,
        related_name="responses")
    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="commitment_responses")
    delivered = models.BooleanField(_("delivered, from their side"))
    note = models.TextField(_("what they said"), max_length=2000, blank=True)
    said_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("said by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    said_at = models.DateTimeField(_("said on"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-said_at"]
        verbose_name = _("response to a commitment")
        verbose_name_plural = _("responses to a commitment")
        constraints = [models.UniqueConstraint(fields=["commitment", "organisation"],
                                               name="one_response_per_organisation")]

    def __str__(self):
        return f"{self.organisation} – {self.commitment}"
