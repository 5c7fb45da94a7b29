"""Celery tasks of assessing partners: the periodic expiry (Celery beat; see the schedule entry
``vetting-expire-assessments`` in the settings) and the e-mails the transitions of
``vetting.services`` enqueue after commit."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django_scopes import scopes_disabled

from coordinator.mail import MAIL_ERRORS, templated_message

#: The e-mails :func:`send_notice` may send (``templates/emails/<name>.txt`` and
#: ``<name>_subject.txt``) and the context keys each one takes. None carries findings,
#: sources, reasons, conditions or any community data.
NOTICE_TEMPLATES = {
    "assessment_notice": {"organisation", "event", "state", "link"},
    "assessment_outcome": {"organisation", "state", "review"},
    "compliance_alert": {"organisation", "what", "link"},
}


@shared_task(name="vetting.tasks.expire_assessments")
def expire_assessments() -> dict[str, int]:
    """Mark decided assessments whose review date passed as expired, flag every organisation
    at collaboration/partnership or with funding that has no current clearance (its level is
    not lowered), and tell its coordinators once. Idempotent: safe to run at any interval.
    Returns counts ``{"expired", "flagged", "resolved"}``."""
    from .services import expire_due_assessments

    # A sweep over every municipality's assessments, run by beat with no request.
    with scopes_disabled():
        return expire_due_assessments()


@shared_task(
    name="vetting.tasks.send_notice",
    autoretry_for=MAIL_ERRORS,
    retry_backoff=60,  # seconds: 60, 120, 240, ... with jitter
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=6,
)
def send_notice(user_id: int, name: str, context: dict, language: str | None = None) -> int:
    """E-mail the notice ``name`` (a key of :data:`NOTICE_TEMPLATES`) with ``context`` (text
    already in ``language``, the recipient's) to the user ``user_id``, in ``language``.
    Returns 1 when sent, 0 when the user is gone, inactive or has no e-mail address any more.
    Raises ``ValueError`` for an unknown ``name`` or context keys the template does not take
    (so nothing unplanned reaches an e-mail); retries on SMTP and network errors (one task
    per recipient: a retry sends to nobody twice)."""
    allowed = NOTICE_TEMPLATES.get(name)
    if allowed is None:
        raise ValueError(f"unknown notice {name!r}")
    if not set(context) <= allowed:
        raise ValueError(f"notice {name!r} does not take {sorted(set(context) - allowed)}")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return 0
    templated_message(name, context, user.email, language=language).send()  # the default mailer (EMAIL_URL)
    return 1
