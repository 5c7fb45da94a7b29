"""Signing in that withstands guessing (issue 8): the django-axes lockout rules, and a
password reset that answers alike whether or not the account exists.

Lockout (``AXES_HANDLER``)
    Failed sign-ins are counted per user name over every address, so spreading guesses over
    many addresses does not help (``AXES_FAILURE_LIMIT`` per ``AXES_COOLOFF_TIME``); and per
    client address over every user name, with the higher ``AXES_ADDRESS_FAILURE_LIMIT``
    because a town hall's staff share one address, against password spraying. The address is
    :func:`coordinator.http.client_ip` (trusted proxies only).

Password reset (:class:`PasswordResetView`)
    The request only validates the form, counts it against the throttle and enqueues
    :func:`coordinator.tasks.send_password_reset`; the task looks the account up and sends the
    e-mail. The answer is the same page, in the same time, for a known address, an unknown one
    and a throttled one.
"""

import hashlib
import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db.models import Sum
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import translation

from .http import client_ip
from .languages import language_for
from .mail import MAIL_ERRORS, language_headers

logger = logging.getLogger(__name__)

#: Seconds of one password-reset throttle window.
RESET_WINDOW = 60 * 60


class SignInForm(AuthenticationForm):
    """Django's sign-in form, which also refuses a user name longer than any account's (the
    user model's ``max_length``, 150) before asking the backends. Django sets that length on
    the input only and would try to authenticate it; django-axes then writes the failed
    attempt to a 255-character column, a server error on PostgreSQL for a longer name (issue 8,
    "no input gives a server error"). Such a name gets the wrong-password message: no account
    can have it."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return super().clean()


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a separate limit per user name and per address.

    Expects ``AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]``: axes then keeps one
    count per user name and one per address (each summed over the other) and locks when the
    larger reaches ``AXES_FAILURE_LIMIT``. Here the address count locks only from
    ``AXES_ADDRESS_FAILURE_LIMIT`` on.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Failures within the cool-off time that count against this request: the user
        name's, or the failure limit itself once the address reached its own limit."""
        counts = {}
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            key = parameter if isinstance(parameter, str) else "+".join(parameter)
            counts[key] = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
        failures = counts.get("username", 0)
        if counts.get("ip_address", 0) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            failures = max(failures, get_failure_limit(request, credentials))
        return failures

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a successful sign-in (``AXES_RESET_ON_SUCCESS``), forget the failures of that
        user name only. Upstream also deletes every failure from the same address, whatever
        the user name: anyone with an account could then clear an attacker's count against
        someone else's name by signing in from the attacker's address."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


# --------------------------------------------------------------------------- password reset


def _within_limit(key: str, limit: int) -> bool:
    """Count one request against ``key`` in the cache; True while the count within the
    current window (:data:`RESET_WINDOW`, from its first request) is at most ``limit``.
    ``cache.incr`` is atomic on Redis and in one process (locmem)."""
    cache.add(key, 0, timeout=RESET_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=RESET_WINDOW)
        count = 1
    return count <= limit


def reset_allowed(address: str, email: str) -> bool:
    """Whether a reset for ``email`` requested from ``address`` may be sent: at most
    ``LINCHPIN_PASSWORD_RESETS_PER_ACCOUNT`` per e-mail address and
    ``LINCHPIN_PASSWORD_RESETS_PER_ADDRESS`` per client address an hour. Both counters
    advance on every request. The e-mail address is hashed so the cache holds none."""
    account = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    per_account = _within_limit(f"pwreset:account:{account}",
                                settings.LINCHPIN_PASSWORD_RESETS_PER_ACCOUNT)
    per_address = _within_limit(f"pwreset:address:{address}",
                                settings.LINCHPIN_PASSWORD_RESETS_PER_ADDRESS)
    return per_account and per_address


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form; the e-mail is sent by a Celery task, never in the request.

    Always redirects to the "if an account exists, we sent an e-mail" page once the form is
    valid, whether the address has an account, the request was throttled, or the broker could
    not be reached (logged; ``/healthz`` reports the broker).
    """

    def form_valid(self, form):
        from .tasks import send_password_reset  # tasks import this module

        email = form.cleaned_data["email"]
        if reset_allowed(client_ip(self.request), email):
            try:
                send_password_reset.delay(
                    email, domain=self.request.get_host(), use_https=self.request.is_secure()
                )
            except Exception:  # the same answer either way: a different one would tell
                logger.exception("Password reset not enqueued")
        else:
            logger.warning("Password reset throttled")
        return HttpResponseRedirect(self.get_success_url())


class _SendingResetForm(PasswordResetForm):
    """Django's reset form, but a mail error propagates (Django logs and drops it) so that
    the Celery task retries; ``sent`` counts the e-mails handed to the mail server."""

    sent = 0

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        # In the user's own language, else their municipality's (coordinator/languages.py).
        language = language_for(context.get("user"))
        with translation.override(language):
            # The subject goes into a header: one line.
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
            html = (render_to_string(html_email_template_name, context)
                    if html_email_template_name is not None else None)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email],
                                         headers=language_headers(language))
        if html is not None:
            message.attach_alternative(html, "text/html")
        message.send()
        self.sent += 1


def send_password_reset_email(email: str, domain: str, use_https: bool) -> int:
    """E-mail a reset link to every active user with a usable password whose address is
    ``email`` (case-insensitive; Django's rules), with links to ``domain`` over https when
    ``use_https``. Returns the number of e-mails sent (0 for an unknown address). Raises one
    of :data:`coordinator.mail.MAIL_ERRORS` when the mail server fails; when several users
    share the address, a retry sends again to those already sent.
    """
    form = _SendingResetForm({"email": email})
    if not form.is_valid():
        return 0
    form.save(domain_override=domain, use_https=use_https)
    return form.sent


__all__ = ["MAIL_ERRORS", "LockoutHandler", "PasswordResetView", "reset_allowed",
           "send_password_reset_email"]
