"""Commitment reminders (engagement.reminders, engagement.tasks): once per commitment and due
date, scoped to the municipality, released and retried on SMTP errors, and run by a real Celery
worker (``-m worker``)."""

import logging
import os
import smtplib
import threading
import uuid
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery import Celery, _state
from celery.contrib.testing.worker import start_worker
from celery.signals import setup_logging, task_postrun
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from kombu import Connection

import coordinator.celery as celery_module
from coordinator.models import Role
from engagement import reminders, tasks
from engagement.models import Commitment, CommitmentStatus
from networks.models import CommunityKind

from ..factories import CommitmentFactory, CommunityFactory, MunicipalityFactory, member

TASK_NAME = "engagement.tasks.send_commitment_reminders"
FILESYSTEM_TRANSPORT = "coordinator.celery:AtomicFilesystemTransport"


def today():
    return timezone.localdate()


def due_in(days):
    return today() + timedelta(days=days)


def recipients_of(messages):
    return sorted(address for message in messages for address in message.to)


@pytest.fixture
def due_commitment(municipality, coordinator):
    return CommitmentFactory(
        municipality=municipality, description="Ask housing about the broken lift",
        made_to="Residents' association", due_on=due_in(3),
    )


def test_reminder_is_sent_once_per_commitment_and_due_date(due_commitment, coordinator):
    reminders.send_commitment_reminders()
    reminders.send_commitment_reminders()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    assert "Ask housing about the broken lift" in message.body
    assert "Residents' association" in message.body  # plain text: not HTML-escaped
    assert "Sarcelles" in message.subject
    due_commitment.refresh_from_db()
    assert due_commitment.reminded_for_due_on == due_commitment.due_on


def test_task_runs_the_reminders_once(due_commitment, coordinator):
    first = tasks.send_commitment_reminders.apply().get()
    second = tasks.send_commitment_reminders.apply().get()

    assert first == {"emails": 1, "commitments": 1, "errors": 0}
    assert second == {"emails": 0, "commitments": 0, "errors": 0}
    assert len(mail.outbox) == 1


def test_reminders_are_scoped_to_the_municipality(municipality, other_municipality, coordinator):
    outsider = member(other_municipality, Role.COORDINATOR)
    CommitmentFactory(municipality=municipality, description="Sarcelles promise", due_on=due_in(1))
    CommitmentFactory(municipality=other_municipality, description="Vilvoorde promise",
                      due_on=due_in(2))

    reminders.send_commitment_reminders()

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert recipients_of(mail.outbox) == sorted([coordinator.email, outsider.email])
    assert "Sarcelles promise" in by_recipient[coordinator.email].body
    assert "Vilvoorde promise" not in by_recipient[coordinator.email].body
    assert "Vilvoorde promise" in by_recipient[outsider.email].body
    assert "Sarcelles promise" not in by_recipient[outsider.email].body


def test_outsider_gets_nothing_about_this_municipality(municipality, other_municipality,
                                                       due_commitment):
    outsider = member(other_municipality, Role.COORDINATOR)

    reminders.send_commitment_reminders()

    assert outsider.email not in recipients_of(mail.outbox)


def test_changed_due_date_is_reminded_again(due_commitment, coordinator):
    reminders.send_commitment_reminders()
    due_commitment.due_on = due_in(5)
    due_commitment.save()
    reminders.send_commitment_reminders()
    reminders.send_commitment_reminders()

    assert len(mail.outbox) == 2
    due_commitment.refresh_from_db()
    assert due_commitment.reminded_for_due_on == due_in(5)


def test_one_email_per_recipient_lists_all_their_commitments(municipality, coordinator):
    CommitmentFactory(municipality=municipality, description="First promise", due_on=due_in(1))
    CommitmentFactory(municipality=municipality, description="Overdue promise", due_on=due_in(-4))

    run = reminders.send_commitment_reminders()

    assert (run.emails, run.commitments) == (1, 2)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "First promise" in body and "Overdue promise" in body
    assert "(overdue)" in body
    html, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html" and "Overdue promise" in html


