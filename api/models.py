"""Personal API tokens: one user's key to the read API in one municipality, in the role they
held when they made it. Only the SHA-256 of the token is stored; it is shown once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordinator.models import Role
from coordinator.tenancy import MunicipalityScopedModel


class ApiToken(MunicipalityScopedModel):
    """A token of ``user`` in ``municipality``. It works while it is not revoked, the user is
    active and their membership there still has the ``role`` and ``organisation`` it had when
    the token was made (``api.services.token_for``): a changed role or organisation, an ended
    membership or a deactivated account stops it without anyone revoking it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("What the token is for, e.g. “weekly report script”."))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, editable=False)
    #: The partner's organisation at creation (None for the municipality's own staff).
    organisation = models.ForeignKey("networks.Organisation", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+", editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("made on"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "municipality"], name="apitoken_user")]

    def __str__(self):
        return self.name
