"""Bounded pagination for the long lists (issue 8: a city has 100,000 interactions).

Django's ``Paginator`` counts every matching row (``COUNT(*)`` reads all 100,000 index entries
of the municipality on each page view) and serves page *n* with ``OFFSET (n - 1) * per_page``,
which reads and throws away every earlier row: both grow with the municipality. A
``BoundedPaginator`` counts at most ``max_pages`` pages of rows (``COUNT(*)`` over a ``LIMIT``)
and serves no page beyond them, so the cost of any page is bounded whatever the size of the
municipality; older records are reached by sorting the other way or filtering, as people do.

A later page is read as a "deferred join": the page's primary keys first, from the list's index
alone (``OFFSET`` skips index entries, not joined rows), then those rows with their joins. Page
50 of the interactions joined 1,250 rows to their communities and users to keep 25 (17 ms); it
now joins 25.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    """A ``Paginator`` whose ``count`` stops at ``max_pages * per_page`` rows. ``capped`` is
    True when more rows match than that (templates say "more than N"). A page number beyond
    ``max_pages`` raises ``EmptyPage`` (404 in a ``ListView``), as any page past the end.

    ``count_key`` (a ``str``, ``coordinator.fragments.list_fragment_key``): the count is kept
    in the cache under a hash of it for ``LINCHPIN_FRAGMENT_CACHE_SECONDS``, so paging through
    the results of the same filters counts them once until the municipality's next write."""

    max_pages = 100

    def __init__(self, *args, count_key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def _bounded_count(self) -> tuple[int, bool]:
        seconds = settings.LINCHPIN_FRAGMENT_CACHE_SECONDS
        if not self.count_key or seconds <= 0:
            return self._count_rows()
        digest = hashlib.sha256(f"{self.count_key}|{self.per_page}|{self.max_pages}".encode())
        key = f"linchpin:list-count:{digest.hexdigest()}"
        found = cache.get(key)
        if found is None:
            found = self._count_rows()
            cache.set(key, found, timeout=seconds)
        return tuple(found)

    def _count_rows(self) -> tuple[int, bool]:
        limit = self.max_pages * self.per_page
        rows = self.object_list
        if hasattr(rows, "order_by"):
            # A QuerySet: count one row more than the pages show, unsorted and without the
            # annotations, which the count does not need.
            found = rows.order_by().values("pk")[: limit + 1].count()
        else:
            found = len(rows)
        return min(found, limit), found > limit

    def page(self, number):
        """The page ``number`` (``Page``; ``PageNotAnInteger``/``EmptyPage`` as Django's). For a
        queryset past the first page, the rows are ``object_list.filter(pk__in=<the page's
        primary keys, in the list's order, OFFSET/LIMIT>)``: same rows, same order, same
        annotations and joins, joined for the rows of the page only."""
        number = self.validate_number(number)
        rows = self.object_list
        if number == 1 or not hasattr(rows, "order_by") or not rows.ordered:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = rows.values("pk")[bottom:top]
        return self._get_page(rows.filter(pk__in=keys), number, self)

    @property
    def count(self) -> int:
        """Matching rows, at most ``max_pages * per_page``."""
        return self._bounded_count[0]

    @property
    def capped(self) -> bool:
        """More rows match than the pages can show."""
        return self._bounded_count[1]
