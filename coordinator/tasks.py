"""Celery tasks of the coordinator app: the password-reset view enqueues
``send_password_reset`` so the request answers alike whether or not an account exists; inviting
a user enqueues ``send_invitation``; long spreadsheet exports and large imports run here
(``coordinator.spreadsheets``), and their files are purged hourly."""

from celery import shared_task
from django_scopes import scope, scopes_disabled

from .auth import send_password_reset_email
from .mail import MAIL_ERRORS


@shared_task(
    name="coordinator.tasks.send_password_reset",
    autoretry_for=MAIL_ERRORS,
    retry_backoff=30,  # seconds: 30, 60, 120, ... with jitter; a reset link is awaited
    retry_backoff_max=10 * 60,
    retry_jitter=True,
    max_retries=5,
)
def send_password_reset(email: str, domain: str, use_https: bool = True) -> int:
    """Send the password-reset e-mail for ``email`` (rules:
    :func:`coordinator.auth.send_password_reset_email`). Returns the number of e-mails sent;
    retries on SMTP and network errors."""
    return send_password_reset_email(email, domain, use_https)


@shared_task(
    name="coordinator.tasks.send_invitation",
    autoretry_for=MAIL_ERRORS,
    retry_backoff=30,
    retry_backoff_max=10 * 60,
    retry_jitter=True,
    max_retries=5,
)
def send_invitation(invitation_id: int, municipality_id: int) -> int:
    """E-mail the one-time link of an invitation (rules:
    :func:`coordinator.users.services.send_invitation_email`; the token is drawn here, so it
    never travels through the broker). Returns 1 when sent, 0 when the invitation is no
    longer pending; retries on SMTP and network errors."""
    from .users.services import send_invitation_email  # services enqueue this task

    return send_invitation_email(invitation_id, municipality_id)


# --------------------------------------------------------------------------- spreadsheets
# A task has no request: each finds its record's municipality across all of them, then works
# inside that municipality's scope only.


def _in_scope_of(model, pk: int, work) -> None:
    with scopes_disabled():
        municipality_id = model.objects.filter(pk=pk).values_list("municipality_id",
                                                                  flat=True).first()
    if municipality_id is None:
        return
    with scope(municipality=municipality_id):
        work(pk)


@shared_task(name="coordinator.tasks.render_spreadsheet_export", ignore_result=True)
def render_spreadsheet_export(export_id: int) -> None:
    """Render a long list's spreadsheet into private storage
    (:func:`coordinator.spreadsheets.exports.run_export`; idempotent)."""
    from .spreadsheets.exports import run_export
    from .spreadsheets.models import SpreadsheetExport

    _in_scope_of(SpreadsheetExport, export_id, run_export)


@shared_task(name="coordinator.tasks.check_spreadsheet_import", ignore_result=True)
def check_spreadsheet_import(import_id: int) -> None:
    """Check every row of a large uploaded file, with progress
    (:func:`coordinator.spreadsheets.imports.check`; idempotent)."""
    from .spreadsheets.imports import check
    from .spreadsheets.models import SpreadsheetImport

    _in_scope_of(SpreadsheetImport, import_id, check)


@shared_task(name="coordinator.tasks.run_spreadsheet_import", ignore_result=True)
def run_spreadsheet_import(import_id: int) -> None:
    """Import a confirmed large file in one transaction
    (:func:`coordinator.spreadsheets.imports.run_queued`; runs once however often it is
    delivered)."""
    from .spreadsheets.imports import run_queued
    from .spreadsheets.models import SpreadsheetImport

    _in_scope_of(SpreadsheetImport, import_id, run_queued)


@shared_task(name="coordinator.tasks.purge_spreadsheet_files", ignore_result=True)
def purge_spreadsheet_files() -> int:
    """Delete the files of spreadsheet exports and uploads past their hours, in every
    municipality (``coordinator.spreadsheets.imports.purge_files``). Returns how many."""
    from .spreadsheets.imports import purge_files

    # Every municipality's expired files, one statement per model: the rows say whose.
    with scopes_disabled():
        return purge_files()
