"""Bounded pagination for the long lists (issue 8: a city has 100,000 interactions).

Django's ``Paginator`` counts every matching row (``COUNT(*)`` reads all 100,000 index entries
of the municipality on each page view) and serves page *n* with ``OFFSET (n - 1) * per_page``,
which reads and throws away every earlier row: both grow with the municipality. A
``BoundedPaginator`` counts at most ``max_pages`` pages of rows (``COUNT(*)`` over a ``LIMIT``)
and serves no page beyond them, so the cost of any page is bounded whatever the size of the
municipality; older records are reached by sorting the other way or filtering, as people do.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    """A ``Paginator`` whose ``count`` stops at ``max_pages * per_page`` rows. ``capped`` is
    True when more rows match than that (templates say "more than N"). A page number beyond
    ``max_pages`` raises ``EmptyPage`` (404 in a ``ListView``), as any page past the end."""

    max_pages = 100

    @cached_property
    def _bounded_count(self) -> tuple[int, bool]:
        limit = self.max_pages * self.per_page
        rows = self.object_list
        if hasattr(rows, "order_by"):
            # A QuerySet: count one row more than the pages show, unsorted and without the
            # annotations, which the count does not need.
            found = rows.order_by().values("pk")[: limit + 1].count()
        else:
            found = len(rows)
        return min(found, limit), found > limit

    @property
    def count(self) -> int:
        """Matching rows, at most ``max_pages * per_page``."""
        return self._bounded_count[0]

    @property
    def capped(self) -> bool:
        """More rows match than the pages can show."""
        return self._bounded_count[1]
