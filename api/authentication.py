"""``Authorization: Bearer <token>``: a personal API token (``api.models.ApiToken``)."""

from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from . import services

KEYWORD = "Bearer"


class TokenAuthentication(BaseAuthentication):
    """Authenticates a request that sends ``Authorization: Bearer <token>`` as the token's
    user; ``request.auth`` is the ``ApiToken``, with the ``membership`` it acts through. A
    request without the header is left to the next authenticator (the session); a header with
    an unknown, revoked or no longer valid token is refused (401), never passed on."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        # The request is not in a municipality yet: the token says which one it is in, so it
        # is looked up outside any municipality scope. Nothing else is read here.
        with scopes_disabled():
            token = services.token_for(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid: it was revoked, or your account or role changed."))
        return token.user, token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'
