"""Data protection records: the municipality's retention periods, the record of every retention
run and erasure request (counts and classes, never content), and the subject-access and data
map exports. The rules themselves are in ``coordinator.retention``."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordinator.retention import CLASSES
from coordinator.tenancy import MunicipalityScopedModel

#: The retention classes a municipality may set, as choices.
CONFIGURABLE_CLASSES = [(c.key, c.label) for c in CLASSES.values() if c.configurable]


class RetentionSetting(MunicipalityScopedModel):
    """One municipality's period for one retention class, within the class's limits
    (``RetentionClass.check``). Without a setting the class's default applies."""

    retention_class = models.CharField(_("retention class"), max_length=32,
                                       choices=CONFIGURABLE_CLASSES)
    days = models.PositiveIntegerField(_("days"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        constraints = [models.UniqueConstraint(fields=["municipality", "retention_class"],
                                               name="one_setting_per_class")]

    def __str__(self):
        return f"{self.get_retention_class_display()}: {self.days}"

    def clean(self):
        retention_class = CLASSES.get(self.retention_class)
        if retention_class is None:
            raise ValidationError({"retention_class": _("Choose a class from the list.")})
        if self.days is not None:
            try:
                retention_class.check(self.days)
            except ValidationError as error:
                raise ValidationError({"days": error.messages}) from None


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ErasureRun(MunicipalityScopedModel):
    """One daily retention run of one municipality. ``counts``: retention class key ->
    ``{"records": n, "anonymised": n, "history": n, "files": n, "kept": n}`` (records deleted,
    records anonymised, history rows erased or blanked, files deleted, records kept because
    another record still needs them). No content: never a name, a text or an id."""

    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices,
                              default=RunStatus.RUNNING)
    counts = models.JSONField(_("what was erased"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=120, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        indexes = [models.Index(fields=["municipality", "-started_at"], name="erasure_run_when")]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def total(self) -> int:
        return sum(c.get("records", 0) + c.get("anonymised", 0) for c in self.counts.values())


class AskedBy(models.TextChoices):
    SUBJECT = "subject", _("The person or organisation themselves")
    REPRESENTATIVE = "representative", _("A representative on their behalf")
    MUNICIPALITY = "municipality", _("The municipality, on its own initiative")


class SubjectKind(models.TextChoices):
    PERSON = "networks.person", _("Person")
    ORGANISATION = "networks.organisation", _("Organisation")


class ErasureRequest(MunicipalityScopedModel):
    """An erasure on request (GDPR Art. 17), carried out by a municipal admin. Holds who asked
    (a kind, never a name), when it was received and carried out, the subject's model and
    number, what the request covered and the counts (as ``ErasureRun.counts``), never the
    subject's name or any content: the record of an erasure must not undo it."""

    subject_kind = models.CharField(_("subject"), max_length=32, choices=SubjectKind.choices)
    subject_id = models.PositiveBigIntegerField(_("record number"))
    asked_by = models.CharField(_("asked by"), max_length=16, choices=AskedBy.choices)
    received_on = models.DateField(_("request received on"))
    included_notes = models.BooleanField(_("notes they took part in erased too"), default=False)
    redacted_mentions = models.BooleanField(_("name removed from other notes"), default=False)
    counts = models.JSONField(_("what was erased"), default=dict, blank=True)
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    performed_at = models.DateTimeField(_("carried out"), default=timezone.now)

    class Meta:
        ordering = ["-performed_at", "-pk"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        indexes = [models.Index(fields=["municipality", "-performed_at"],
                                name="erasure_request_when")]

    def __str__(self):
        return f"{self.get_subject_kind_display()} #{self.subject_id}"

    @property
    def total(self) -> int:
        return sum(c.get("records", 0) + c.get("anonymised", 0) for c in self.counts.values())


class ExportKind(models.TextChoices):
    SUBJECT_ACCESS = "subject_access", _("Subject-access export")
    DATA_MAP = "data_map", _("Data map")


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def _export_path(instance, filename):
    suffix = filename.rsplit(".", 1)[-1]
    return f"private/privacy/{instance.municipality_id}/{uuid.uuid4().hex}.{suffix}"


class PrivacyExport(MunicipalityScopedModel):
    """A subject-access export (GDPR Art. 15) of one person or organisation, as JSON and PDF,
    or the data map as PDF; made by the Celery task ``privacy.tasks.render_export``. The files
    are served only through the municipal admin's download views, never from MEDIA_URL. An
    export goes with its subject (erasure) and after the generated-files period."""

    kind = models.CharField(_("kind"), max_length=16, choices=ExportKind.choices)
    person = models.ForeignKey("networks.Person", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("networks.Organisation", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices,
                              default=ExportStatus.PENDING)
    json_file = models.FileField(_("JSON file"), upload_to=_export_path, blank=True)
    pdf_file = models.FileField(_("PDF file"), upload_to=_export_path, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("data protection export")
        verbose_name_plural = _("data protection exports")
        constraints = [models.CheckConstraint(
            condition=(Q(kind="data_map", person__isnull=True, organisation__isnull=True)
                       | Q(kind="subject_access", person__isnull=False, organisation__isnull=True)
                       | Q(kind="subject_access", person__isnull=True,
                           organisation__isnull=False)),
            name="privacy_export_has_its_subject")]

    def __str__(self):
        if self.kind == ExportKind.DATA_MAP:
            return str(_("Data map"))
        return str(_("Subject-access export of %(subject)s") % {"subject": self.subject})

    def get_absolute_url(self):
        return reverse("privacy:export_detail", args=[self.pk])

    @property
    def subject(self):
        return self.person or self.organisation

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    def download_name(self, extension: str) -> str:
        from django.utils.text import slugify

        stem = "data-map" if self.kind == ExportKind.DATA_MAP else (
            f"subject-access-{slugify(str(self.subject))[:60] or self.pk}")
        return f"{stem}-{self.created_at:%Y-%m-%d}.{extension}"
