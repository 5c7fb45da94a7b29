"""The Celery application: reminders and slow work (PDF, imports) run here, never in a request.

Broker: Redis when ``REDIS_URL`` is set, else kombu's filesystem transport under ``var/broker``
(see ``CELERY_*`` in ``coordinator/settings/base.py``), so a fresh machine needs no broker
server. Two fixes to that transport live here: its folders are created as soon as the
configuration is read, and messages are written atomically (:class:`AtomicFilesystemTransport`).
"""

import os
import uuid
from time import monotonic

from celery import Celery
from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coordinator.settings.dev")

#: The folder options of kombu's filesystem transport.
FILESYSTEM_FOLDER_OPTIONS = (
    "data_folder_in", "data_folder_out", "processed_folder", "control_folder"
)


class AtomicFilesystemChannel(filesystem.Channel):
    """kombu's filesystem channel, but a message file appears complete or not at all.

    Upstream creates ``<ms>_<uuid>.<queue>.msg`` and then writes it, so a worker polling at
    that moment can take the still empty file and die with ``JSONDecodeError`` (kombu issue
    #1551; seen here once in a few dozen runs). Here the message is written under
    ``….msg.part``, which consumers ignore, and renamed into place (atomic on one filesystem).
    """

    def _put(self, queue, payload, **kwargs):
        filename = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        path = os.path.join(self.data_folder_out, filename)
        partial = path + ".part"
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(partial, path)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {filename!r} to directory") from exc


class AtomicFilesystemTransport(filesystem.Transport):
    """``CELERY_BROKER_TRANSPORT`` when there is no ``REDIS_URL`` (URL ``filesystem://``)."""

    Channel = AtomicFilesystemChannel


def make_filesystem_broker_folders(options: dict | None) -> None:
    """Create the folders named in filesystem-transport ``options`` (no-op for other brokers)."""
    for key in FILESYSTEM_FOLDER_OPTIONS:
        if (options or {}).get(key):
            os.makedirs(options[key], exist_ok=True)


app = Celery("linchpin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_filesystem_broker_folders(sender, **kwargs):
    if (sender.conf.broker_url or "").startswith("filesystem://"):
        make_filesystem_broker_folders(sender.conf.broker_transport_options)
