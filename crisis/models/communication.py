"""Briefing the network before the media (002 "Step 5": "It is very helpful to make sure the
messages from the local authority and communities match. Local authorities should communicate
with the local community network before communicating with the media"; 001 "Responding to a
crisis": "Match messages of communities and authorities"). A statement is released only after
a briefing of the network is recorded; media requests are kept with their answer."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordinator.concurrency import Versioned

from .incidents import _IncidentChild


class StatementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    BRIEFED = "briefed", _("Network briefed")
    RELEASED = "released", _("Released to the press")


class Statement(Versioned, _IncidentChild):
    """A press statement: drafted, briefed to the network (``Briefing``), then released."""

    incident = models.ForeignKey("crisis.Incident", on_delete=models.CASCADE,
                                 related_name="statements")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("statement"), max_length=10000)
    state = models.CharField(_("state"), max_length=16, choices=StatementState.choices,
                             default=StatementState.DRAFT, editable=False)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True, editable=False)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return self.title

    @property
    def is_released(self) -> bool:
        return self.state == StatementState.RELEASED


class Briefing(_IncidentChild):
    """The network briefed with a statement before its release, and what it said back."""

    incident = models.ForeignKey("crisis.Incident", on_delete=models.CASCADE,
                                 related_name="briefings")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="briefings")
    briefed_at = models.DateTimeField(_("briefed at"), default=timezone.now)
    who = models.TextField(_("who was briefed"), max_length=2000)
    feedback = models.TextField(_("their feedback"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["briefed_at", "pk"]
        verbose_name = _("briefing of the network")
        verbose_name_plural = _("briefings of the network")

    def __str__(self):
        return f"{self.statement} – {self.briefed_at:%Y-%m-%d %H:%M}"


class MediaRequest(Versioned, _IncidentChild):
    """A request from the media, kept with its answer."""

    incident = models.ForeignKey("crisis.Incident", on_delete=models.CASCADE,
                                 related_name="media_requests")
    outlet = models.CharField(_("media outlet"), max_length=200)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    request = models.TextField(_("what they asked"), max_length=5000)
    answer = models.TextField(_("our answer"), max_length=5000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("media request")
        verbose_name_plural = _("media requests")

    def __str__(self):
        return self.outlet
