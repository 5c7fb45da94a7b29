"""Slow work of the action plan, run by Celery (never in a request)."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from .models import ExportStatus, PlanExport

logger = logging.getLogger(__name__)


def _progress(export_id: int, **fields) -> None:
    PlanExport.objects.filter(pk=export_id).update(**fields)


@shared_task(name="actionplans.tasks.render_plan_pdf", ignore_result=True,
             soft_time_limit=settings.LINCHPIN_PDF_SOFT_TIME_LIMIT,
             time_limit=settings.LINCHPIN_PDF_TIME_LIMIT)
def render_plan_pdf(export_id: int) -> None:
    """Render export ``export_id`` inside its municipality's scope (see ``_render``)."""
    # A task has no request: find the export's municipality across all of them, then work
    # inside that municipality's scope only.
    with scopes_disabled():
        municipality_id = (PlanExport.objects.filter(pk=export_id)
                           .values_list("municipality_id", flat=True).first())
    if municipality_id is None:
        return
    with scope(municipality=municipality_id):
        _render(export_id)


def _render(export_id: int) -> None:
    """Render the PDF of ``PlanExport`` ``export_id`` and store it in its ``file``.

    Progress (``progress``, 0-100) is written as the work goes: 10 started, 30 HTML built,
    80 laid out, 100 stored. Failure sets status ``failed`` with a short error (never user
    text) and is logged; it is not retried (the user asks again). A finished export is left
    as it is, so a redelivered message does no harm (acks_late).

    Time limits (``LINCHPIN_PDF_SOFT_TIME_LIMIT``, ``LINCHPIN_PDF_TIME_LIMIT``): one huge plan
    must not tie up a worker. At the soft limit Celery raises ``SoftTimeLimitExceeded`` inside
    the task: the export is marked failed with a readable reason. The hard limit kills the
    worker process if the task does not stop by then (the export then stays "running").
    """
    from . import pdf

    export = PlanExport.objects.select_related("version").filter(pk=export_id).first()
    if export is None or export.is_finished:
        return
    _progress(export_id, status=ExportStatus.RUNNING, progress=10)
    try:
        html = pdf.render_html(export.version)
        _progress(export_id, progress=30)
        document = pdf.layout(html)
        _progress(export_id, progress=80)
        content = document.write_pdf(**pdf.PDF_OPTIONS)
        export.file.save(f"{export.download_name}", ContentFile(content), save=False)
        _progress(export_id, status=ExportStatus.DONE, progress=100, file=export.file.name,
                  pages=len(document.pages), finished_at=timezone.now())
    except SoftTimeLimitExceeded:
        logger.warning("PDF export %s stopped at the soft time limit", export_id)
        _progress(export_id, status=ExportStatus.FAILED, finished_at=timezone.now(), error=_(
            "The plan took longer than %(seconds)s seconds to lay out and the export was "
            "stopped. Shorten the longest texts or tables, or ask your administrator."
        ) % {"seconds": settings.LINCHPIN_PDF_SOFT_TIME_LIMIT})
    except Exception as error:  # noqa: BLE001 - any failure is reported on the export
        logger.exception("PDF export %s failed", export_id)
        _progress(export_id, status=ExportStatus.FAILED, error=type(error).__name__[:300],
                  finished_at=timezone.now())
