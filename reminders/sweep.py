"""The daily sweep of one municipality (issue 12 "Exactly once").

In one transaction, holding the municipality's lock: every registered kind says what is due
(:mod:`reminders.kinds`), the reminders are inserted once per (kind, subject, period, recipient)
(a conflict only refreshes ``seen_on``), snoozed ones whose day came are woken, open ones no
kind found again are closed as done, the due ones not yet in a digest join today's digest of
their recipient, and each pending digest's delivery task is enqueued on commit. Running it
twice the same day adds nothing and sends nothing twice; a delivery is its own retrying task
(:mod:`reminders.delivery`).

Locks: the municipality's row, ``SELECT ... FOR UPDATE SKIP LOCKED`` (a second sweep of the
same municipality at the same time returns at once, having done nothing), and before it a
cache key set only if absent with an expiry (Redis ``SET NX EX`` when ``REDIS_URL`` is set),
which also covers SQLite, where the row lock does nothing. The key holds the sweep's token,
the Celery task id: a task redelivered after its worker was killed mid-sweep (the broker
redelivers unacknowledged messages) finds its own token and goes on, instead of waiting for
the dead sweep's key to expire and skipping the day.
"""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from coordinator import changes
from coordinator.models import Membership, Municipality
from coordinator.policies import STAFF

from .models import OPEN_STATES, Digest, DigestState, Reminder, ReminderState
from .registry import KINDS, Sweep

logger = logging.getLogger(__name__)

#: Seconds the cache lock of a sweep lives at most (a killed sweep frees it by expiry).
LOCK_SECONDS = 15 * 60
UNIQUE_FIELDS = ["kind", "subject_type", "subject_id", "period", "recipient"]


@dataclass
class SweepResult:
    """What one municipality's sweep did: reminders ``found`` by the kinds (new or not),
    ``digests`` pending delivery (their ids), the kinds that ``failed``."""

    municipality_id: int
    found: int = 0
    digests: list[int] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def lock_key(municipality_id: int) -> str:
    return f"reminders:sweep:{municipality_id}"


def _content_type(subject) -> tuple[int, int]:
    """``(content type id, pk)`` of a record or a ``(model, pk)`` pair (content types are
    cached by Django after their first read)."""
    if isinstance(subject, tuple):
        model, pk = subject
    else:
        model, pk = type(subject), subject.pk
    return ContentType.objects.get_for_model(model).pk, pk


def staff_roles(municipality_id: int) -> dict[int, str]:
    """user pk -> role of the municipality's active staff with an e-mail address (one query)."""
    return dict(
        Membership.objects.filter(municipality_id=municipality_id, role__in=list(STAFF),
                                  user__is_active=True)
        .exclude(user__email="").values_list("user_id", "role")
    )


def sweep_municipality(municipality_id: int, today: date | None = None, *,
                       enqueue: bool = True, token: str | None = None) -> SweepResult | None:
    """Sweep municipality ``municipality_id`` for ``today`` (default: the local date). Returns
    None when another sweep of it holds the lock (nothing was done). ``token`` names this
    sweep in the lock (the task id; default: a new one): a lock already holding the same token
    was left by this very task before its worker died, and is taken over. With ``enqueue`` the
    delivery of every pending digest is queued when the transaction commits. A kind that
    raises is logged (its name and the error's type only) and skipped; the others go on."""
    today = today or timezone.localdate()
    token = token or uuid.uuid4().hex
    key = lock_key(municipality_id)
    added = cache.add(key, token, LOCK_SECONDS)
    if not added and cache.get(key) != token:
        return None
    swept = False
    try:
        with scope(municipality=municipality_id), transaction.atomic():
            locked = (Municipality.objects.select_for_update(skip_locked=True)
                      .filter(pk=municipality_id).first())
            if locked is None:
                return None
            swept = True
            result = _sweep(locked, today)
            if enqueue and result.digests:
                from .tasks import deliver_digest

                for digest_id in result.digests:
                    transaction.on_commit(partial(deliver_digest.delay, digest_id))
            return result
    finally:
        # A copy of a task still running (the broker redelivered it early) found the row
        # locked: the key is the running one's, which releases it.
        if (added or swept) and cache.get(key) == token:
            cache.delete(key)