def test_reminder_links_to_the_commitment(settings, due_commitment, coordinator):
    settings.LINCHPIN_BASE_URL = "https://linchpin.example.org/"

    reminders.send_commitment_reminders()

    link = "https://linchpin.example.org" + reverse("commitment_detail", args=[due_commitment.pk])
    assert link in mail.outbox[0].body
    assert f'href="{link}"' in mail.outbox[0].alternatives[0][0]


def test_owner_is_reminded_instead_of_the_coordinators(municipality, coordinator):
    owner = member(municipality, Role.MUNICIPAL_ADMIN)
    CommitmentFactory(municipality=municipality, owner=owner, due_on=due_in(2))

    reminders.send_commitment_reminders()

    assert recipients_of(mail.outbox) == [owner.email]


def test_owner_outside_the_municipality_falls_back_to_its_coordinators(
    municipality, other_municipality, coordinator
):
    foreign_owner = member(other_municipality, Role.COORDINATOR)
    CommitmentFactory(municipality=municipality, owner=foreign_owner, due_on=due_in(2))

    reminders.send_commitment_reminders()

    assert recipients_of(mail.outbox) == [coordinator.email]


def test_without_owner_every_coordinator_is_reminded(municipality, coordinator):
    second = member(municipality, Role.COORDINATOR)
    member(municipality, Role.ASSESSOR)
    member(municipality, Role.COMMUNITY_REPRESENTATIVE)
    CommitmentFactory(municipality=municipality, due_on=due_in(2))

    reminders.send_commitment_reminders()

    assert recipients_of(mail.outbox) == sorted([coordinator.email, second.email])


def test_only_open_commitments_due_soon_are_reminded(municipality, coordinator):
    later = due_in(settings.LINCHPIN_COMMITMENT_DUE_SOON_DAYS + 1)
    CommitmentFactory(municipality=municipality, due_on=later)
    CommitmentFactory(municipality=municipality, due_on=due_in(1),
                      status=CommitmentStatus.DELIVERED)
    CommitmentFactory(municipality=municipality, due_on=due_in(1), status=CommitmentStatus.DROPPED,
                      dropped_reason="The budget was cut; told the association in person.")

    reminders.send_commitment_reminders()

    assert mail.outbox == []


def test_reminder_carries_no_special_category_data(municipality, coordinator):
    community = CommunityFactory(
        municipality=municipality, kind=CommunityKind.IDENTITY_FAITH,
        faith="Faithvalue-xyz", ethnicity="Ethnicityvalue-xyz",
    )
    CommitmentFactory(municipality=municipality, community=community, due_on=due_in(1))

    reminders.send_commitment_reminders()

    message = mail.outbox[0]
    content = message.subject + message.body + message.alternatives[0][0]
    for value in ("Faithvalue-xyz", "Ethnicityvalue-xyz", "faith", "ethnicity"):
        assert value.lower() not in content.lower()


def test_a_claim_is_won_once(due_commitment):
    assert reminders._claim(due_commitment) is True
    assert reminders._claim(due_commitment) is False


class FailingBackend(LocmemBackend):
    """Refuses the e-mails to ``FAIL_FOR`` (every e-mail when None), like a down SMTP server."""

    FAIL_FOR = None

    def send_messages(self, messages):
        for message in messages:
            if self.FAIL_FOR is None or self.FAIL_FOR in message.to:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


FAILING_MAILERS = {"default": {"BACKEND": "tests.engagement.test_reminders.FailingBackend"}}


