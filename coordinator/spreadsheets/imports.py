"""Import of communities, organisations, people and interactions from CSV or XLSX (issue 13).

Upload (:func:`start`) → check (:func:`check`: a dry run of every row, rolled back, giving the
*report*: each row to be created, updated or left unchanged, and each bad row with its line,
column and reason) → confirm once (:func:`confirm`) → import (:func:`run_confirmed`: every row
checked again, never trusting the preview, all of it in one transaction). A file with a bad row
commits nothing unless the user chose to skip the bad rows. Files with more than
``LINCHPIN_SPREADSHEET_IMPORT_ASYNC_ROWS`` rows are checked and imported by Celery, with
progress. The uploaded file lives in private storage and is deleted once imported, cancelled
or expired.

Every row goes through the access layer and the model's own rules (``ScopedResource``): the
records are the actor's municipality's, ids of records the actor may not change are refused,
related names are looked up among what the actor may see, and the engagement-level gate
refuses what it refuses in a form."""

import logging

import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.results import RowResult

from ..access import Action, actor_for, can
from . import files, registry
from .models import ExportStatus, ImportStatus, SpreadsheetExport, SpreadsheetImport

logger = logging.getLogger(__name__)

#: Rows checked per transaction when a large file is checked in Celery (progress between).
CHECK_CHUNK = 250
_ACTIONS = {RowResult.IMPORT_TYPE_NEW: "new", RowResult.IMPORT_TYPE_UPDATE: "update",
            RowResult.IMPORT_TYPE_SKIP: "unchanged"}


def progress_key(import_id: int) -> str:
    """The cache key of an import's progress while its one transaction runs (the row itself
    cannot show it before the commit)."""
    return f"linchpin:spreadsheet-import:{import_id}:progress"


# --------------------------------------------------------------------------- the file


def validate_file(entry, actor, content: bytes, fmt: str) -> files.Sheet:
    """The ``Sheet`` of an upload for ``entry``, or ``ValidationError``: unreadable, a column
    named twice, or a required column missing."""
    sheet = files.read(content, fmt)
    named = [h for h in sheet.headers if h]
    twice = sorted({h for h in named if named.count(h) > 1})
    if twice:
        raise ValidationError(_("These columns appear more than once: %(columns)s.")
                              % {"columns": ", ".join(twice)})
    resource = entry.resource(actor)
    missing = [c for c in resource.required_columns if c not in sheet.headers]
    if missing:
        raise ValidationError(_(
            "The file has no column %(columns)s. The first line must name the columns as in "
            "the template.") % {"columns": ", ".join(f"“{c}”" for c in missing)})
    return sheet


def _dataset(sheet: files.Sheet) -> tablib.Dataset:
    headers = [h or f"column {i}" for i, h in enumerate(sheet.headers, 1)]
    rows = [tuple(row) for row in sheet.rows]
    if "id" not in headers:  # a file of new records only: django-import-export wants the key
        headers, rows = ["id", *headers], [(None, *row) for row in rows]
    return tablib.Dataset(*rows, headers=headers)


def _sheet_of(job: SpreadsheetImport) -> files.Sheet:
    with job.file.open("rb") as stored:
        return files.read(stored.read(), job.format)


def start(actor, entry, upload_name: str, content: bytes, fmt: str,
          sheet: files.Sheet | None = None) -> SpreadsheetImport:
    """Store an upload (``sheet``: as :func:`validate_file` read it, else read here) and check
    it: at once when it is small, by Celery otherwise. ``PermissionDenied`` unless the actor
    may add ``entry``'s records. Returns the import."""
    if not can(actor, Action.ADD, entry.model):
        raise PermissionDenied
    sheet = sheet or files.read(content, fmt)
    job = SpreadsheetImport(municipality_id=actor.municipality_id, requested_by=actor.user,
                            resource=entry.key, format=fmt, original_name=upload_name[:200],
                            row_count=len(sheet.rows))
    job.file.save(f"upload.{fmt}", ContentFile(content), save=False)
    job.save()
    logger.info("Spreadsheet import %s of %s by user %s: %s rows", job.pk, entry.key,
                actor.user.pk, job.row_count)
    if job.row_count > settings.LINCHPIN_SPREADSHEET_IMPORT_ASYNC_ROWS:
        from ..tasks import check_spreadsheet_import  # tasks import this module

        transaction.on_commit(lambda: check_spreadsheet_import.delay(job.pk))
    else:
        check(job.pk, sheet=sheet)
    return job


# --------------------------------------------------------------------------- the report


def _messages(error: ValidationError) -> list[list[str]]:
    if hasattr(error, "error_dict"):
        return [["" if column == NON_FIELD_ERRORS else column, message]
                for column, messages in error.message_dict.items() for message in messages]
    return [["", message] for message in error.messages]


