"""Requests made with a token are counted per token (``DEFAULT_THROTTLE_RATES["api_token"]``,
``LINCHPIN_API_TOKEN_RATE``), in the configured cache. Session requests (the browsable API) are
a person at a browser and are not counted."""

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api_token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
