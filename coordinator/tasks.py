"""Celery tasks of the coordinator app: the password-reset view enqueues
``send_password_reset`` so the request answers alike whether or not an account exists."""

from celery import shared_task

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
