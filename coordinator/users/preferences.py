"""Settings pages: the user's own (their language, for every signed-in user, portal users
included) and the municipality's (its default language, for its municipal admins)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import generic

from ..access import Action, actor_of
from ..generic import StaffMixin
from ..languages import language_of, set_user_language
from ..models import Municipality
from .forms import AccountForm, MunicipalitySettingsForm


def _remember_in_browser(response, code: str) -> None:
    """The language cookie, as Django's ``set_language`` writes it (the choice of a user with
    no membership, and of the sign-in page after signing out)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE)


class AccountSettings(LoginRequiredMixin, generic.FormView):
    """``/accounts/settings/``: the signed-in user's language ("" follows the municipality's
    default). Saved on each of their memberships, with the history."""

    template_name = "coordinator/users/account_settings.html"
    form_class = AccountForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": self.request.municipality}

    def get_initial(self):
        membership = self.request.membership
        return {"language": membership.language if membership else translation.get_language()}

    def get_context_data(self, **kwargs):
        portal = actor_of(self.request).is_portal_user
        return super().get_context_data(
            base_template="portal/base.html" if portal else "base.html", **kwargs)

    def form_valid(self, form):
        code = form.cleaned_data["language"]
        membership = self.request.membership
        if membership is not None:
            set_user_language(self.request.user, code)
            membership.language = code
        shown = language_of(membership) or code
        with translation.override(shown):
            messages.success(self.request, _("Your settings were saved."))
        response = redirect("account_settings")
        if shown:
            _remember_in_browser(response, shown)
        return response


class MunicipalitySettings(StaffMixin, generic.UpdateView):
    """``/municipality/settings/``: the current municipality's default language, changed by
    its municipal admins (403 for every other role)."""

    model = Municipality
    action = Action.CHANGE
    form_class = MunicipalitySettingsForm
    template_name = "coordinator/municipality_settings.html"

    def get_object(self, queryset=None):
        return self.municipality

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The municipality's settings were saved."))
        return redirect("municipality_settings")
