"""Celery tasks of the engagement app. Beat runs ``send_commitment_reminders`` every six hours
(``CELERY_BEAT_SCHEDULE`` in ``coordinator/settings/base.py``)."""

from celery import shared_task

from . import reminders


@shared_task(
    bind=True,
    autoretry_for=reminders.MAIL_ERRORS,
    retry_backoff=60,  # seconds: 60, 120, 240, ... with jitter
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=6,
)
def send_commitment_reminders(self) -> dict:
    """E-mail the owners (else the coordinators) of open commitments due soon or overdue, once
    per commitment and due date (rules: :mod:`engagement.reminders`).

    Returns ``{"emails": int, "commitments": int, "errors": int}``. On an SMTP or network
    error the undelivered commitments are released and the task retries with backoff; the
    commitments already delivered are not sent again.
    """
    return reminders.send_commitment_reminders().as_dict()