def _sweep(municipality, today: date) -> SweepResult:
    result = SweepResult(municipality.pk)
    sweep = Sweep(municipality, today, staff_roles(municipality.pk))
    rows, succeeded = [], []
    for kind in KINDS.values():
        try:
            with transaction.atomic():  # a savepoint: a failed query leaves the rest usable
                found = list(kind.find(sweep))
        except Exception as exc:  # noqa: BLE001  one kind must not stop the others
            logger.error("Reminder kind %s failed in municipality %s (%s)",
                         kind.name, municipality.pk, type(exc).__name__)
            result.failed.append(kind.name)
            continue
        succeeded.append(kind.name)
        for due in found:
            type_id, pk = _content_type(due.subject)
            rows.append(Reminder(
                municipality=municipality, recipient_id=due.recipient_id, kind=kind.name,
                subject_type_id=type_id, subject_id=pk, title=due.title, period=due.period,
                due_on=due.due_on, seen_on=today,
            ))
    result.found = len(rows)
    if rows:
        # One row per (kind, subject, period, recipient): a second sweep only refreshes the
        # day it was last found (and a changed title or date), it never adds a row.
        Reminder.objects.bulk_create(rows, batch_size=1000, update_conflicts=True,
                                     unique_fields=UNIQUE_FIELDS,
                                     update_fields=["seen_on", "title", "due_on"])
    mine = Reminder.objects.filter(municipality=municipality)
    # Snoozed until today or earlier: due again, for the next digest.
    mine.filter(state=ReminderState.SNOOZED, snoozed_until__lte=today).update(
        state=ReminderState.DUE, snoozed_until=None, digest=None)
    # Not found again by a kind that ran: dealt with (a failed kind closes nothing).
    mine.filter(state__in=OPEN_STATES, kind__in=succeeded, seen_on__lt=today).update(
        state=ReminderState.DONE)
    _fill_digests(municipality, today, mine)
    # The writes above send no signal: pages kept in the cache (the inbox's number of
    # reminders, the dashboard) are built again once this commits.
    changes.mark_changed(municipality.pk)
    result.digests = list(
        Digest.objects.filter(municipality=municipality, state=DigestState.PENDING)
        .order_by("pk").values_list("pk", flat=True))
    return result


def _fill_digests(municipality, today: date, mine) -> None:
    """Today's digest for every recipient with due reminders in no digest yet (a digest already
    sent today leaves them to tomorrow's); then those reminders join it. Three queries."""
    waiting = mine.filter(state=ReminderState.DUE, digest__isnull=True)
    recipients = set(waiting.values_list("recipient_id", flat=True).distinct())
    if not recipients:
        return
    Digest.objects.bulk_create(
        [Digest(municipality=municipality, recipient_id=user_id, day=today,
                key=Digest.key_for(municipality.pk, user_id, today)) for user_id in recipients],
        ignore_conflicts=True,
    )
    todays = Digest.objects.filter(municipality=municipality, recipient=OuterRef("recipient_id"),
                                   day=today, state=DigestState.PENDING).values("pk")[:1]
    waiting.update(digest=Subquery(todays))


def sweep_all(today: date | None = None, *, enqueue: bool = True) -> list[SweepResult]:
    """Sweep every municipality one after the other in this process (the benchmark, a
    command). One that raises is logged and the next goes on."""
    # Reading the list of municipalities needs no scope; each sweep opens its own.
    with scopes_disabled():
        ids = list(Municipality.objects.order_by("pk").values_list("pk", flat=True))
    results = []
    for municipality_id in ids:
        try:
            result = sweep_municipality(municipality_id, today, enqueue=enqueue)
        except Exception as exc:  # noqa: BLE001  one municipality must not stop the others
            logger.error("Reminder sweep of municipality %s failed (%s)",
                         municipality_id, type(exc).__name__)
            continue
        if result is not None:
            results.append(result)
    return results