def _label(row_result) -> str:
    if row_result.object_repr:
        return str(row_result.object_repr)[:120]
    values = row_result.row_values or {}
    for column in ("name", "topic", "occurred_on", "id"):
        if values.get(column) not in (None, ""):
            return str(values[column])[:120]
    return ""


def _collect(result, lines: list[int], report: dict) -> None:
    """Add ``result``'s rows (django-import-export) to ``report``."""
    if result.base_errors:
        raise RuntimeError("the import could not start")  # reported as a failed import
    for row_result, line in zip(result.rows, lines, strict=True):
        if row_result.import_type in _ACTIONS:
            action, errors = _ACTIONS[row_result.import_type], []
        else:
            action = "bad"
            errors = _messages(row_result.validation_error) if row_result.validation_error \
                else [["", _("This row could not be read.")]]
        report[action] = report.get(action, 0) + 1
        report["rows"].append({"line": line, "action": action, "label": _label(row_result),
                               "id": row_result.object_id if action != "bad" else None,
                               "errors": errors})


def _empty_report(sheet: files.Sheet, resource) -> dict:
    known = set(resource.read_columns()) | {"id"}
    return {"rows": [], "new": 0, "update": 0, "unchanged": 0, "bad": 0,
            "ignored_columns": [h for h in sheet.headers if h and h not in known]}


