"""Celery tasks of the coordinator app. Beat runs ``send_commitment_reminders`` every six hours
(``CELERY_BEAT_SCHEDULE`` in ``coordinator/settings/base.py``); the password-reset view
enqueues ``send_password_reset``."""

from celery import shared_task

from . import reminders
from .auth import send_password_reset_email
from .mail import MAIL_ERRORS


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
    per commitment and due date (rules: :mod:`coordinator.reminders`).

    Returns ``{"emails": int, "commitments": int, "errors": int}``. On an SMTP or network
    error the undelivered commitments are released and the task retries with backoff; the
    commitments already delivered are not sent again.
    """
    return reminders.send_commitment_reminders().as_dict()


@shared_task(
    name="coordinator.tasks.send_password_reset",
    autoretry_for=MAIL_ERRORS,
    retry_backoff=30,  # seconds: 30, 60, 120, ... with jitter; a reset link is awaited
    retry_backoff_max=10 * 60,
    retry_jitter=True,
    max_retries=5,
)
def send_password_reset(email: str, domain: str, use_https: bool = True) -> int:
    """Send the password-reset e-mail for ``email`` (enqueued by the reset view, so that the
    request answers alike whether or not an account exists; rules:
    :func:`coordinator.auth.send_password_reset_email`). Returns the number of e-mails sent;
    retries on SMTP and network errors."""
    return send_password_reset_email(email, domain, use_https)
