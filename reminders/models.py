"""Reminders and the daily e-mail digests that carry them (issue 12 "Keeping the network
alive"; 003 "Don'ts": do not leave your network alone).

A ``Reminder`` is one thing due for one user: unique per (kind, subject, period, recipient), so
the sweep can insert what it found with ``bulk_create(ignore_conflicts=...)`` and running it
twice adds nothing. A ``Digest`` is the outbox row of one e-mail: one per municipality,
recipient and day, with an idempotency key that becomes the e-mail's ``Message-ID``; it is
marked sent in the transaction that sent it (see :mod:`reminders.delivery`).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordinator.tenancy import MunicipalityScopedModel, ScopedQuerySet, scoped_manager


class ReminderState(models.TextChoices):
    DUE = "due", _("Due")
    SNOOZED = "snoozed", _("Snoozed")
    DISMISSED = "dismissed", _("Dismissed")
    DONE = "done", _("Done")  #: the sweep no longer finds it due (the thing was dealt with)


#: States in which the sweep still looks after a reminder (wakes it, closes it when done).
OPEN_STATES = (ReminderState.DUE, ReminderState.SNOOZED)


class ReminderQuerySet(ScopedQuerySet):
    def due(self):
        return self.filter(state=ReminderState.DUE)


class Reminder(MunicipalityScopedModel):
    """One thing due for ``recipient``. ``kind`` names a function of the registry
    (:mod:`reminders.registry`); ``subject`` is the record it is about (content type + id);
    ``period`` says which occurrence it is ("due:2025-03-14" once per due date, "2025-W11"
    weekly while overdue, "2025-03" monthly), so the same thing is reminded again only in a
    new period. ``title`` is a short label for the inbox, written by the sweep."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("for"),
                                  on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=40)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    title = models.CharField(_("about"), max_length=200)
    period = models.CharField(max_length=32)
    due_on = models.DateField(_("due"))
    state = models.CharField(_("state"), max_length=16, choices=ReminderState.choices,
                             default=ReminderState.DUE)
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    dismiss_reason = models.CharField(_("reason"), max_length=300, blank=True)
    #: the last day the sweep found it due; a due or snoozed reminder not found again is done
    seen_on = models.DateField()
    digest = models.ForeignKey("Digest", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="reminders")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["seen_on", "digest"])

    objects = scoped_manager(ReminderQuerySet)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "period", "recipient"],
                name="reminder_once_per_period"),
        ]
        indexes = [
            # The inbox and the header count: a user's due reminders in due order.
            models.Index(fields=["municipality", "recipient", "state", "due_on", "id"],
                         name="reminder_inbox"),
            # The sweep: the open reminders of a municipality, and those not yet in a digest.
            models.Index(fields=["municipality", "state", "seen_on"], name="reminder_sweep"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reminders:inbox")

    @property
    def subject_url(self) -> str:
        """The subject's page, without reading the subject (its model's URL takes the pk
        only); "" when it has none."""
        model = ContentType.objects.get_for_id(self.subject_type_id).model_class()
        if model is None or not hasattr(model, "get_absolute_url"):
            return ""
        try:
            return model(pk=self.subject_id).get_absolute_url()
        except NoReverseMatch:
            return ""


class DigestState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")


class Digest(MunicipalityScopedModel):
    """The outbox row of one e-mail to ``recipient`` for ``day``: pending until the mail
    server accepted it, then sent (with ``sent_at``), in the same transaction. ``key`` is the
    idempotency key ("<municipality>-<recipient>-<day>"), also the e-mail's ``Message-ID``."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+")
    day = models.DateField()
    key = models.CharField(max_length=80, unique=True)
    state = models.CharField(max_length=8, choices=DigestState.choices,
                             default=DigestState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    #: how many reminders the e-mail carried (0: nothing left to say, no e-mail sent)
    sent_count = models.PositiveIntegerField(default=0)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "recipient", "day"],
                                    name="digest_once_per_day"),
        ]
        indexes = [models.Index(fields=["municipality", "state", "day"], name="digest_pending")]

    def __str__(self):
        return self.key

    @staticmethod
    def key_for(municipality_id: int, recipient_id: int, day) -> str:
        return f"{municipality_id}-{recipient_id}-{day:%Y%m%d}"


#: The bounds of a municipality's interval: at least a week (a reminder every few days would
#: only be noise), at most two years.
QUIET_MIN_DAYS, QUIET_MAX_DAYS = 7, 730


def _quiet_days(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True,
        validators=[MinValueValidator(QUIET_MIN_DAYS), MaxValueValidator(QUIET_MAX_DAYS)])


class QuietIntervals(MunicipalityScopedModel):
    """A municipality's days without contact after which a relationship of each engagement
    level is going quiet (the reminder kind ``relationship_quiet``); an empty field keeps the
    default of ``LINCHPIN_QUIET_AFTER_DAYS``. An organisation's or key figure's own "going
    quiet after" wins over these. 003 "Don'ts": do not leave your network alone, and do not
    abuse it (a close partner is kept in touch more often than a dialogue partner).
    At most one row per municipality, set by its municipal admin."""

    partnership_days = _quiet_days(_("partnership"))
    collaboration_days = _quiet_days(_("collaboration"))
    dialogue_days = _quiet_days(_("dialogue"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = scoped_manager()

    class Meta:
        verbose_name = _("intervals before a relationship goes quiet")
        verbose_name_plural = _("intervals before a relationship goes quiet")
        constraints = [models.UniqueConstraint(fields=["municipality"],
                                               name="quiet_intervals_once")]

    def __str__(self):
        return str(self._meta.verbose_name)

    @staticmethod
    def field_for(level: str) -> str:
        """The field of engagement level ``level`` ("partnership" -> "partnership_days")."""
        return f"{level}_days"
