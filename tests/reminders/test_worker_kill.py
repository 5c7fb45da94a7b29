"""Exactly once with real workers and Redis (issue 12 "Exactly once"): a worker killed with
SIGKILL in the middle of a sweep or of a delivery, and restarted, leaves every due reminder
delivered once; two beats at once, served by two workers, send nothing twice.

Each worker is a process of its own (tests/reminders/workers.py, killable.py) on the test
database and the broker of ``REDIS_URL``; the mail server is a folder with one file per e-mail
accepted, counted by ``Message-ID``. The kill lands where the test says: the worker stops at a
named point and reports it, then the test kills it. Redis gives the killed worker's
unacknowledged message (``acks_late``) back to the queue; the restarted worker runs it again.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from coordinator.models import Role
from reminders import tasks
from reminders.delivery import message_id
from reminders.models import Digest, DigestState, Reminder, ReminderState

from ..factories import CommitmentFactory, MunicipalityFactory, member
from .workers import needs_postgres_and_redis

pytestmark = [pytest.mark.worker, needs_postgres_and_redis,
              pytest.mark.django_db(transaction=True)]

MUNICIPALITIES, COORDINATORS, COMMITMENTS = 3, 3, 2
DIGESTS = MUNICIPALITIES * COORDINATORS
REMINDERS = DIGESTS * COMMITMENTS


@pytest.fixture
def network():
    """Three municipalities of three coordinators, each owning two commitments due in three
    days: 18 reminders in 9 digests, 3 per municipality. Returns the municipalities."""
    municipalities = []
    for number in range(MUNICIPALITIES):
        municipality = MunicipalityFactory(name=f"Town {number}", slug=f"kill-town-{number}")
        for _ in range(COORDINATORS):
            owner = member(municipality, Role.COORDINATOR)
            CommitmentFactory.create_batch(COMMITMENTS, municipality=municipality, owner=owner,
                                           due_on=timezone.localdate() + timedelta(days=3))
        municipalities.append(municipality)
    return municipalities


def all_sent() -> bool:
    return (Digest.objects.filter(state=DigestState.SENT).count() == DIGESTS
            and not Digest.objects.filter(state=DigestState.PENDING).exists())


def assert_each_reminder_delivered_once(workers, resent: set[str] = frozenset()):
    """One digest per recipient and day, each sent once and accepted by the mail server under
    its ``Message-ID``; no e-mail of another ID; every reminder in exactly one of them. Only the
    IDs in ``resent`` (a kill after the server accepted, before the worker heard back) may have
    gone out twice, with the same ID."""
    digests = list(Digest.objects.select_related("recipient"))
    assert len(digests) == DIGESTS
    assert len({(d.municipality_id, d.recipient_id, d.day) for d in digests}) == DIGESTS
    assert all(d.state == DigestState.SENT and d.sent_count == COMMITMENTS for d in digests)

    counts = workers.message_ids()
    expected = {message_id(d) for d in digests}
    assert set(counts) == expected, "an e-mail was lost or one of another ID was sent"
    doubled = {key for key, count in counts.items() if count > 1}
    assert doubled <= set(resent), f"sent twice: {doubled}"
    assert all(count <= 2 for count in counts.values())

    reminders = Reminder.objects.filter(state=ReminderState.DUE)
    assert reminders.count() == REMINDERS
    assert Reminder.objects.filter(digest__isnull=True).count() == 0
    carried = {}
    for message in workers.messages():
        digest = next(d for d in digests if message_id(d) == message["Message-ID"])
        assert message["To"] == digest.recipient.email
        assert message["X-Linchpin-Idempotency-Key"] == digest.key
        carried[digest.key] = int(re.search(r"(\d+) reminders?", message["Subject"]).group(1))
    assert sum(carried.values()) == REMINDERS


def beat(workers):
    """What Celery beat does each morning, onto the test's queue."""
    tasks.sweep_reminders.apply_async(queue=workers.queue)


@pytest.mark.parametrize("point", ["sweep:2", "enqueue:1", "mail-before:4", "mail-after:4"])
def test_a_worker_killed_mid_sweep_or_mid_delivery_loses_and_doubles_nothing(network, workers,
                                                                            point):
    first = workers.start(hang=point)
    beat(workers)
    where = workers.wait_until_hanging()
    workers.kill(first)

    # Where the kill landed, as the database and the mail server tell it.
    accepted = len(workers.messages())
    if where == "sweep":  # the second municipality's sweep was rolled back with its worker
        assert Reminder.objects.filter(municipality=network[0]).count() == 6
        assert Reminder.objects.filter(municipality=network[1]).count() == 0
        assert accepted == 0
    elif where == "enqueue":  # the first sweep committed; one delivery of three queued
        assert Digest.objects.filter(state=DigestState.PENDING).count() == COORDINATORS
        assert accepted == 0
    else:  # four e-mails accepted; the fifth not yet, or accepted and not recorded
        assert accepted == 4
        sent = 4 if where == "mail-before" else 3
        assert Digest.objects.filter(state=DigestState.SENT).count() == sent
    in_flight = set()
    if where == "mail-after":
        in_flight = {workers.messages()[-1]["Message-ID"]}

    workers.start()
    workers.settle(all_sent)
    workers.stop_all()
    assert workers.idle()

    assert_each_reminder_delivered_once(workers, resent=in_flight)
    if where == "mail-after":
        assert workers.message_ids()[next(iter(in_flight))] == 2  # the same ID, resent once
    else:
        assert len(workers.messages()) == DIGESTS


def test_two_beats_at_once_served_by_two_workers_send_nothing_twice(network, workers):
    workers.start()
    workers.start()
    beat(workers)
    beat(workers)
    workers.settle(all_sent)
    workers.stop_all()

    assert_each_reminder_delivered_once(workers)
    assert len(workers.messages()) == DIGESTS
