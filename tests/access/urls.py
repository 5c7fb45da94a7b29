"""Every URL pattern of the URLconf, for the URL x role matrix (tests/access/test_url_matrix.py).

``url_patterns()`` walks ``get_resolver()`` recursively through every ``include()`` and returns
one ``Pattern`` per reachable pattern: its key (the qualified name, ``"networks:community_detail"``;
for a pattern without a name, its route), its full route and the names of its arguments. The
Django admin is one pattern, ``"admin:index"``: it is the superuser's tool across
municipalities, guarded by Django itself, and its hundred generated URLs say nothing about this
project's access layer. A pattern shadowed by an earlier one with the same name and route
(``django.contrib.auth.urls``' login and password reset, which ``coordinator.urls`` replaces) is
unreachable and left out.

Kept here, apart from any other URL walker of the test suite, so the matrix depends on nothing
but Django.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

ADMIN_KEY = "admin:index"

_ROUTE_ARG = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Pattern:
    key: str  #: "namespace:name", or the route when the pattern has no name
    route: str  #: the full route from the site root, e.g. "networks/communities/<int:pk>/"
    args: tuple[str, ...]  #: keyword argument names, in route order
    named: bool = True
    converters: tuple[str, ...] = ()  #: the converter of each argument ("int", "str", ...)

    def url(self, kwargs: dict) -> str:
        """The path of this pattern with ``kwargs``; ``KeyError`` names a missing argument."""
        if self.named:
            return reverse(self.key, kwargs=kwargs or None)
        return "/" + _ROUTE_ARG.sub(lambda m: str(kwargs[m.group("name")]), self.route)


def _arguments(route: str, regex_names) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The argument names of ``route`` and their converters ("str" when none is named)."""
    found = [(m.group("name"), m.group("converter") or "str") for m in _ROUTE_ARG.finditer(route)]
    if not found:
        found = [(name, "str") for name in regex_names]
    return tuple(n for n, _ in found), tuple(c for _, c in found)


def _walk(resolver, prefix: str, namespace: str, regex_names: tuple):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        names = regex_names + tuple(getattr(entry.pattern, "regex", re.compile("")).groupindex)
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                yield Pattern(ADMIN_KEY, route, ())
                continue
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (
                entry.namespace or namespace)
            yield from _walk(entry, route, inner or "", names)
        elif isinstance(entry, URLPattern):
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
                args, converters = _arguments(route, names)
                yield Pattern(key, route, args, converters=converters)
            else:
                args, converters = _arguments(route, names)
                yield Pattern(route, route, args, named=False, converters=converters)


def url_patterns(urlconf=None) -> list[Pattern]:
    """Every reachable pattern of ``urlconf`` (default: ``ROOT_URLCONF``), in URLconf order.
    A later pattern with the key of an earlier one is dropped when its route is the same
    (shadowed); with another route it is kept under ``"key @ route"``."""
    seen: dict[str, Pattern] = {}
    for pattern in _walk(get_resolver(urlconf), "", "", ()):
        if pattern.key in seen:
            if seen[pattern.key].route == pattern.route:
                continue
            pattern = Pattern(f"{pattern.key} @ {pattern.route}", pattern.route, pattern.args,
                              named=False, converters=pattern.converters)
        seen[pattern.key] = pattern
    return list(seen.values())
