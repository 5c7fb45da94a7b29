"""HTTP-level helpers: the client's address behind trusted proxies, and ``Cache-Control:
no-store`` for pages that show special-category data.

Client address
    Behind a reverse proxy every request comes from the proxy's address, so a lockout per
    address (django-axes, the password-reset throttle) would lock out everybody at once, and a
    client could pick any address by sending its own ``X-Forwarded-For``. :func:`client_ip`
    trusts that header only as far as the deployment says: ``TRUSTED_PROXY_COUNT`` proxies (0
    by default: ``REMOTE_ADDR`` only), each of which appends the address it received the
    request from, and optionally only when ``REMOTE_ADDR`` is one of ``TRUSTED_PROXIES``.
"""

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in trusted if value.strip())


def _valid(address: str) -> str | None:
    """``address`` normalised (``ipaddress`` text form), or None when it is not an IP address."""
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the client that sent ``request``, as a string.

    With ``settings.TRUSTED_PROXY_COUNT = n > 0`` the request passed through ``n`` proxies,
    the last of which connected to us (``REMOTE_ADDR``) and each of which appended the address
    it saw to ``X-Forwarded-For``; the client is then the ``n``-th entry from the right of
    that header. Entries further left were written by the client itself and are ignored, so a
    forged header cannot choose the address. ``settings.TRUSTED_PROXIES`` (addresses or CIDR
    networks), when not empty, additionally requires ``REMOTE_ADDR`` to be one of them, so a
    request that reaches gunicorn without the proxy is taken at its ``REMOTE_ADDR``.

    Falls back to ``REMOTE_ADDR`` (and logs) when the header is missing, has fewer entries
    than proxies are configured, or its entry is not an IP address. Used as django-axes'
    ``AXES_CLIENT_IP_CALLABLE`` and by the password-reset throttle.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    trusted = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if trusted:
        peer = _valid(remote)
        if peer is None or not any(ipaddress.ip_address(peer) in network for network in trusted):
            return remote
    # Several X-Forwarded-For headers are joined by a comma (WSGI), which is also the separator.
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < count:
        logger.warning("X-Forwarded-For has %d entries, %d trusted proxies configured",
                       len(hops), count)
        return remote
    address = _valid(hops[-count])
    if address is None:
        logger.warning("X-Forwarded-For entry from a trusted proxy is not an IP address")
        return remote
    return address


class NoStoreMixin:
    """A view mixin: every response is sent with ``Cache-Control: no-store, private``, so that
    neither a shared proxy nor the browser's cache keeps a copy of a page that shows
    special-category data (ethnicity, faith) or an assessment. Put it first in the bases."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, no_store=True, private=True)
        return response
