"""Periodic work of assessing partners (run by Celery beat; see the schedule entry
``vetting-expire-assessments`` in the settings)."""

from celery import shared_task
from django_scopes import scopes_disabled


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
