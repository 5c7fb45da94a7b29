"""The rules of two-step sign-in: who must use it, setting up an authenticator app, checking a
code, backup codes, removing it. Built on django-otp: one confirmed ``TOTPDevice`` (the app)
and one ``StaticDevice`` (the backup codes, each usable once) per user; a session is verified
when ``django_otp.login`` stored the device that checked its code.

Who must (``requirement``): superusers (the Django admin reaches every municipality's
records), assessors and municipal admins (special-category data, the users of a municipality),
and every staff member of a municipality that sets ``Municipality.require_two_factor``.
Community representatives may use it, never must: the portal shows them their own
organisation's records only.

Wrong codes are throttled per device by django-otp (1, 2, 4, 8 … seconds after each failure
in a row, kept in the database across sessions); the password step keeps django-axes'
lockout (coordinator/auth.py).
"""

import math
import time
from base64 import b32encode
from binascii import unhexlify

import django_otp
import segno
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from ..models import Role

#: The roles that always sign in with a second step.
REQUIRED_ROLES = frozenset({Role.ASSESSOR, Role.MUNICIPAL_ADMIN})
#: How many backup codes a user gets at a time.
BACKUP_CODE_COUNT = 10
#: Digits of an authenticator code, and how many 30-second steps before or after now count.
DIGITS = 6
TOLERANCE = 1
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"

#: Session keys: the secret being set up (hex) until a code confirms it; whether the user had
#: an authenticator when the session was last checked (set at sign-in, so a user who has none
#: costs no query per request).
SETUP_KEY = "linchpin_two_factor_setup"
HAS_DEVICE_KEY = "linchpin_two_factor_device"

VERIFY, SETUP = "verify", "setup"


class CodeRefused(Exception):
    """A code was not accepted; ``message`` says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TwoFactorRequired(Exception):
    """The user must keep two-step sign-in; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- who must


def requirement(user, memberships=None) -> str | None:
    """Why ``user`` must sign in with a second step (a sentence), or None when it is their
    choice. ``memberships``: the user's memberships with their municipality (the request's
    ``request.memberships``); read from the database when None."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return _("As a superuser you reach every municipality's records in the Django admin.")
    if memberships is None:
        memberships = list(user.memberships.select_related("municipality"))
    for membership in memberships:
        if membership.role in REQUIRED_ROLES:
            return _("Your role as %(role)s in %(municipality)s requires it.") % {
                "role": membership.get_role_display().lower(),
                "municipality": membership.municipality.name}
    for membership in memberships:
        if membership.is_staff_role and membership.municipality.require_two_factor:
            return _("%(municipality)s asks it of everyone who works in Linchpin for it.") % {
                "municipality": membership.municipality.name}
    return None


def authenticator(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def note_device(session, user) -> bool:
    """Read whether ``user`` has an authenticator into ``session`` (at sign-in, and whenever
    the remembered answer proved wrong); returns it."""
    has = has_authenticator(user)
    session[HAS_DEVICE_KEY] = has
    return has


def pending_step(request) -> str | None:
    """What the signed-in user of ``request`` must do before any other page: ``VERIFY``
    (enter a code: they have an authenticator, whether they must or chose to), ``SETUP`` (set
    one up: they must and have none) or None (verified, or not concerned)."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    has = request.session.get(HAS_DEVICE_KEY)
    if has is None:
        has = note_device(request.session, user)
    if has:
        return VERIFY
    if requirement(user, getattr(request, "memberships", None)):
        return SETUP
    return None


def mark_verified(request, device) -> None:
    """Record in the session that ``device`` checked this user's code (``django_otp.login``),
    under a new session key: the session before the second step is not the one after it."""
    django_otp.login(request, device)
    request.session.cycle_key()
    request.session[HAS_DEVICE_KEY] = True


# --------------------------------------------------------------------------- the second step


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _is_app_code(code: str) -> bool:
    # ASCII only: "²" is a digit to str.isdigit() but no number to int().
    return code.isascii() and code.isdigit() and len(code) == DIGITS


def _wait_message(device) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
    return _("Too many wrong codes in a row. Wait %(seconds)d seconds, then try again.") % {
        "seconds": seconds}


