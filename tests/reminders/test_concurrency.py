"""Two at once, on PostgreSQL (issue 12 "Exactly once": two beats started at once send nothing
twice). Threads of this process, each with its own database connection, run the sweep and the
delivery side by side: the Redis lock keeps a second sweep of a municipality out before it
reads anything, the row lock (``FOR UPDATE SKIP LOCKED``) keeps it out when the Redis lock is
gone, and a digest's row lock makes a second delivery wait and find it sent.

Where one thread must be inside while the other tries, the first is held at a named point by
an event (not a sleep), so the order is the test's."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordinator.models import Role
from reminders import delivery, sweep
from reminders.models import Digest, DigestState, Reminder

from ..factories import CommitmentFactory, MunicipalityFactory, member

pytestmark = [
    pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                       reason="row locks need PostgreSQL (DATABASE_URL); SQLite ignores them"),
    pytest.mark.django_db(transaction=True),
]

#: Seconds a thread may take for what should take milliseconds.
PATIENCE = 15


#: Events that hold a thread, and the threads started, of the running test: a failing test
#: releases and joins them before the database is emptied.
HELD: list[threading.Event] = []
STARTED: list[threading.Thread] = []


@pytest.fixture(autouse=True)
def _clean_up():
    cache.clear()
    yield
    for event in HELD:
        event.set()
    for thread in STARTED:
        thread.join(PATIENCE)
    HELD.clear()
    STARTED.clear()
    cache.clear()


def holder() -> threading.Event:
    """An event a thread waits on, set at the end of the test whatever happens."""
    event = threading.Event()
    HELD.append(event)
    return event


class InThread(threading.Thread):
    """``fn(*args, **kwargs)`` in a thread with a database connection of its own (closed at
    the end); ``.value`` or ``.error`` afterwards."""

    def __init__(self, fn, *args, **kwargs):
        super().__init__(daemon=True)
        self.fn, self.args, self.kwargs, self.value, self.error = fn, args, kwargs, None, None
        STARTED.append(self)
        self.start()

    def run(self):
        try:
            self.value = self.fn(*self.args, **self.kwargs)
        except BaseException as error:  # noqa: BLE001  reported by result()
            self.error = error
        finally:
            connections.close_all()

    def result(self):
        self.join(PATIENCE)
        assert not self.is_alive(), "the thread did not finish"
        if self.error:
            raise self.error
        return self.value


def network(municipalities=2, coordinators=2):
    """Municipalities whose coordinators each own a commitment due in two days."""
    towns = []
    for number in range(municipalities):
        town = MunicipalityFactory(name=f"Town {number}", slug=f"beat-town-{number}")
        for _ in range(coordinators):
            CommitmentFactory(municipality=town, owner=member(town, Role.COORDINATOR),
                              due_on=timezone.localdate() + timedelta(days=2))
        towns.append(town)
    return towns


@pytest.fixture
def held_sweep(monkeypatch):
    """Hold the first sweep that gets this far inside its transaction, after it wrote its
    reminders and digests: ``inside`` is set then, and it goes on when ``release`` is set."""
    inside, release, fill = threading.Event(), holder(), sweep._fill_digests
    calls = []

    def fill_and_wait(*args, **kwargs):
        fill(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            inside.set()
            assert release.wait(PATIENCE), "the test never released the sweep"

    monkeypatch.setattr(sweep, "_fill_digests", fill_and_wait)
    return inside, release


def beat_in_process():
    """A beat and its worker in one: sweep every municipality, deliver what it queued."""
    return [delivery.deliver(digest_id) for result in sweep.sweep_all(enqueue=False)
            for digest_id in result.digests]


def test_two_beats_started_at_once_write_and_send_everything_once():
    towns = network()
    start = threading.Barrier(2)

    def beat():
        start.wait(PATIENCE)
        return beat_in_process()

    outcomes = [thread.result() for thread in (InThread(beat), InThread(beat))]

    sent = [o for each in outcomes for o in each if o == "sent"]
    assert len(sent) == 4
    assert Reminder.objects.count() == 4
    digests = Digest.objects.all()
    assert digests.count() == 4  # one per user and day
    owners = Reminder.objects.values_list("municipality_id", "recipient_id")
    assert sorted((d.municipality_id, d.recipient_id) for d in digests) == sorted(owners)
    assert {d.day for d in digests} == {timezone.localdate()}
    assert {d.municipality_id for d in digests} == {t.pk for t in towns}
    assert all(d.state == DigestState.SENT for d in digests)
    assert len(mail.outbox) == 4
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 4


def test_a_second_sweep_waits_for_no_one_and_does_nothing_while_the_first_runs(held_sweep):
    """The Redis lock: the second sweep returns before its first query; a sweep with the first
    one's own token (its task, redelivered) gets past the key and is stopped by the row."""
    if not settings.REDIS_URL:
        pytest.skip("the lock is in Redis only with REDIS_URL")
    inside, release = held_sweep
    (town,) = network(municipalities=1)
    first = InThread(sweep.sweep_municipality, town.pk, enqueue=False, token="task-1")
    assert inside.wait(PATIENCE)
    assert cache.get(sweep.lock_key(town.pk)) == "task-1"

    def second_sweep(token):
        with CaptureQueriesContext(connection) as queries:
            result = sweep.sweep_municipality(town.pk, enqueue=False, token=token)
        return result, len(queries)

    assert InThread(second_sweep, "task-2").result() == (None, 0)
    result, queries = InThread(second_sweep, "task-1").result()
    assert result is None and queries > 0  # past the Redis key, kept out by the row lock
    assert cache.get(sweep.lock_key(town.pk)) == "task-1"  # still the running sweep's
    release.set()
    assert len(first.result().digests) == 2
    assert cache.get(sweep.lock_key(town.pk)) is None


def test_without_the_redis_lock_the_row_lock_keeps_a_second_sweep_out(held_sweep):
    inside, release = held_sweep
    (town,) = network(municipalities=1)
    no_lock = mock.Mock(add=mock.Mock(return_value=True), get=mock.Mock(return_value=None))
    with mock.patch.object(sweep, "cache", no_lock):
        first = InThread(sweep.sweep_municipality, town.pk, enqueue=False)
        assert inside.wait(PATIENCE)
        second = InThread(sweep.sweep_municipality, town.pk, enqueue=False)
        assert second.result() is None  # SKIP LOCKED: returned at once, did nothing
        release.set()
        assert len(first.result().digests) == 2
    assert Reminder.objects.count() == 2
    assert Digest.objects.count() == 2


def test_a_second_delivery_of_a_digest_waits_for_the_first_and_sends_nothing(monkeypatch):
    (town,) = network(municipalities=1, coordinators=1)
    (digest_id,) = sweep.sweep_municipality(town.pk, enqueue=False).digests
    sending, release = threading.Event(), holder()
    real_send = delivery.EmailMultiAlternatives.send

    def slow_send(message, *args, **kwargs):
        if not sending.is_set():
            sending.set()
            assert release.wait(PATIENCE), "the test never released the send"
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(delivery.EmailMultiAlternatives, "send", slow_send)
    first = InThread(delivery.deliver, digest_id)
    assert sending.wait(PATIENCE)  # the first holds the digest's row and is sending
    second = InThread(delivery.deliver, digest_id)
    second.join(2)
    assert second.is_alive(), "the second delivery did not wait for the first's row lock"
    release.set()

    assert (first.result(), second.result()) == ("sent", "already")
    assert len(mail.outbox) == 1
    digest = Digest.objects.get(pk=digest_id)
    assert (digest.state, digest.attempts) == (DigestState.SENT, 1)  # the second found it sent
