"""A Celery worker the reminders' tests can kill (tests/reminders/test_worker_kill.py).

The test starts ``python -m celery -A tests.reminders.killable worker`` in a process of its own
with ``DJANGO_SETTINGS_MODULE=tests.reminders.worker_settings``: Linchpin's Celery app, the
test database, the broker of ``REDIS_URL`` and a queue of the test's own. Two things are added
for the test, both steered by environment variables so the restarted worker runs plain:

- :class:`SinkBackend`, the mail backend: every e-mail accepted is one file in
  ``LINCHPIN_TEST_MAIL_DIR`` (the "mail server", readable by the test process);
- ``LINCHPIN_TEST_HANG=<point>:<n>``: at that point the worker writes ``hanging`` into the
  mail folder and stops there, so the test's SIGKILL lands exactly where it chose, not after
  a guessed sleep. Points: ``sweep:<n>`` in the n-th municipality's sweep, after its reminders
  and digests were written and before its transaction commits; ``enqueue:<n>`` after the n-th
  delivery task was queued (the sweep committed, the others not queued yet);
  ``mail-before:<n>`` when the mail server has accepted n e-mails and is handed the next, before
  it accepts it; ``mail-after:<n>`` right after it accepted the n-th, before the worker heard
  back (the digest's transaction not committed).
"""

import os
import time
import uuid
from pathlib import Path

from celery.signals import after_task_publish, task_prerun
from django.core.mail.backends.base import BaseEmailBackend

from coordinator.celery import app  # noqa: F401  (``celery -A`` looks for ``app`` here)

HANG_SECONDS = 600


def _mail_dir() -> Path:
    return Path(os.environ["LINCHPIN_TEST_MAIL_DIR"])


def _hang_at(point: str) -> int | None:
    """n of ``LINCHPIN_TEST_HANG=<point>:<n>``, or None when this worker does not hang there."""
    name, _, count = os.environ.get("LINCHPIN_TEST_HANG", "").partition(":")
    return int(count) if name == point else None


def hang(point: str) -> None:
    """Tell the test where this worker stopped, then wait for its SIGKILL."""
    (_mail_dir() / "hanging").write_text(point)
    time.sleep(HANG_SECONDS)


def accepted() -> list[Path]:
    return sorted(_mail_dir().glob("*.eml"))


class SinkBackend(BaseEmailBackend):
    """A mail server that keeps every message it accepts as one ``.eml`` file, written whole
    (a temporary name, then renamed) so that a kill never leaves half a message."""

    def send_messages(self, messages):
        for message in messages:
            if _hang_at("mail-before") == len(accepted()):
                hang("mail-before")
            path = _mail_dir() / f"{time.time_ns()}-{uuid.uuid4().hex}.eml"
            partial = path.with_suffix(".part")
            partial.write_bytes(message.message().as_bytes())
            os.replace(partial, path)
            if _hang_at("mail-after") == len(accepted()):
                hang("mail-after")
        return len(messages)


_published = {"deliveries": 0}
_installed = {"sweep": False}


@after_task_publish.connect
def _count_deliveries(sender=None, **kwargs):
    if sender != "reminders.tasks.deliver_digest":
        return
    _published["deliveries"] += 1
    if _hang_at("enqueue") == _published["deliveries"]:
        hang("enqueue")


@task_prerun.connect
def _hook_the_sweep(**kwargs):
    """Wrap ``reminders.sweep._fill_digests`` once Django is ready (the first task)."""
    if _installed["sweep"] or _hang_at("sweep") is None:
        return
    from reminders import sweep

    fill, calls = sweep._fill_digests, []

    def fill_then_hang(*args, **kwargs):
        fill(*args, **kwargs)
        calls.append(1)
        if len(calls) == _hang_at("sweep"):
            hang("sweep")

    sweep._fill_digests = fill_then_hang
    _installed["sweep"] = True
