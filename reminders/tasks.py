"""Celery tasks of the reminders. Beat runs ``sweep_reminders`` daily
(``CELERY_BEAT_SCHEDULE``); it enqueues one ``sweep_municipality`` per municipality, which
enqueues one ``deliver_digest`` per pending digest, each on commit. Tasks take ids only."""

from functools import partial

from celery import shared_task
from django.db import DatabaseError, transaction
from django_scopes import scopes_disabled

from coordinator.models import Municipality

from . import delivery, sweep


@shared_task(acks_late=True, reject_on_worker_lost=True)
def sweep_reminders() -> int:
    """Enqueue the sweep of every municipality; returns how many."""
    # The list of municipalities is not a municipality's record: no scope.
    with scopes_disabled():
        ids = list(Municipality.objects.order_by("pk").values_list("pk", flat=True))
    for municipality_id in ids:
        transaction.on_commit(partial(sweep_municipality.delay, municipality_id))
    return len(ids)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True,
             autoretry_for=(DatabaseError,), retry_backoff=30, retry_backoff_max=15 * 60,
             max_retries=5)
def sweep_municipality(self, municipality_id: int, day: str | None = None) -> dict | None:
    """Sweep one municipality (rules: :mod:`reminders.sweep`); ``day`` ISO date, default today.
    Returns ``{"found", "digests", "failed"}`` or None when another sweep held the lock. The
    task id is the sweep's lock token, so the same message redelivered after its worker died
    takes its own lock over."""
    from datetime import date

    result = sweep.sweep_municipality(municipality_id, date.fromisoformat(day) if day else None,
                                      token=self.request.id)
    if result is None:
        return None
    return {"found": result.found, "digests": len(result.digests), "failed": result.failed}


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=delivery.MAIL_ERRORS,
    retry_backoff=60,  # seconds: 60, 120, 240, ... with jitter
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=8,
)
def deliver_digest(digest_id: int) -> str:
    """Send one digest once (rules: :mod:`reminders.delivery`)."""
    return delivery.deliver(digest_id)
