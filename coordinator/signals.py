"""Receivers of Django's sign-in signal (connected in ``CoordinatorConfig.ready``)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import idle
from .twofactor import services as two_factor


@receiver(user_logged_in, dispatch_uid="linchpin_signed_in")
def signed_in(sender, request, user, **kwargs):
    """A new session starts active, and knows whether its user has an authenticator (so the
    second step costs no query per request for those who have none)."""
    session = getattr(request, "session", None)
    if session is None:
        return
    idle.touch(session)
    two_factor.note_device(session, user)
