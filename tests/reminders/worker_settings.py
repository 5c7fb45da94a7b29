"""Settings of the worker process that tests/reminders/test_worker_kill.py starts and kills: the
test settings, on the test database (``LINCHPIN_TEST_DB_NAME``), with every task on the test's
own queue (``LINCHPIN_TEST_QUEUE``) and the e-mails into files (tests/reminders/killable.py).

Redis keeps a message taken but not acknowledged (``acks_late``) in its "unacked" set and
gives it back to the queue once ``visibility_timeout`` has passed; Linchpin keeps kombu's
default (an hour). Here it is three seconds, checked every second, so that the restarted
worker gets the killed worker's message back within the test."""

import os

from coordinator.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["LINCHPIN_TEST_DB_NAME"]  # noqa: F405
MAILERS = {"default": {"BACKEND": "tests.reminders.killable.SinkBackend"}}
CELERY_TASK_DEFAULT_QUEUE = os.environ["LINCHPIN_TEST_QUEUE"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
CELERY_WORKER_ENABLE_REMOTE_CONTROL = False  # no pidbox queues left behind on the broker
