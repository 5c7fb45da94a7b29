"""Unanswered check-ins are chased by e-mail (issue 11 "During it"; crisis/chase.py): one e-mail
per incident to the responsible user, naming who has not answered and nothing they said, sent
once, retried on an SMTP error without marking anything twice.

The first tests go through a real Celery worker (``start_worker``, in this process) on the
settings' broker: Redis when REDIS_URL is set, else the filesystem transport. Each uses a queue
of its own, so that no other worker on the broker takes its messages and it takes none of
theirs."""

import datetime
import smtplib
import threading
import uuid
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from coordinator.access import actor_for
from coordinator.celery import app as celery_app
from coordinator.models import Membership, Role
from crisis import chase, services
from crisis.models import Channel, CheckIn, CheckInStatus, TimelineEntry
from crisis.tasks import chase_check_ins

from ..factories import member
from .records import check_in, network, open_incident

HOUR = datetime.timedelta(hours=1)


@contextmanager
def real_worker():
    """A Celery worker thread consuming a queue of its own; yields ``run(task)``, which sends
    ``task`` to that queue and waits until the worker finished it (retries included)."""
    queue = f"test-crisis-{uuid.uuid4().hex[:12]}"
    with start_worker(celery_app, perform_ping_check=False, queues=[queue],
                      shutdown_timeout=30):
        def run(task, timeout=60):
            task_id = uuid.uuid4().hex
            done, outcome = threading.Event(), {}

            def finished(sender=None, task_id=None, state=None, retval=None, **extra):
                if task_id == sent_id and state in ("SUCCESS", "FAILURE"):
                    outcome.update(state=state, retval=retval)
                    done.set()

            sent_id = task_id
            task_postrun.connect(finished, weak=False)
            try:
                task.apply_async(queue=queue, task_id=task_id)
                assert done.wait(timeout), "the worker did not finish the task in time"
            finally:
                task_postrun.disconnect(finished)
            assert outcome["state"] == "SUCCESS", outcome
            return outcome["retval"]

        yield run


class FlakyBackend(EmailBackend):
    """The test mail backend, but the first ``failures`` sends raise an SMTP error; the
    Message-ID of every attempt is kept in ``attempts``."""

    failures = 0
    attempts: list = []

    def send_messages(self, messages):
        FlakyBackend.attempts += [m.extra_headers.get("Message-ID") for m in messages]
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("the mail server went away")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.crisis.test_chase.FlakyBackend"}}
    FlakyBackend.failures, FlakyBackend.attempts = 1, []
    return FlakyBackend


@pytest.fixture
def crisis(municipality, coordinator):
    """An incident opened 6 hours ago whose network (two organisations, a key figure) was asked
    5 hours ago, beyond its 4 hours; the mosque answered by phone."""
    moss_side = network(municipality, "Moss Side Somali community",
                        organisations=["Moss Side Mosque", "Youth Club Alexandra Park"],
                        key_figures=["Amina Yusuf"])
    incident = open_incident(coordinator, municipality, communities=[moss_side])
    check_ins = {chase.who(c): c for c in check_in(coordinator, incident, hours_ago=5)}
    services.answer_check_in(
        actor_for(coordinator, municipality.pk), check_ins["Moss Side Mosque"],
        version=check_ins["Moss Side Mosque"].lock_version, channel=Channel.PHONE,
        fears="Reprisals against the mosque after the attack")
    return incident


def chased(incident):
    """Name of the organisation or key figure -> times chased."""
    return {chase.who(c): c.chase_count for c in CheckIn.objects.filter(incident=incident)
            .select_related("organisation", "person")}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_chases_each_incident_once_by_e_mail(crisis, coordinator, municipality):
    quiet = network(municipality, "Longsight", organisations=["Longsight Library"])
    second = open_incident(coordinator, municipality, title="Vigil disrupted",
                           communities=[quiet], kind="escalating_demonstration")
    check_in(coordinator, second, hours_ago=5)

    with real_worker() as run:
        assert run(chase_check_ins) == {"sent": 2, "chased": 3}
        assert len(mail.outbox) == 2
        assert run(chase_check_ins) == {"sent": 0, "chased": 0}  # not due again yet
    assert len(mail.outbox) == 2

    by_incident = {m.extra_headers["X-Linchpin-Idempotency-Key"].split(".")[2]: m
                   for m in mail.outbox}
    message = by_incident[str(crisis.pk)]
    assert message.to == [coordinator.email]
    assert "2 check-ins still unanswered in Sarcelles" in message.subject
    body = message.body
    assert "- Amina Yusuf\n- Youth Club Alexandra Park" in body
    assert reverse("crisis:incident_detail", args=[crisis.pk]) in body
    assert "terrorist attack" in body
    # Who has answered is not chased; what anyone said, the community and the incident's own
    # words never travel by e-mail.
    for secret in ("Moss Side Mosque", "Reprisals", "Somali", "Attack at the arena",
                   "explosion"):
        assert secret not in body and secret not in message.subject
        assert secret not in message.alternatives[0].content
    assert "Longsight Library" in by_incident[str(second.pk)].body
    assert "Longsight Library" not in body

    assert chased(crisis) == {"Moss Side Mosque": 0, "Youth Club Alexandra Park": 1,
                              "Amina Yusuf": 1}
    mosque = CheckIn.objects.get(incident=crisis, organisation__name="Moss Side Mosque")
    assert mosque.chased_at is None and mosque.status == CheckInStatus.ANSWERED
    notes = TimelineEntry.objects.filter(incident=crisis, text__startswith="Reminder e-mailed")
    assert [n.text for n in notes] == [
        f"Reminder e-mailed to {coordinator.get_full_name()}: 2 check-ins unanswered after 4 "
        "hours."]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_smtp_error_is_retried_by_the_worker_and_sent_once(crisis, flaky_mail, monkeypatch):
    # Celery's backoff would wait up to a minute before the retry: none here.
    monkeypatch.setattr("celery.app.autoretry.get_exponential_backoff_interval",
                        lambda **kwargs: 0)
    with real_worker() as run:
        assert run(chase_check_ins) == {"sent": 1, "chased": 2}
    assert len(flaky_mail.attempts) == 2  # refused once, then accepted
    assert flaky_mail.attempts[0] == flaky_mail.attempts[1]  # one Message-ID for both
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == flaky_mail.attempts[0]
    assert chased(crisis) == {"Moss Side Mosque": 0, "Youth Club Alexandra Park": 1,
                              "Amina Yusuf": 1}
    assert TimelineEntry.objects.filter(incident=crisis,
                                        text__startswith="Reminder e-mailed").count() == 1


