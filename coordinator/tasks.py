"""Celery tasks of the coordinator app: the password-reset view enqueues
``send_password_reset`` so the request answers alike whether or not an account exists; inviting
a user enqueues ``send_invitation``."""

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