def test_smtp_error_releases_the_claim_so_a_retry_sends(settings, due_commitment, coordinator):
    settings.MAILERS = FAILING_MAILERS
    with pytest.raises(smtplib.SMTPServerDisconnected):
        reminders.send_commitment_reminders()
    due_commitment.refresh_from_db()
    assert due_commitment.reminded_for_due_on is None
    assert mail.outbox == []

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    reminders.send_commitment_reminders()
    reminders.send_commitment_reminders()
    assert recipients_of(mail.outbox) == [coordinator.email]


def test_partial_failure_keeps_what_was_delivered(settings, monkeypatch, municipality):
    alice = member(municipality, Role.COORDINATOR)
    bob = member(municipality, Role.COORDINATOR)
    to_alice = CommitmentFactory(municipality=municipality, owner=alice, due_on=due_in(1))
    to_bob = CommitmentFactory(municipality=municipality, owner=bob, due_on=due_in(1))
    settings.MAILERS = FAILING_MAILERS
    monkeypatch.setattr(FailingBackend, "FAIL_FOR", bob.email)

    with pytest.raises(smtplib.SMTPException):
        reminders.send_commitment_reminders()

    assert recipients_of(mail.outbox) == [alice.email]
    assert Commitment.objects.get(pk=to_alice.pk).reminded_for_due_on == to_alice.due_on
    assert Commitment.objects.get(pk=to_bob.pk).reminded_for_due_on is None

    monkeypatch.setattr(FailingBackend, "FAIL_FOR", "nobody@example.org")
    reminders.send_commitment_reminders()
    assert recipients_of(mail.outbox) == sorted([alice.email, bob.email])


def test_task_retries_smtp_errors_with_backoff():
    task = tasks.send_commitment_reminders
    assert issubclass(smtplib.SMTPServerDisconnected, task.autoretry_for)
    assert issubclass(ConnectionRefusedError, task.autoretry_for)
    assert task.retry_backoff and task.max_retries


# --- A real worker --------------------------------------------------------------------------


def test_filesystem_broker_folders_are_created(tmp_path):
    """coordinator/celery.py makes kombu's filesystem-transport folders when configured."""
    app = Celery("linchpin-folders", set_as_current=False)
    app.on_after_configure.connect(celery_module._make_filesystem_broker_folders, weak=False)
    options = {key: str(tmp_path / key) for key in celery_module.FILESYSTEM_FOLDER_OPTIONS}
    app.config_from_object({"broker_url": "filesystem://", "broker_transport_options": options})

    assert app.conf.broker_url == "filesystem://"
    assert all((tmp_path / key).is_dir() for key in celery_module.FILESYSTEM_FOLDER_OPTIONS)


def test_filesystem_broker_writes_messages_atomically(tmp_path):
    """A half-written message is never visible under its final name (kombu #1551), and a
    leftover ``.part`` file is ignored by consumers."""
    folder = tmp_path / "queue"
    folder.mkdir()
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder),
               "control_folder": str(tmp_path / "control")}
    (folder / "1_stale.reminders.msg.part").write_bytes(b"")
    with Connection("filesystem://", transport=FILESYSTEM_TRANSPORT,
                    transport_options=options) as conn:
        queue = conn.SimpleQueue("reminders")
        queue.put({"hello": "world"})
        messages = [p for p in folder.iterdir() if p.name.endswith(".reminders.msg")]
        assert len(messages) == 1 and messages[0].read_bytes()  # complete, under its final name
        assert queue.get(timeout=2).payload == {"hello": "world"}
        queue.close()


def test_broker_settings_follow_redis_url():
    """Redis when REDIS_URL is set; else the atomic filesystem transport, all under var/."""
    if settings.REDIS_URL:
        assert settings.CELERY_BROKER_URL == settings.REDIS_URL
        assert settings.CELERY_BROKER_TRANSPORT is None
        return
    assert settings.CELERY_BROKER_URL == "filesystem://"
    assert settings.CELERY_BROKER_TRANSPORT == FILESYSTEM_TRANSPORT
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for key in celery_module.FILESYSTEM_FOLDER_OPTIONS:
        assert options[key].startswith(str(settings.VAR_DIR)), key


