"""Test clients signed in as a person is: password, and the second step where it applies.

``Client.force_login(user)`` stands for typing the right password (as Django's does), and,
for a user who must sign in in two steps or chose to, for entering a right code too: the
user's authenticator app (a confirmed django-otp ``TOTPDevice``, created as setting it up would
when they have none) is stored in the session exactly as ``django_otp.login`` stores it after a
right code. The enforcement itself (coordinator/twofactor/middleware.py) stays on: a session
that skipped the step is sent to it (tests/test_two_factor.py enters real codes).
"""

import time

import django.test
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from coordinator.twofactor import services as two_factor


def authenticator_for(user) -> TOTPDevice:
    """The confirmed authenticator app of ``user``, set up now when they have none."""
    device = two_factor.authenticator(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=two_factor.AUTHENTICATOR_NAME,
                                           confirmed=True)
    return device


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code ``device``'s app shows now (or ``steps_ahead`` 30-second steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def pass_second_step(client: django.test.Client, user) -> None:
    """Mark ``client``'s session (signed in as ``user``) verified by ``user``'s app."""
    device = authenticator_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[two_factor.HAS_DEVICE_KEY] = True
    session.save()


class Client(django.test.Client):
    """``django.test.Client`` whose ``force_login`` also passes the second step for a user
    who must use it or has an app (see the module's docstring)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if two_factor.requirement(user) or two_factor.has_authenticator(user):
            pass_second_step(self, user)
