"""Enforcing the second step: a signed-in user who has an authenticator and has not entered a
code in this session, or who must have one and has none, reaches only the code page, the
set-up page and signing out; every other request is sent there (``next`` keeps where a GET was
going). Runs after ``CurrentMunicipalityMiddleware`` (it reads ``request.memberships``) and
django-otp's ``OTPMiddleware`` (``request.user.is_verified()``)."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from . import services

#: The pages an unverified user may reach (by URL name).
OPEN_BEFORE_SECOND_STEP = frozenset({"logout", "two_factor:verify", "two_factor:setup",
                                     "healthz"})


def _open(request) -> bool:
    try:
        return resolve(request.path_info).view_name in OPEN_BEFORE_SECOND_STEP
    except Resolver404:
        return False


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = services.pending_step(request)
        if step is not None and not _open(request):
            url = reverse(f"two_factor:{step}")
            if request.method in ("GET", "HEAD") and request.path != "/":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return self.get_response(request)