def worker_broker(tmp_path):
    """(broker URL, transport, transport options) for the worker test.

    Redis (``REDIS_URL`` set): the same server, database 15, so a development worker on
    database 0 never sees the test's messages. Filesystem: folders under ``tmp_path``.
    ``LINCHPIN_TEST_BROKER_URL`` overrides both.
    """
    if url := os.environ.get("LINCHPIN_TEST_BROKER_URL"):
        return url, None, {}
    if settings.REDIS_URL:
        return urlunsplit(urlsplit(settings.REDIS_URL)._replace(path="/15")), None, {}
    return "filesystem://", FILESYSTEM_TRANSPORT, {
        "data_folder_in": str(tmp_path / "queue"),  # producers write where consumers read
        "data_folder_out": str(tmp_path / "queue"),
        "processed_folder": str(tmp_path / "processed"),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
        "polling_interval": 0.1,  # seconds; the default 1 s would slow the test down
    }


@pytest.fixture
def worker_app(tmp_path):
    """A Celery app configured like Linchpin's, on a test broker; restores the current app."""
    url, transport, options = worker_broker(tmp_path)
    app = Celery("linchpin-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=url,
        broker_transport=transport,
        broker_transport_options=options,
        worker_enable_remote_control=False,  # no pidbox queues left behind
        worker_hijack_root_logger=False,  # leave pytest's logging alone
    )
    celery_module.make_filesystem_broker_folders(options)
    previous_current, previous_default = _state.get_current_app(), _state.default_app
    # A setup_logging receiver stops the worker from reconfiguring the root logger (its level
    # would stay at ERROR for the rest of the session).
    setup_logging.connect(_keep_logging, weak=False)
    root_level = logging.getLogger().level
    try:
        yield app
    finally:
        setup_logging.disconnect(_keep_logging)
        logging.getLogger().setLevel(root_level)
        previous_current.set_current()
        _state.default_app = previous_default


def _keep_logging(**kwargs):
    """Leave logging as pytest and Django configured it."""


def _delete_queue(app, name):
    """Remove the test queue and its binding from the broker (Redis keeps them otherwise)."""
    with app.connection_for_write() as conn:
        queue = app.amqp.queues[name].bind(conn.default_channel)
        queue.declare()  # a new connection knows no bindings until it declares them
        queue.delete()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_reminders_run_in_a_real_worker(worker_app):
    municipality = MunicipalityFactory(slug="worker-test", name="Worker Test")
    coordinator = member(municipality, Role.COORDINATOR)
    commitment = CommitmentFactory(municipality=municipality, due_on=due_in(2))
    queue = f"linchpin-test-{uuid.uuid4().hex[:12]}"  # concurrent test runs never share a queue
    task_id = str(uuid.uuid4())
    finished = threading.Event()
    outcome = {}

    def on_postrun(sender=None, task_id=None, state=None, retval=None, **kwargs):
        connections.close_all()  # the worker thread's connections (PostgreSQL drops the test DB)
        if task_id == expected_id:
            outcome.update(state=state, retval=retval)
            finished.set()

    expected_id = task_id
    task_postrun.connect(on_postrun, weak=False)
    try:
        with start_worker(worker_app, perform_ping_check=False, queues=[queue],
                          shutdown_timeout=15):
            worker_app.tasks[TASK_NAME].apply_async(queue=queue, task_id=task_id)
            assert finished.wait(timeout=30), "the worker did not run the task within 30 s"
    finally:
        task_postrun.disconnect(on_postrun)
        _delete_queue(worker_app, queue)

    assert outcome == {"state": "SUCCESS", "retval": {"emails": 1, "commitments": 1, "errors": 0}}
    assert recipients_of(mail.outbox) == [coordinator.email]
    commitment.refresh_from_db()
    assert commitment.reminded_for_due_on == commitment.due_on
