"""The record of every spreadsheet export and import: who, which list or kind, the filters, how
many rows, never a value of a row. An export row is also the log of the export; the files of
both are kept in private storage (never under a public URL) and deleted after
``LINCHPIN_SPREADSHEET_FILE_HOURS`` (``coordinator.tasks.purge_spreadsheet_files``)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..tenancy import MunicipalityScopedModel


class Format(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", _("Excel (XLSX)")


def _private_path(folder: str, instance, extension: str) -> str:
    return f"spreadsheets/{folder}/{instance.municipality_id}/{uuid.uuid4().hex}.{extension}"


def _export_path(instance, filename):
    return _private_path("exports", instance, instance.format)


def _import_path(instance, filename):
    return _private_path("imports", instance, instance.format)


def _expiry():
    return timezone.now() + timedelta(hours=settings.LINCHPIN_SPREADSHEET_FILE_HOURS)


class ExportStatus(models.TextChoices):
    DOWNLOADED = "downloaded", _("Downloaded at once")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Deleted (expired)")


class SpreadsheetExport(MunicipalityScopedModel):
    """One export of a list: the log entry (``requested_by``, ``list_name``, ``filters``,
    ``row_count``, ``format``, ``include_special``) and, for a large one made by Celery, its
    file. ``object_ids`` holds the ids to render until the task has run."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     null=True, on_delete=models.SET_NULL, related_name="+")
    list_name = models.CharField(_("list"), max_length=100)
    resource = models.CharField(_("kind of record"), max_length=100)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    include_special = models.BooleanField(_("with ethnicity and faith"), default=False)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    object_ids = models.JSONField(default=list, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=ExportStatus.choices,
                              default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=_export_path, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=_expiry)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("spreadsheet export")
        verbose_name_plural = _("spreadsheet exports")
        indexes = [models.Index(fields=["municipality", "requested_by", "-created_at"],
                                name="spreadsheetexport_user")]

    def __str__(self):
        return str(_("Export of %(list)s") % {"list": self.list_name})

    def get_absolute_url(self):
        return reverse("spreadsheets:export_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status not in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def download_name(self) -> str:
        stem = self.resource.split(".")[-1]
        return f"{stem}-{timezone.localtime(self.created_at):%Y-%m-%d-%H%M}.{self.format}"


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("Being checked")
    PREVIEWED = "previewed", _("Checked: waiting for your confirmation")
    QUEUED = "queued", _("Importing")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Deleted (expired)")


class SpreadsheetImport(MunicipalityScopedModel):
    """One import of a file: uploaded, checked (``report``: every row to be created or
    updated and every bad row with its reason), confirmed once (``status`` moves from
    ``previewed`` exactly once), imported in one transaction (``result``: the counts)."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     null=True, on_delete=models.SET_NULL, related_name="+")
    resource = models.CharField(_("kind of record"), max_length=100)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    file = models.FileField(_("file"), upload_to=_import_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices,
                              default=ImportStatus.VALIDATING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    report = models.JSONField(_("preview"), default=dict, blank=True)
    skip_bad_rows = models.BooleanField(_("skip the bad rows"), default=False)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=_expiry)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        indexes = [models.Index(fields=["municipality", "requested_by", "-created_at"],
                                name="spreadsheetimport_user")]

    def __str__(self):
        return self.original_name or str(_("Spreadsheet import"))

    def get_absolute_url(self):
        return reverse("spreadsheets:import_detail", args=[self.pk])

    @property
    def is_working(self) -> bool:
        return self.status in (ImportStatus.VALIDATING, ImportStatus.QUEUED)

    @property
    def bad_count(self) -> int:
        return int(self.report.get("bad", 0))
