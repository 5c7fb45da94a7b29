"""Signing out an idle session (issue 13): a signed-in session that made no request for
``LINCHPIN_SESSION_IDLE_MINUTES`` is signed out at its next request, which then goes on as
anonymous (a staff page sends to the sign-in page, saying why). ``SESSION_COOKIE_AGE`` stays
the limit of a whole session however active.

The time of the last request is kept in the session and written at most once a minute, so a
busy user does not cost a session write per page."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "linchpin_last_seen"
#: A request within this many seconds of the recorded one leaves the session unwritten.
RECORD_EVERY = 60


def now() -> int:
    """Seconds since the epoch (one place for the tests to move the clock)."""
    return int(time.time())


def touch(session) -> None:
    """Record now as the session's last activity (at sign-in and while it is used)."""
    session[LAST_SEEN_KEY] = now()


def _last_seen(session) -> int | None:
    value = session.get(LAST_SEEN_KEY)
    return value if isinstance(value, int) else None


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            minutes = settings.LINCHPIN_SESSION_IDLE_MINUTES
            last = _last_seen(request.session)
            current = now()
            if last is not None and current - last > minutes * 60:
                logout(request)
                messages.info(request, _(
                    "You were signed out after %(minutes)d minutes without activity. Sign in "
                    "again to go on.") % {"minutes": minutes})
            elif last is None or current - last >= RECORD_EVERY:
                touch(request.session)
        return self.get_response(request)
