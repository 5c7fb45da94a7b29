"""The situation report of an incident (issue 11 "After it"): a PDF of its timeline, check-in
status, impact per community with the hate-incident chart, and statements, made by the Celery
task ``render_situation_report`` with the action plan's safe renderer (``crisis.pdf``)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actionplans.models import ExportStatus

from .incidents import _IncidentChild


def _report_path(instance, filename):
    return f"crisis/reports/{instance.municipality_id}/{uuid.uuid4().hex}.pdf"


class SituationReport(_IncidentChild):
    """One PDF of an incident as it stood when asked for. The file is served only through the
    permission-checked download view, never from MEDIA_URL."""

    Status = ExportStatus

    incident = models.ForeignKey("crisis.Incident", verbose_name=_("incident"),
                                 on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices,
                              default=ExportStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=_report_path, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("situation report")
        verbose_name_plural = _("situation reports")

    def __str__(self):
        return str(_("Situation report of %(incident)s") % {"incident": self.incident})

    def get_absolute_url(self):
        return reverse("crisis:report_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def download_name(self) -> str:
        stamp = f"{self.created_at:%Y%m%d-%H%M}" if self.created_at else "report"
        return f"situation-report-{slugify(self.incident.title)[:60] or self.incident_id}-{stamp}.pdf"
