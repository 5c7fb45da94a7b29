"""Celery tasks of the crisis response. Beat runs ``chase_check_ins`` every 15 minutes
(``CELERY_BEAT_SCHEDULE``); ``render_situation_report`` is queued when a report is asked for.
Tasks take ids only."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import OperationalError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from coordinator.mail import MAIL_ERRORS

from . import chase

logger = logging.getLogger(__name__)


@shared_task(
    name="crisis.tasks.chase_check_ins",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(*MAIL_ERRORS, OperationalError),
    retry_backoff=60,  # seconds: 60, 120, 240, ... with jitter; beat runs again in 15 minutes
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=6,
)
def chase_check_ins() -> dict:
    """E-mail each responsible user one reminder per incident of the check-ins unanswered past
    the incident's hours, and mark them chased (rules: :mod:`crisis.chase`). Returns
    ``{"sent", "chased"}``; an SMTP error retries the groups not sent, never the others."""
    # Across every municipality: chase.chase_all reads the due groups with scopes disabled and
    # works on each inside its own municipality's scope.
    result = chase.chase_all()
    return {"sent": result.sent, "chased": result.chased}


def _progress(report_id: int, **fields) -> None:
    from .models import SituationReport

    SituationReport.objects.filter(pk=report_id).update(**fields)


@shared_task(name="crisis.tasks.render_situation_report", ignore_result=True,
             acks_late=True, reject_on_worker_lost=True,
             soft_time_limit=settings.LINCHPIN_PDF_SOFT_TIME_LIMIT,
             time_limit=settings.LINCHPIN_PDF_TIME_LIMIT)
def render_situation_report(report_id: int, municipality_id: int) -> None:
    """Render the PDF of ``SituationReport`` ``report_id`` inside municipality
    ``municipality_id``'s scope, with what its requester may see (:mod:`crisis.pdf`).

    Failure sets status ``failed`` with a short reason (never user text) and is not retried
    (the user asks again); a finished report is left as it is, so a redelivered message does no
    harm. At the soft time limit the report is marked failed with a readable reason."""
    from coordinator.access import actor_for

    from . import pdf
    from .models import SituationReport

    with scope(municipality=municipality_id):
        report = (SituationReport.objects.select_related("incident", "requested_by")
                  .filter(pk=report_id).first())
        if report is None or report.is_finished:
            return
        _progress(report_id, status=SituationReport.Status.RUNNING, progress=10)
        try:
            actor = actor_for(report.requested_by, municipality_id)
            html = pdf.render_html(actor, report.incident)
            _progress(report_id, progress=30)
            content, pages = pdf.render_pdf_from_html(html)
            _progress(report_id, progress=80)
            report.file.save(report.download_name, ContentFile(content), save=False)
            _progress(report_id, status=SituationReport.Status.DONE, progress=100,
                      file=report.file.name, pages=pages, finished_at=timezone.now())
        except (Http404, PermissionDenied):
            # The requester lost their access meanwhile: a report shows only what its
            # requester may see, so there is nothing to show.
            _progress(report_id, status=SituationReport.Status.FAILED,
                      finished_at=timezone.now(), error=_(
                          "The person who asked for this report may no longer see the incident."))
        except SoftTimeLimitExceeded:
            logger.warning("Situation report %s stopped at the soft time limit", report_id)
            _progress(report_id, status=SituationReport.Status.FAILED,
                      finished_at=timezone.now(), error=_(
                          "The report took longer than %(seconds)s seconds to lay out and was "
                          "stopped. Ask your administrator.")
                      % {"seconds": settings.LINCHPIN_PDF_SOFT_TIME_LIMIT})
        except Exception as error:  # noqa: BLE001 - any failure is reported on the report
            logger.exception("Situation report %s failed", report_id)
            _progress(report_id, status=SituationReport.Status.FAILED,
                      error=type(error).__name__[:300], finished_at=timezone.now())
