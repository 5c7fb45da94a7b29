"""Real Celery workers in processes of their own, for the exactly-once tests of the reminders:
started on the test database and the broker of ``REDIS_URL``, killed with SIGKILL, restarted,
and the e-mails they got accepted read back from files (tests/reminders/killable.py).

Needs PostgreSQL (a second process reads the test database; the in-memory SQLite of the tests
cannot be shared) and Redis (the filesystem broker of development takes a message off disk when
it delivers it, so nothing is left to redeliver after a kill). ``.ci/run`` sets both; without
them these tests are skipped."""

import email
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

needs_postgres_and_redis = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not settings.REDIS_URL,
    reason="needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL, as .ci/run sets them)")


def wait_for(condition, timeout: float, what: str, every: float = 0.2):
    """Poll ``condition()`` until it is true; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


class Workers:
    """The workers of one test: one queue, one mail folder, one log per worker."""

    def __init__(self, tmp_path: Path):
        self.queue = f"test-reminders-{uuid.uuid4().hex[:12]}"
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.logs = tmp_path
        self.running: list[subprocess.Popen] = []
        self.broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)

    def start(self, hang: str | None = None) -> subprocess.Popen:
        """A worker (one process, solo pool) on the test's queue; ``hang``: see killable.py."""
        env = {**os.environ,
               "DJANGO_SETTINGS_MODULE": "tests.reminders.worker_settings",
               "LINCHPIN_TEST_DB_NAME": connection.settings_dict["NAME"],
               "LINCHPIN_TEST_QUEUE": self.queue,
               "LINCHPIN_TEST_MAIL_DIR": str(self.mail_dir)}
        env.pop("LINCHPIN_TEST_HANG", None)
        if hang:
            env["LINCHPIN_TEST_HANG"] = hang
        log = open(self.logs / f"worker-{len(self.running)}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tests.reminders.killable", "worker",
             "--pool=solo", "-Q", self.queue, "-n", f"{self.queue}-{len(self.running)}@%h",
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--loglevel=WARNING"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self.running.append(process)
        return process

    def wait_until_hanging(self, timeout: float = 60) -> str:
        """Wait until a worker stopped where it was told to; return the point's name."""
        marker = self.mail_dir / "hanging"
        wait_for(marker.exists, timeout, "the worker to reach its kill point" + self._tail())
        return marker.read_text()

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL: no cleanup, no acknowledgement, no rollback by the worker itself."""
        assert process.poll() is None, "the worker died before the test killed it" + self._tail()
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        (self.mail_dir / "hanging").unlink(missing_ok=True)

    def stop_all(self) -> None:
        """A warm shutdown (SIGTERM) of the workers still running; SIGKILL if it takes long."""
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)

    def idle(self) -> bool:
        """Nothing of the test's queue waits on the broker or is taken and not acknowledged."""
        if self.broker.llen(self.queue):
            return False
        for raw in self.broker.hvals("unacked"):
            if json.loads(raw)[2] == self.queue:
                return False
        return True

    def settle(self, done, timeout: float = 90) -> None:
        """Wait until ``done()`` and the queue is idle, twice in a row a second apart (a task
        queues the next before it is acknowledged, so idle means nothing is left to run)."""
        def settled():
            if not (done() and self.idle()):
                return False
            time.sleep(1)
            return done() and self.idle()

        wait_for(settled, timeout, "the workers to finish" + self._tail(), every=0.5)

    def messages(self) -> list:
        """The e-mails the mail server accepted, parsed, in the order it accepted them."""
        return [email.message_from_bytes(path.read_bytes())
                for path in sorted(self.mail_dir.glob("*.eml"))]

    def message_ids(self) -> Counter:
        return Counter(message["Message-ID"] for message in self.messages())

    def cleanup(self) -> None:
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
        self.broker.delete(self.queue, f"_kombu.binding.{self.queue}",
                           f"_kombu.binding_permanent.{self.queue}")

    def _tail(self) -> str:
        """The end of the workers' logs, for a failure message."""
        text = []
        for path in sorted(self.logs.glob("worker-*.log")):
            text.append(f"\n--- {path.name}\n" + path.read_text(errors="replace")[-3000:])
        return "".join(text)
