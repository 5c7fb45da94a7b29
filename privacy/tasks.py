"""Slow and periodic work of data protection, run by Celery (never in a request).

- ``apply_retention``: daily (beat schedule ``privacy-apply-retention`` in the settings), one
  retention run per municipality (``privacy.runs``).
- ``render_export``: a subject-access export (JSON and PDF) or the data map (PDF), with the
  action plan's safe PDF renderer (``actionplans.pdf``: autoescaped templates, a URL fetcher
  that loads nothing but the project's own static files).
"""

import json
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from coordinator.models import Municipality

from .models import ExportKind, ExportStatus, PrivacyExport

logger = logging.getLogger(__name__)

SUBJECT_TEMPLATE = "privacy/print/subject_access.html"
DATA_MAP_TEMPLATE = "privacy/print/data_map.html"


@shared_task(name="privacy.tasks.apply_retention", ignore_result=True)
def apply_retention() -> dict:
    """One retention run per municipality, each in its own transaction and scope: a failing
    municipality is recorded as a failed run and the others go on. Idempotent (a second run the
    same day erases nothing more). Returns ``{"done": n, "failed": n}``."""
    from .runs import run_retention

    # Beat runs this with no request: the list of municipalities is read across all of them,
    # then each municipality's run works inside its own scope only.
    with scopes_disabled():
        municipality_ids = list(Municipality.objects.order_by("pk").values_list("pk", flat=True))
    result = {"done": 0, "failed": 0}
    for municipality_id in municipality_ids:
        with scope(municipality=municipality_id):
            run = run_retention(municipality_id)
        result["done" if run.status == "done" else "failed"] += 1
    return result


def _progress(export_id: int, **fields) -> None:
    PrivacyExport.objects.filter(pk=export_id).update(**fields)


@shared_task(name="privacy.tasks.render_export", ignore_result=True,
             soft_time_limit=settings.LINCHPIN_PDF_SOFT_TIME_LIMIT,
             time_limit=settings.LINCHPIN_PDF_TIME_LIMIT)
def render_export(export_id: int) -> None:
    """Render export ``export_id`` inside its municipality's scope (see ``_render``)."""
    # A task has no request: find the export's municipality across all of them, then work
    # inside that municipality's scope only.
    with scopes_disabled():
        municipality_id = (PrivacyExport.objects.filter(pk=export_id)
                           .values_list("municipality_id", flat=True).first())
    if municipality_id is None:
        return
    with scope(municipality=municipality_id):
        _render(export_id)


def _pdf(template: str, context: dict, language: str) -> tuple[bytes, int]:
    from actionplans import pdf

    with translation.override(language):
        html = render_to_string(template, context)
    document = pdf.layout(html)
    return document.write_pdf(**pdf.PDF_OPTIONS), len(document.pages)


def _render(export_id: int) -> None:
    """Make the files of ``PrivacyExport`` ``export_id``: for a subject-access export the JSON
    of ``subject_access.collect`` and its PDF, for the data map its PDF. A finished export is
    left as it is (a redelivered message does no harm). A failure marks it failed with the
    error's type (never content) and is logged; the admin asks again."""
    from . import datamap, subject_access

    export = PrivacyExport.objects.select_related("person", "organisation", "municipality") \
        .filter(pk=export_id).first()
    if export is None or export.is_finished:
        return
    _progress(export_id, status=ExportStatus.RUNNING)
    # The municipality's documents: in its default language (coordinator/languages.py).
    language = export.municipality.default_language or settings.LANGUAGE_CODE
    written = []
    try:
        fields = {}
        if export.kind == ExportKind.SUBJECT_ACCESS:
            data = subject_access.collect(export.subject)
            content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            export.json_file.save(export.download_name("json"),
                                  ContentFile(content.encode()), save=False)
            fields["json_file"] = export.json_file.name
            written.append(export.json_file.name)
            pdf_bytes, pages = _pdf(SUBJECT_TEMPLATE, {"data": subject_access.printable(data)},
                                    language)
        else:
            rows = datamap.data_map(export.municipality_id)
            pdf_bytes, pages = _pdf(DATA_MAP_TEMPLATE, {
                "rows": rows, "municipality": export.municipality,
                "generated_at": timezone.localtime()}, language)
        export.pdf_file.save(export.download_name("pdf"), ContentFile(pdf_bytes), save=False)
        _progress(export_id, status=ExportStatus.DONE, pdf_file=export.pdf_file.name,
                  pages=pages, finished_at=timezone.now(), **fields)
    except SoftTimeLimitExceeded:
        _discard(export, written)
        logger.warning("Privacy export %s stopped at the soft time limit", export_id)
        _progress(export_id, status=ExportStatus.FAILED, finished_at=timezone.now(),
                  error=_("The export took too long and was stopped."))
    except Exception as error:  # noqa: BLE001 - any failure is reported on the export
        _discard(export, written)
        logger.exception("Privacy export %s failed", export_id)
        _progress(export_id, status=ExportStatus.FAILED, error=type(error).__name__[:300],
                  finished_at=timezone.now())


def _discard(export, names) -> None:
    """Delete the files a failed export wrote: no personal data is left without a record."""
    for name in names:
        export.json_file.storage.delete(name)
