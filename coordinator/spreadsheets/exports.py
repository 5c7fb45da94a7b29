"""Export of a staff list as CSV or XLSX (issue 13, "Export of every list").

A list page (``ScopedListView``) answers ``?export=csv`` or ``?export=xlsx`` with its own
filters: the rows are the ids of the very queryset the page lists (``visible()`` and the
filterset), rendered by the model's registered resource, which reads them again through
``visible()``. Every export is written to ``SpreadsheetExport`` (who, which list, the filters,
the row count; never a value) and, for a partner professional, to the read-access log like a
page. A list longer than ``LINCHPIN_SPREADSHEET_EXPORT_ASYNC_ROWS`` is rendered by Celery
(``coordinator.tasks.render_spreadsheet_export``) into private storage; the user downloads it
from the export's page until the file expires."""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import Action, actor_for, can, record_access
from . import registry
from .models import ExportStatus, Format, SpreadsheetExport

logger = logging.getLogger(__name__)

#: Query parameters of the export itself, not filters of the list.
EXPORT_PARAMETERS = ("export", "special", "page")
CONTENT_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: Characters a spreadsheet file cannot hold (openpyxl refuses them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def entry_of(view) -> registry.Entry | None:
    """The registered resource of a list view (``export_key``, default the model's label)."""
    key = getattr(view, "export_key", None) or (view.model._meta.label_lower if view.model else None)
    return registry.entry_for(key)


def offer(view) -> dict | None:
    """What the list template shows of the export (``includes/export_buttons.html``): None
    when the list has no resource or the actor may not export it."""
    entry = entry_of(view)
    if entry is None or not can(view.actor, Action.EXPORT, view.model):
        return None
    special = bool(getattr(entry.model, "SPECIAL_CATEGORY_FIELDS", ())) and \
        view.actor.sees_special_category()
    query = [(name, value) for name, values in view.request.GET.lists()
             if name not in EXPORT_PARAMETERS for value in values]
    importable = entry.import_slug if entry.import_slug and can(
        view.actor, Action.ADD, entry.model) else None
    return {"query": query, "special": special, "import_slug": importable,
            "formats": Format.choices}


def file_content(dataset, fmt: str) -> bytes:
    """``dataset`` as the bytes of a CSV (UTF-8 with a byte-order mark, which spreadsheet
    programs need to read accents) or an XLSX file."""
    if fmt == Format.XLSX:
        for index, row in enumerate(list(dataset)):
            cleaned = [_ILLEGAL.sub("\N{REPLACEMENT CHARACTER}", v) if isinstance(v, str) else v
                       for v in row]
            dataset[index] = cleaned
        return dataset.export("xlsx")
    return dataset.export("csv").encode("utf-8-sig")


def render(actor, key: str, ids, fmt: str, include_special: bool, progress=None) -> bytes:
    """The file of the records ``ids`` of resource ``key`` that ``actor`` may see, in
    ``fmt``; ethnicity and faith only when ``include_special`` and the actor may read them."""
    entry = registry.entry_for(key)
    resource = entry.resource(actor, include_special=include_special)
    return file_content(resource.dataset(ids, progress=progress), fmt)


def _filters(request) -> dict:
    return {name[:60]: [value[:200] for value in values][:20]
            for name, values in request.GET.lists() if name not in EXPORT_PARAMETERS}


def export_list(view, fmt: str):
    """The response of a list page asked for an export: the file at once, or a redirect to
    the page of the export Celery makes. 404 for an unknown format or a list without a
    resource; 403 when the actor may not export it."""
    entry = entry_of(view)
    if fmt not in Format.values or entry is None:
        raise Http404
    actor, request = view.actor, view.request
    if not can(actor, Action.EXPORT, view.model):
        raise PermissionDenied
    include_special = request.GET.get("special") == "1" and actor.sees_special_category() \
        and bool(getattr(entry.model, "SPECIAL_CATEGORY_FIELDS", ()))
    ids = list(dict.fromkeys(view.get_queryset().values_list("pk", flat=True)))
    list_name = request.resolver_match.view_name if request.resolver_match else request.path
    fields = dict(municipality_id=actor.municipality_id, requested_by=request.user,
                  list_name=list_name[:100], resource=entry.key, format=fmt,
                  filters=_filters(request), include_special=include_special,
                  row_count=len(ids))
    logger.info("Spreadsheet export of %s by user %s: %s rows as %s%s", list_name,
                request.user.pk, len(ids), fmt, " with special-category data"
                if include_special else "")
    if len(ids) > settings.LINCHPIN_SPREADSHEET_EXPORT_ASYNC_ROWS:
        return redirect(_queue(fields, ids))
    content = render(actor, entry.key, ids, fmt, include_special)
    export = SpreadsheetExport.objects.create(status=ExportStatus.DOWNLOADED, progress=100,
                                              finished_at=timezone.now(), **fields)
    record_access(request, entry.model, ids)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export.download_name}"'
    response["Cache-Control"] = "no-store, private"
    return response


def _queue(fields: dict, ids: list) -> SpreadsheetExport:
    """The export of a long list, queued once: the same request repeated within ten minutes
    while the first is still being made leads to the first."""
    from ..tasks import render_spreadsheet_export  # tasks import this module

    same = SpreadsheetExport.objects.filter(
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING],
        created_at__gte=timezone.now() - timedelta(minutes=10),
        **{k: v for k, v in fields.items() if k not in ("filters", "row_count")},
    )
    for export in same:
        if export.filters == fields["filters"]:
            return export
    export = SpreadsheetExport.objects.create(object_ids=ids, status=ExportStatus.QUEUED,
                                              **fields)
    transaction.on_commit(lambda: render_spreadsheet_export.delay(export.pk))
    return export


def run_export(export_id: int) -> None:
    """Render export ``export_id`` (inside its municipality's scope) into its file. The access
    layer is asked again, as the requester stands now: a right withdrawn since the request
    fails the export, and rows no longer visible are left out. Idempotent: a finished export
    is left as it is; a redelivered message of one that was running renders it again."""
    claimed = SpreadsheetExport.objects.filter(
        pk=export_id, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING],
    ).update(status=ExportStatus.RUNNING, progress=1)
    if not claimed:
        return
    export = SpreadsheetExport.objects.select_related("requested_by").get(pk=export_id)
    actor = actor_for(export.requested_by, export.municipality_id)
    entry = registry.entry_for(export.resource)
    if entry is None or not can(actor, Action.EXPORT, entry.model):
        SpreadsheetExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, object_ids=[], finished_at=timezone.now(),
            error=_("You may no longer export this list."))
        return

    def progress(done, total):
        SpreadsheetExport.objects.filter(pk=export_id).update(
            progress=max(1, min(95, done * 95 // max(total, 1))))

    try:
        content = render(actor, entry.key, export.object_ids, export.format,
                         export.include_special, progress=progress)
        if export.file:  # a redelivered message: the earlier attempt's file goes
            export.file.delete(save=False)
        export.file.save(export.download_name, ContentFile(content), save=False)
    except Exception as error:  # noqa: BLE001 - any failure is reported on the export
        logger.exception("Spreadsheet export %s failed", export_id)
        SpreadsheetExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, finished_at=timezone.now(),
            error=type(error).__name__[:300])
        return
    record_access(actor, entry.model, export.object_ids, view_name=export.list_name)
    SpreadsheetExport.objects.filter(pk=export_id).update(
        status=ExportStatus.READY, progress=100, file=export.file.name, object_ids=[],
        finished_at=timezone.now())