def check(import_id: int, sheet: files.Sheet | None = None) -> None:
    """Check every row of import ``import_id`` without saving anything (each chunk is a dry
    run, rolled back) and store the report; the import is then waiting for confirmation.
    Idempotent: only an import being checked is checked."""
    job = SpreadsheetImport.objects.select_related("requested_by").filter(
        pk=import_id, status=ImportStatus.VALIDATING).first()
    if job is None:
        return
    actor = actor_for(job.requested_by, job.municipality_id)
    entry = registry.entry_for(job.resource)
    try:
        if entry is None or not can(actor, Action.ADD, entry.model):
            raise PermissionDenied
        sheet = sheet or _sheet_of(job)
        resource = entry.resource(actor)
        report = _empty_report(sheet, resource)
        dataset = _dataset(sheet)
        chunk = len(sheet.rows) if len(sheet.rows) <= settings.LINCHPIN_SPREADSHEET_IMPORT_ASYNC_ROWS \
            else CHECK_CHUNK
        for start_at in range(0, len(sheet.rows), chunk):
            part = tablib.Dataset(*dataset[start_at:start_at + chunk], headers=dataset.headers)
            result = resource.import_data(part, dry_run=True, use_transactions=True,
                                          raise_errors=False)
            _collect(result, sheet.lines[start_at:start_at + chunk], report)
            SpreadsheetImport.objects.filter(pk=import_id).update(
                progress=min(99, (start_at + chunk) * 100 // len(sheet.rows)))
    except Exception as error:  # noqa: BLE001 - reported on the import, never a value
        _fail(import_id, error)
        return
    SpreadsheetImport.objects.filter(pk=import_id, status=ImportStatus.VALIDATING).update(
        status=ImportStatus.PREVIEWED, report=report, progress=100)


def _fail(import_id: int, error: Exception) -> None:
    if isinstance(error, PermissionDenied):
        reason = _("You may not import these records.")
    elif isinstance(error, ValidationError | FileNotFoundError):
        reason = " ".join(getattr(error, "messages", [])) or _("The file could not be read.")
    else:
        logger.exception("Spreadsheet import %s failed", import_id)
        reason = _("The import failed (%(reason)s). Try again; if it fails again, tell your "
                   "administrator.") % {"reason": type(error).__name__}
    SpreadsheetImport.objects.filter(pk=import_id).update(
        status=ImportStatus.FAILED, error=reason[:300], finished_at=timezone.now())


# --------------------------------------------------------------------------- confirm, import


def confirm(import_id: int, skip_bad_rows: bool) -> bool:
    """Confirm import ``import_id`` once: a second confirmation (a double click, a second tab)
    finds it no longer waiting and does nothing. A small file is imported here, in one
    transaction; a large one is queued for Celery. Returns True when this call confirmed it."""
    large = SpreadsheetImport.objects.filter(
        pk=import_id, row_count__gt=settings.LINCHPIN_SPREADSHEET_IMPORT_ASYNC_ROWS).exists()
    if large:
        claimed = SpreadsheetImport.objects.filter(
            pk=import_id, status=ImportStatus.PREVIEWED,
        ).update(status=ImportStatus.QUEUED, skip_bad_rows=skip_bad_rows, progress=0)
        if claimed:
            from ..tasks import run_spreadsheet_import  # tasks import this module

            transaction.on_commit(lambda: run_spreadsheet_import.delay(import_id))
        return bool(claimed)
    with transaction.atomic():
        # The UPDATE locks the row until the commit: a concurrent confirmation waits, then
        # finds the import done.
        claimed = SpreadsheetImport.objects.filter(
            pk=import_id, status=ImportStatus.PREVIEWED,
        ).update(status=ImportStatus.QUEUED, skip_bad_rows=skip_bad_rows)
        if claimed:
            run_confirmed(import_id)
    return bool(claimed)


def run_queued(import_id: int) -> None:
    """Celery's side of :func:`confirm`: import a queued file in one transaction. Delivered
    twice, it imports once: the second delivery waits for the first's lock, then finds the
    import no longer queued."""
    with transaction.atomic():
        claimed = SpreadsheetImport.objects.filter(
            pk=import_id, status=ImportStatus.QUEUED).update(progress=1)
        if claimed:
            run_confirmed(import_id)


def run_confirmed(import_id: int) -> None:
    """Import every row of a confirmed file, checking each again (the preview is not
    trusted), inside the caller's transaction. With a bad row and without "skip the bad
    rows", nothing is saved: the import goes back to waiting, with the new report."""
    job = SpreadsheetImport.objects.select_related("requested_by").get(pk=import_id)
    actor = actor_for(job.requested_by, job.municipality_id)
    entry = registry.entry_for(job.resource)
    try:
        if entry is None or not can(actor, Action.ADD, entry.model):
            raise PermissionDenied
        sheet = _sheet_of(job)
        resource = entry.resource(actor)
        total = max(len(sheet.rows), 1)
        resource.on_row = lambda number: cache.set(
            progress_key(import_id), min(99, number * 100 // total), 3600) \
            if number % 50 == 0 else None
        report = _empty_report(sheet, resource)
        with transaction.atomic():
            result = resource.import_data(
                _dataset(sheet), dry_run=False, use_transactions=True, raise_errors=False,
                rollback_on_validation_errors=not job.skip_bad_rows)
            _collect(result, sheet.lines, report)
    except Exception as error:  # noqa: BLE001 - reported on the import, never a value
        # Raised inside the inner block, it rolled back every row; the failure is recorded
        # in the caller's transaction.
        _fail(import_id, error)
        return
    finally:
        cache.delete(progress_key(import_id))
    if report["bad"] and not job.skip_bad_rows:
        SpreadsheetImport.objects.filter(pk=import_id).update(
            status=ImportStatus.PREVIEWED, report=report, progress=100,
            error=_("The file was checked again and has bad rows: nothing was imported."))
        return
    counts = {key: report[key] for key in ("new", "update", "unchanged", "bad")}
    SpreadsheetImport.objects.filter(pk=import_id).update(
        status=ImportStatus.IMPORTED, report=report, result=counts, progress=100, error="",
        finished_at=timezone.now())
    logger.info("Spreadsheet import %s of %s: %s new, %s updated, %s bad rows skipped",
                import_id, job.resource, counts["new"], counts["update"], counts["bad"])
    name = job.file.name
    transaction.on_commit(lambda: _delete_upload(import_id, name))


def _delete_upload(import_id: int, name: str) -> None:
    if name:
        SpreadsheetImport._meta.get_field("file").storage.delete(name)
    SpreadsheetImport.objects.filter(pk=import_id).update(file="")


def cancel(import_id: int) -> bool:
    """Cancel an import not yet confirmed, and delete its file. True when cancelled."""
    job = SpreadsheetImport.objects.filter(
        pk=import_id, status__in=[ImportStatus.VALIDATING, ImportStatus.PREVIEWED,
                                  ImportStatus.FAILED]).first()
    if job is None:
        return False
    SpreadsheetImport.objects.filter(pk=import_id).update(status=ImportStatus.CANCELLED,
                                                          report={}, finished_at=timezone.now())
    transaction.on_commit(lambda: _delete_upload(import_id, job.file.name))
    return True


# --------------------------------------------------------------------------- expiry


def purge_files(now=None) -> int:
    """Delete the files of exports and uploads whose ``expires_at`` passed; an export's row
    stays as the log, marked expired; an import not imported is marked expired and loses its
    report. Returns the number of files deleted."""
    now = now or timezone.now()
    deleted = 0
    for export in SpreadsheetExport.objects.filter(expires_at__lt=now).exclude(file=""):
        export.file.delete(save=False)
        SpreadsheetExport.objects.filter(pk=export.pk).update(file="", object_ids=[],
                                                              status=ExportStatus.EXPIRED)
        deleted += 1
    SpreadsheetExport.objects.filter(
        expires_at__lt=now, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING],
    ).update(status=ExportStatus.EXPIRED, object_ids=[])
    waiting = [ImportStatus.VALIDATING, ImportStatus.PREVIEWED, ImportStatus.FAILED,
               ImportStatus.CANCELLED]
    for job in SpreadsheetImport.objects.filter(expires_at__lt=now).exclude(file=""):
        job.file.delete(save=False)
        deleted += 1
    SpreadsheetImport.objects.filter(expires_at__lt=now, status__in=waiting).update(
        status=ImportStatus.EXPIRED, report={}, file="")
    SpreadsheetImport.objects.filter(expires_at__lt=now).exclude(file="").update(file="")
    return deleted