def verify_code(request, code: str):
    """Check ``code`` for the signed-in user of ``request``: six digits against their
    authenticator app, anything else against their backup codes (a backup code works once).
    On success, marks the session verified and returns the device. Raises ``CodeRefused`` for
    a wrong code, and while the device is throttled after wrong codes (then without checking
    the code at all)."""
    user = request.user
    code = _normalise(code)
    by_app = _is_app_code(code)
    model = TOTPDevice if by_app else StaticDevice
    refusal = None
    matched = None
    with transaction.atomic():  # throttling counts survive: nothing here raises
        for device in model.objects.filter(user=user, confirmed=True).select_for_update():
            refusal = _wait_message(device)
            if refusal is None and device.verify_token(code):
                matched = device
                break
    if matched is not None:
        mark_verified(request, matched)
        return matched
    if refusal:
        raise CodeRefused(refusal)
    if by_app:
        raise CodeRefused(_("That code is not right. Enter the 6-digit code your app shows now "
                            "for Linchpin (a new one comes every 30 seconds)."))
    raise CodeRefused(_("That code is not right. Enter the 6 digits from your app, or one of "
                        "your backup codes (8 letters and digits)."))


# --------------------------------------------------------------------------- setting up


def may_set_up(request) -> bool:
    """A user sets up (or replaces) their authenticator only when they have none yet or this
    session was verified with their current one: the password alone never replaces it."""
    return request.user.is_verified() or not has_authenticator(request.user)


def setup_secret(session) -> str:
    """The secret (hex) being set up in this session, drawn on first use."""
    if not session.get(SETUP_KEY):
        session[SETUP_KEY] = random_hex(20)
    return session[SETUP_KEY]


def secret_text(hex_key: str) -> str:
    """The secret as an authenticator app takes it by hand: base32, in groups of four."""
    text = b32encode(unhexlify(hex_key)).decode()
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def setup_link(user, hex_key: str) -> str:
    """The ``otpauth://`` address the QR code carries (issuer ``OTP_TOTP_ISSUER``)."""
    return TOTPDevice(user=user, key=hex_key, digits=DIGITS).config_url


def qr_code_svg(text: str, title: str) -> str:
    """``text`` as a QR code in an inline SVG (segno), titled ``title`` for screen readers:
    no image file, nothing loaded from elsewhere."""
    svg = segno.make(text, error="m").svg_inline(scale=4, title=title, svgclass="qr-code")
    # segno escapes the title; role="img" makes its <title> the image's name.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308


def confirm_setup(request, code: str) -> list[str]:
    """Confirm the secret of this session's set-up with a ``code`` from the app: the new
    authenticator replaces any earlier one, the backup codes are drawn anew, and the session
    is verified. Returns the backup codes (shown once). Raises ``CodeRefused`` when the code
    does not match or the set-up expired, ``PermissionDenied`` when ``may_set_up`` says no."""
    if not may_set_up(request):
        raise PermissionDenied
    user = request.user
    key = request.session.get(SETUP_KEY)
    if not key:
        raise CodeRefused(_("This set-up expired. Scan the new code below, then enter the code "
                            "your app shows."))
    totp = TOTP(unhexlify(key), digits=DIGITS)
    totp.time = time.time()
    code = _normalise(code)
    if not (_is_app_code(code) and totp.verify(int(code), TOLERANCE)):
        raise CodeRefused(_("That code does not match. Enter the 6-digit code your app shows "
                            "now for Linchpin; if it keeps failing, check that your phone's "
                            "clock is set automatically."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        # last_t: the code just used cannot sign in again.
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, key=key,
                                           digits=DIGITS, tolerance=TOLERANCE, confirmed=True,
                                           last_t=totp.t(), drift=totp.drift)
        codes = new_backup_codes(user)
    request.session.pop(SETUP_KEY, None)
    mark_verified(request, device)
    return codes


# --------------------------------------------------------------------------- backup codes


def format_code(token: str) -> str:
    return f"{token[:4]}-{token[4:]}"


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes by ``BACKUP_CODE_COUNT`` new ones; returns them as
    shown (``abcd-efgh``). Only their database rows keep them: they are shown once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    tokens = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
    return [format_code(t) for t in tokens]


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --------------------------------------------------------------------------- removing


def remove(request) -> None:
    """Remove the signed-in user's authenticator and backup codes. Raises
    ``TwoFactorRequired`` when they must keep it (they may replace it instead)."""
    user = request.user
    reason = requirement(user, getattr(request, "memberships", None))
    if reason:
        raise TwoFactorRequired(reason)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    request.session[HAS_DEVICE_KEY] = False


def status_of(user) -> dict:
    """For the status page: ``device`` (the authenticator or None), ``backup_left``."""
    device = authenticator(user)
    return {"device": device, "backup_left": backup_codes_left(user) if device else 0}


__all__ = ["BACKUP_CODE_COUNT", "REQUIRED_ROLES", "SETUP", "VERIFY", "CodeRefused",
           "TwoFactorRequired", "authenticator", "confirm_setup", "may_set_up",
           "new_backup_codes", "pending_step", "remove", "requirement", "verify_code"]
