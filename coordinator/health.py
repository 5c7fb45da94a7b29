"""``GET /healthz``: is this instance able to serve? For load balancers and the docker-compose
health check, so it needs no sign-in and tells nothing about the data.

Answers ``200 {"database": "ok", "broker": "ok"}`` when the database answers ``SELECT 1`` and the
Celery broker accepts a connection; otherwise ``503`` with ``"error"`` for the part that failed
(the reason goes to the log, never to the response). Each check is bounded: the broker gets one
attempt with a :data:`BROKER_TIMEOUT` second connect and socket timeout, no retries.
"""

import logging
import os

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

#: Seconds allowed for connecting to the broker (and for its answer).
BROKER_TIMEOUT = 2.0

OK, ERROR = "ok", "error"


def check_database() -> bool:
    """True when the default database answers ``SELECT 1``."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not healthy"; the reason goes to the log
        logger.warning("Health check: database unreachable (%s)", type(exc).__name__)
        return False
    return True


def check_broker(app=None) -> bool:
    """True when the Celery broker of ``app`` (default: Linchpin's) accepts a connection.

    Redis (or any networked broker): one connection attempt, :data:`BROKER_TIMEOUT` seconds.
    Filesystem transport (no ``REDIS_URL``): its queue folders exist and are writable.
    """
    if app is None:
        from coordinator.celery import app
    try:
        if app.conf.broker_url.startswith("filesystem://"):
            return _filesystem_broker_ok(app.conf.broker_transport_options or {})
        timeouts = {"socket_connect_timeout": BROKER_TIMEOUT, "socket_timeout": BROKER_TIMEOUT}
        with app.connection_for_write(
            connect_timeout=BROKER_TIMEOUT, transport_options=timeouts
        ) as conn:
            conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
    except Exception as exc:  # any failure means "not healthy"; the reason goes to the log
        logger.warning("Health check: broker unreachable (%s)", type(exc).__name__)
        return False
    return True


def _filesystem_broker_ok(options: dict) -> bool:
    folders = {options.get("data_folder_in"), options.get("data_folder_out")} - {None, ""}
    for folder in folders:
        if not (os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK)):
            logger.warning("Health check: broker folder missing or not writable")
            return False
    return True


@never_cache
@require_safe
def healthz(request):
    """200 when the database and broker are reachable, else 503; JSON body, no auth."""
    status = {
        "database": OK if check_database() else ERROR,
        "broker": OK if check_broker() else ERROR,
    }
    healthy = all(value == OK for value in status.values())
    return JsonResponse(status, status=200 if healthy else 503)
