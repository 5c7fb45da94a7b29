"""The pages of two-step sign-in (namespace "two_factor", under /accounts/two-factor/), for
every signed-in user and only about themselves:

- ``verify``: the code after the password (from the app, or a backup code), throttled;
- ``setup``: a QR code and the secret as text, confirmed with a code from the app; then the
  backup codes, shown once. Replacing the app needs a verified session;
- ``status``: on or off, why it is required, backup codes left;
- ``backup_codes``: a confirmation, then new backup codes (the old ones stop working);
- ``remove``: a confirmation, or why it must stay (then 403 on POST).

Every page is ``never_cache``: secrets and codes must not stay in a browser's cache."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.cache import never_cache

from . import services
from .forms import CodeForm

logger = logging.getLogger(__name__)

CODES_TEMPLATE = "coordinator/twofactor/backup_codes.html"


def next_url(request) -> str:
    """Where to go once the step is done: ``next`` when it is a page of this site, else
    the start page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _memberships(request):
    return getattr(request, "memberships", None)


class _Page(LoginRequiredMixin):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(next=next_url(self.request),
                       show_nav=services.pending_step(self.request) is None)
        return context


@method_decorator(never_cache, name="dispatch")
class Verify(_Page, generic.FormView):
    form_class = CodeForm
    template_name = "coordinator/twofactor/verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and (
                request.user.is_verified() or not services.note_device(request.session,
                                                                       request.user)):
            # Nothing to enter (already done, or no app any more): the middleware sends a
            # user who must set one up to the set-up page.
            return redirect(next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.verify_code(self.request, form.cleaned_data["code"])
        except services.CodeRefused as refusal:
            logger.warning("Second-step code refused for user %s", self.request.user.pk)
            form.add_error("code", refusal.message)
            return self.form_invalid(form)
        return redirect(next_url(self.request))


@method_decorator(never_cache, name="dispatch")
class Setup(_Page, generic.FormView):
    form_class = CodeForm
    template_name = "coordinator/twofactor/setup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_set_up(request):
            # An app exists and this session has not entered its code: the password alone
            # never replaces it.
            return redirect(reverse("two_factor:verify") + "?"
                            + urlencode({"next": next_url(request)}))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "backup": False}

    def get_context_data(self, **kwargs):
        user = self.request.user
        key = services.setup_secret(self.request.session)
        return super().get_context_data(
            qr_code=services.qr_code_svg(services.setup_link(user, key),
                                         _("QR code to scan with your authenticator app")),
            secret=services.secret_text(key),
            replacing=services.has_authenticator(user),
            requirement=services.requirement(user, _memberships(self.request)),
            backup_count=services.BACKUP_CODE_COUNT, **kwargs)

    def form_valid(self, form):
        try:
            codes = services.confirm_setup(self.request, form.cleaned_data["code"])
        except services.CodeRefused as refusal:
            form.add_error("code", refusal.message)
            return self.form_invalid(form)
        return TemplateResponse(self.request, CODES_TEMPLATE, {
            "codes": codes, "next": next_url(self.request), "just_set_up": True})


@method_decorator(never_cache, name="dispatch")
class Status(_Page, generic.TemplateView):
    template_name = "coordinator/twofactor/status.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            requirement=services.requirement(user, _memberships(self.request)),
            **services.status_of(user), **kwargs)


class _WithApp(_Page):
    """Only for a user who has an authenticator app; others are sent to the status page."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.has_authenticator(request.user):
            messages.info(request, _("Two-step sign-in is not set up."))
            return redirect("two_factor:status")
        return super().dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class BackupCodes(_WithApp, generic.TemplateView):
    template_name = "coordinator/twofactor/backup_codes_confirm.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(backup_count=services.BACKUP_CODE_COUNT,
                                        left=services.backup_codes_left(self.request.user),
                                        **kwargs)

    def post(self, request, *args, **kwargs):
        codes = services.new_backup_codes(request.user)
        return TemplateResponse(request, CODES_TEMPLATE, {"codes": codes, "next": ""})


@method_decorator(never_cache, name="dispatch")
class Remove(_WithApp, generic.TemplateView):
    template_name = "coordinator/twofactor/remove.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("refusal", services.requirement(self.request.user,
                                                          _memberships(self.request)))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.remove(request)
        except services.TwoFactorRequired as refusal:
            return self.render_to_response(self.get_context_data(refusal=refusal.message),
                                           status=403)
        messages.success(request, _("Two-step sign-in is off: your password alone signs you "
                                    "in. Your backup codes no longer work."))
        return redirect("two_factor:status")
