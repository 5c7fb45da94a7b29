"""The Celery application: reminders and slow work (PDF, imports) run here, never in a request.

Broker: Redis when ``REDIS_URL`` is set, else kombu's filesystem transport under ``var/broker``
(see ``CELERY_*`` in ``coordinator/settings/base.py``); the filesystem transport does not create
its folders, so they are made here as soon as the configuration is read.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coordinator.settings.dev")

app = Celery("linchpin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

#: The folder options of kombu's filesystem transport.
FILESYSTEM_FOLDER_OPTIONS = (
    "data_folder_in", "data_folder_out", "processed_folder", "control_folder"
)


def make_filesystem_broker_folders(options: dict | None) -> None:
    """Create the folders named in filesystem-transport ``options`` (no-op for other brokers)."""
    for key in FILESYSTEM_FOLDER_OPTIONS:
        if (options or {}).get(key):
            os.makedirs(options[key], exist_ok=True)


@app.on_after_configure.connect
def _make_filesystem_broker_folders(sender, **kwargs):
    if (sender.conf.broker_url or "").startswith("filesystem://"):
        make_filesystem_broker_folders(sender.conf.broker_transport_options)
