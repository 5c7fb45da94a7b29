"""The key under which a fragment of a page built for one user from their municipality's
records may be kept in the cache (the dashboard's panels, the menu; a list's filter form and
number of results, with :func:`list_fragment_key`; issue 8).

The key names the user, their membership and role, the language, today and the
municipality's change stamp (``coordinator.changes``): a fragment is read back only by the same
user, in the same language, on the same day, while no record of the municipality was saved or
deleted since it was built.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation

from . import changes
from .access import actor_of, logs_access

_UNSET = object()


def user_fragment_key(request: HttpRequest) -> str | None:
    """The key (a ``str``) for ``request``'s user, or ``None`` when nothing may be cached for
    them: ``LINCHPIN_FRAGMENT_CACHE_SECONDS`` is 0, no membership (signed out, superuser), or
    an actor whose reads are logged (a partner professional: each view must be logged, and
    what they may see follows the agreements of the day). Read once per request (one cache
    read for the stamp)."""
    key = getattr(request, "_linchpin_fragment_key", _UNSET)
    if key is _UNSET:
        key = _key(request)
        request._linchpin_fragment_key = key
    return key


def _key(request: HttpRequest) -> str | None:
    actor = actor_of(request)
    membership = actor.membership
    if settings.LINCHPIN_FRAGMENT_CACHE_SECONDS <= 0 or membership is None or logs_access(actor):
        return None
    return ":".join(str(part) for part in (
        actor.user.pk, membership.pk, membership.role, membership.organisation_id,
        translation.get_language(), timezone.localdate().isoformat(),
        changes.stamp(membership.municipality_id),
    ))


def list_fragment_key(request: HttpRequest) -> str | None:
    """The key of what a list page shows for the filters of ``request`` (its filter form, its
    number of results): :func:`user_fragment_key`, the page's path and every query parameter
    but the page number, sorted. ``None`` when nothing may be cached for the user. It holds
    the search terms as typed: keep only a hash of it in the cache."""
    user_key = user_fragment_key(request)
    if user_key is None:
        return None
    query = sorted((name, value) for name, values in request.GET.lists() if name != "page"
                   for value in values)
    return "|".join((user_key, request.path, urlencode(query)))
