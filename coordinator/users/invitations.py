"""Accepting an invitation: public pages (the invitee has no account yet).

``/invitation/<token>/`` (the link of the e-mail) keeps only the token's digest in the
session and redirects to ``/invitation/accept/``, as Django's password reset does, so the
token leaves the address bar and cannot leak through the Referer header or browser history.
The accept page then answers, never with a 500:

- unknown, used, withdrawn or expired link: a page saying so (404 or 410) and what to do;
- an active account has the invited address: sign in as that account, then one button adds
  the municipality to it (the link survives the sign-in in the session);
- signed in as someone else: sign out first;
- otherwise: name and password (Django's validators) create the account, or reactivate a
  deactivated one with that address; then the invitee is signed in.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from ..tenancy import SESSION_KEY as MUNICIPALITY_SESSION_KEY
from . import services
from .forms import NewAccountForm

#: The session key of the pending invitation's token digest (never the token itself).
SESSION_KEY = "linchpin_invitation"
#: Longer than any token this app draws (43 characters); anything longer is not looked up.
MAX_TOKEN_LENGTH = 100
BACKEND = "django.contrib.auth.backends.ModelBackend"


@never_cache
def invitation_link(request, token: str):
    """Keep the digest of ``token`` in the session and redirect to the accept page."""
    if len(token) <= MAX_TOKEN_LENGTH:
        request.session[SESSION_KEY] = services.hash_token(token)
    else:
        request.session.pop(SESSION_KEY, None)
    return redirect("invitation_accept")


@method_decorator([never_cache, sensitive_post_parameters("password1", "password2")],
                  name="dispatch")
class AcceptInvitation(generic.View):
    template_name = "coordinator/users/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = services.find_invitation(request.session.get(SESSION_KEY))
        reason = services.unusable_reason(self.invitation)
        if reason:
            return self.unusable(reason)
        self.account = services.account_for(self.invitation.email)
        if services.is_member(self.invitation.municipality_id, self.invitation.email):
            return self.unusable("member")
        user = request.user
        if user.is_authenticated and (self.account is None or user.pk != self.account.pk):
            return self.render("signed_in_as_other")
        if self.account is not None and self.account.is_active and not user.is_authenticated:
            return self.render("sign_in")
        return super().dispatch(request, *args, **kwargs)

    # --- answers

    def render(self, state: str, status: int = 200, **context):
        context.update(state=state, invitation=self.invitation,
                       municipality=getattr(self.invitation, "municipality", None))
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def unusable(self, reason: str):
        if reason in ("unknown", "accepted", "revoked", "expired"):
            self.request.session.pop(SESSION_KEY, None)
        status = {"unknown": 404, "member": 409, "organisation": 409, "account": 409}.get(
            reason, 410)
        return self.render(f"unusable_{reason}", status=status)

    # --- the two ways in: an existing, signed-in account; or a new (or reactivated) one

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return self.render("join")
        return self.render("new_account", form=NewAccountForm(email=self.invitation.email))

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return self.accept(user=request.user)
        form = NewAccountForm(request.POST, email=self.invitation.email)
        if not form.is_valid():
            return self.render("new_account", form=form, status=200)
        return self.accept(first_name=form.cleaned_data["first_name"],
                           last_name=form.cleaned_data["last_name"],
                           password=form.cleaned_data["password1"])

    def accept(self, **how):
        try:
            user = services.accept(self.invitation, **how)
        except services.InvitationUnusable as error:
            return self.unusable(error.reason)
        self.request.session.pop(SESSION_KEY, None)
        if not self.request.user.is_authenticated:
            login(self.request, user, backend=BACKEND)
        self.request.session[MUNICIPALITY_SESSION_KEY] = self.invitation.municipality_id
        messages.success(self.request, _("Welcome to Linchpin for %(municipality)s.")
                         % {"municipality": self.invitation.municipality.name})
        return redirect("home")