def test_beat_runs_the_chase_every_quarter_of_an_hour():
    entry = django_settings.CELERY_BEAT_SCHEDULE["crisis-chase-check-ins"]
    # The schedule names the task by a string: a typo there would chase nobody, silently.
    assert celery_app.tasks[entry["task"]].name == chase_check_ins.name
    assert entry["schedule"] <= 15 * 60


# The rules, run in this process at chosen times ------------------------------------------


@pytest.mark.django_db
def test_nothing_is_chased_before_the_hours_pass(municipality, coordinator):
    community = network(municipality, organisations=["Moss Side Mosque"])
    incident = open_incident(coordinator, municipality, communities=[community],
                             chase_after_hours=4)
    [only] = check_in(coordinator, incident, hours_ago=0)
    asked = only.asked_at
    assert chase.chase_all(now=asked + 3 * HOUR).sent == 0
    assert chase.chase_all(now=asked + 4 * HOUR - datetime.timedelta(seconds=1)).sent == 0
    assert mail.outbox == []
    assert chase.chase_all(now=asked + 4 * HOUR).sent == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_second_run_waits_another_interval(crisis):
    start = timezone.now()
    assert chase.chase_all(now=start).chased == 2
    assert chase.chase_all(now=start + 3 * HOUR).sent == 0
    assert len(mail.outbox) == 1
    assert chase.chase_all(now=start + 4 * HOUR).chased == 2
    assert len(mail.outbox) == 2
    assert chased(crisis) == {"Moss Side Mosque": 0, "Youth Club Alexandra Park": 2,
                              "Amina Yusuf": 2}
    # A new round is a new message: its own Message-ID.
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 2


@pytest.mark.django_db
def test_answered_check_ins_are_never_chased(crisis, coordinator, municipality):
    actor = actor_for(coordinator, municipality.pk)
    for waiting in CheckIn.objects.filter(incident=crisis).waiting():
        services.answer_check_in(actor, waiting, version=waiting.lock_version,
                                 channel=Channel.IN_PERSON, needs="A safe way to the school")
    assert chase.chase_all(now=timezone.now() + 48 * HOUR).sent == 0
    assert mail.outbox == []
    assert set(chased(crisis).values()) == {0}


@pytest.mark.django_db
def test_closed_incidents_are_not_chased(crisis, coordinator, municipality):
    services.close_incident(actor_for(coordinator, municipality.pk), crisis,
                            "Brief the network before the press, every time.")
    assert chase.chase_all(now=timezone.now() + 48 * HOUR).sent == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_each_responsible_user_gets_their_own_e_mail(crisis, municipality):
    colleague = member(municipality, Role.COORDINATOR)
    CheckIn.objects.filter(incident=crisis, person__name="Amina Yusuf").update(
        responsible=colleague)
    assert chase.chase_all().sent == 2
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Amina Yusuf" in bodies[colleague.email]
    assert "Youth Club" not in bodies[colleague.email]


@pytest.mark.django_db
def test_someone_who_left_the_municipality_is_not_told(crisis, coordinator):
    Membership.objects.filter(user=coordinator).delete()
    assert chase.chase_all().sent == 0
    assert mail.outbox == []
    assert set(chased(crisis).values()) == {0}  # still due: the incident page shows them


@pytest.mark.django_db
def test_an_smtp_error_marks_nothing_and_the_retry_sends_the_same_message(crisis, flaky_mail):
    with pytest.raises(smtplib.SMTPServerDisconnected):
        chase.chase_all()
    assert set(chased(crisis).values()) == {0}
    assert not TimelineEntry.objects.filter(text__startswith="Reminder e-mailed").exists()
    assert chase.chase_all().sent == 1
    assert flaky_mail.attempts[0] == flaky_mail.attempts[1]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_one_failing_e_mail_does_not_hold_back_the_others(crisis, coordinator, municipality,
                                                          flaky_mail):
    other = open_incident(coordinator, municipality, title="Second",
                          communities=[network(municipality, "Longsight",
                                               organisations=["Longsight Library"])])
    check_in(coordinator, other, hours_ago=5)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        chase.chase_all()
    assert len(mail.outbox) == 1  # the second incident's e-mail left
    assert chase.chase_all().sent == 1  # the retry sends only the one that failed
    assert len(mail.outbox) == 2
