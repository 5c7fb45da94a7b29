"""The page under a user's account where they make and revoke their own API tokens.

A new token is shown once, on the page the user is sent to right after making it: the raw
token waits in the user's own server-side session for that one page view and is then removed
(as the calendar feed's address, ``dialogue.calendar_views``); only its SHA-256 is stored."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic

from coordinator.access import Action
from coordinator.generic import CreateOnceMixin, StaffMixin
from coordinator.http import NoStoreMixin

from . import services
from .forms import TokenForm
from .models import ApiToken

#: The session key under which a new token waits for the one page that shows it.
NEW_TOKEN_SESSION_KEY = "api_new_token"


class TokenPage(CreateOnceMixin, NoStoreMixin, StaffMixin, generic.FormView):
    """The user's tokens in the current municipality (name, made, last used), a token once
    after making it, the form to make one and a button to revoke each."""

    model = ApiToken
    form_class = TokenForm
    template_name = "api/tokens.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tokens = list(services.tokens_of(self.actor))
        new = self.request.session.pop(NEW_TOKEN_SESSION_KEY, None)
        new_token = None
        if isinstance(new, dict) and isinstance(new.get("raw"), str):
            # Only if it is still one of the user's open tokens (not revoked meanwhile).
            hashed = services.hash_token(new["raw"])
            if any(token.token_hash == hashed for token in tokens):
                new_token = new["raw"]
        context.update(tokens=tokens, new_token=new_token, role=self.actor.membership)
        return context

    def form_valid(self, form):
        try:
            token, raw = services.create_token(self.actor, form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        self.request.session[NEW_TOKEN_SESSION_KEY] = {"pk": token.pk, "raw": raw}
        messages.success(self.request, _("Your token is ready: copy it now, it is shown only "
                                         "this once."))
        return redirect("api_tokens:list")


class TokenRevoke(StaffMixin, generic.View):
    """POST: revoke one of the user's own tokens; it is refused from the next request on."""

    model = ApiToken
    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        token = services.revoke_token(self.actor, kwargs["pk"])
        request.session.pop(NEW_TOKEN_SESSION_KEY, None)
        messages.success(request, _("The token “%(name)s” was revoked: programs that used it "
                                    "are refused from now on.") % {"name": token.name})
        return redirect("api_tokens:list")
