"""The dashboard's panels: a registry the apps fill in their ``AppConfig.ready()``.

``coordinator`` is the lowest layer and imports no app above it; each app contributes what it
knows (``networks``: communities per step, mapping to verify; ``engagement``: preconditions,
contact, commitments due) by registering a panel:

    register_panel("commitments_due", "engagement/panels/commitments_due.html",
                   commitments_due, order=10, row=2)

A panel names the records it shows (``model``, an ``"app.model"`` label, and ``action``): it
is shown only when the access policy lets the request's actor do ``action`` to some record of
that model, and its ``context_fn(request) -> dict`` reads records through
``visible(request.actor, ...)`` only. The dict is what its template reads as ``panel.<key>``.
Keep each panel's queries in that one function: the dashboard's query count is the sum of the
panels' (tests bound it). A count a panel shows is returned as ``count_later(queryset)``: the
dashboard runs every panel's counts together in one statement (``coordinator.counting``) and
the template reads the number. A list whose count the panel shows is returned as
``list_later(queryset[:n], count)``: read after the counts, and only when its count is not 0
(most "to do" lists are empty: a list costs a query of its own, a count part of one; issue 8).

The page reads the panels through :class:`DashboardPanels`, which gathers them only when the
template asks: the page keeps the panels' HTML in the cache for
``LINCHPIN_FRAGMENT_CACHE_SECONDS`` per user, language, day and the municipality's change
stamp (``coordinator.fragments``), so a view of the dashboard after nothing changed runs no panel
query (issue 8). Actors whose reads are logged (partner professionals) are never served from
the cache: each of their views is logged.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from .access import Action, actor_of, can, record_access, visible
from .counting import count_together
from .fragments import user_fragment_key

#: The row of panels shown above the grid, one under the other (notices such as "the
#: preconditions are not complete"); rows 1 and up are grids of cards.
NOTICES = 0


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context_fn: Callable[[HttpRequest], dict]
    order: int
    row: int = 1
    model: str = ""
    action: str = Action.VIEW


@dataclass(frozen=True)
class RenderedPanel:
    """A panel with the context its function returned for one request."""

    name: str
    template: str
    context: dict


@dataclass(frozen=True, eq=False)
class CountLater:
    """A count a panel shows, run with the other panels' counts (``gather_panels``). Compared
    by identity: a count a panel shows and also passes to ``list_later`` runs once."""

    queryset: QuerySet


def count_later(queryset: QuerySet) -> CountLater:
    """``queryset.count()``, run by ``gather_panels`` in one statement with every other count
    of the dashboard; the panel's template reads an ``int``."""
    return CountLater(queryset)


@dataclass(frozen=True, eq=False)
class ListLater:
    """Records a panel lists, read by ``gather_panels`` once the counts are known."""

    queryset: QuerySet
    count: CountLater | int
    shape: Callable[[list], Any] | None


def list_later(queryset: QuerySet, count: CountLater | int,
               shape: Callable[[list], Any] | None = None) -> ListLater:
    """``list(queryset)`` (a sliced queryset of records read through ``visible()``), read by
    ``gather_panels`` after the counts, and only when ``count`` is not 0: ``count`` is the
    number of rows of ``queryset`` before its slice, a ``count_later()`` of the same records or
    an ``int`` the panel already knows; anything else would hide records. The records read are
    logged for the actors whose reads are (``access.record_access``). The template reads the
    list, or ``shape(list)`` when given (the rows with what the panel works out for each)."""
    return ListLater(queryset, count, shape)


def visible_records(request: HttpRequest, model: type[Model]) -> QuerySet:
    """``visible(actor, model.objects.all())`` for ``request``'s actor, built once per request,
    for the models several panels read (interactions, communities): each panel chains its own
    filters on a copy, and building the access layer's filter costs more than most panels'
    queries (issue 8). A panel alone on its model calls ``visible()`` itself."""
    built = request.__dict__.setdefault("_linchpin_visible_records", {})
    if model not in built:
        built[model] = visible(actor_of(request), model._default_manager.all())
    return built[model]


_panels: dict[str, Panel] = {}


def register_panel(name: str, template: str, context_fn: Callable[[HttpRequest], dict],
                   order: int, *, model: str, action: str = Action.VIEW, row: int = 1) -> None:
    """Show ``template`` on the dashboard, in ``row`` (:data:`NOTICES` or 1, 2, ...) at
    position ``order`` (ascending, then by name), to those who may ``action`` some record of
    ``model`` (an ``"app.model"`` label with an access policy; ``NoPolicy`` otherwise, when
    the dashboard is shown). Registering ``name`` again replaces the panel, so a repeated
    ``AppConfig.ready()`` does not show it twice."""
    _panels[name] = Panel(name, template, context_fn, order, row, model, action)


def unregister_panel(name: str) -> None:
    """Remove the panel ``name`` if registered (for tests and apps that replace a panel)."""
    _panels.pop(name, None)


def registered_panels() -> list[Panel]:
    """Every panel, in display order: by row, then order, then name."""
    return sorted(_panels.values(), key=lambda p: (p.row, p.order, p.name))


def gather_panels(request: HttpRequest) -> tuple[list[RenderedPanel], list[list[RenderedPanel]]]:
    """Run every panel's context function for ``request``. Returns ``(notices, rows)``: the
    :data:`NOTICES` panels, and the other panels grouped by row, in display order."""
    notices: list[RenderedPanel] = []
    rows: dict[int, list[RenderedPanel]] = {}
    actor = actor_of(request)
    for panel in registered_panels():
        if not can(actor, panel.action, panel.model):
            continue
        rendered = RenderedPanel(panel.name, panel.template, panel.context_fn(request))
        if panel.row == NOTICES:
            notices.append(rendered)
        else:
            rows.setdefault(panel.row, []).append(rendered)
    _read_later(request, [*notices, *(panel for row in rows.values() for panel in row)])
    return notices, [rows[row] for row in sorted(rows)]


def _read_later(request: HttpRequest, panels: list[RenderedPanel]) -> None:
    """Replace every ``count_later()`` value of the panels' contexts by its number, all in one
    statement, then every ``list_later()`` value by its records (none read for a count of
    0)."""
    counts: dict[CountLater, int] = {}
    for panel in panels:
        for value in panel.context.values():
            if isinstance(value, ListLater):
                value = value.count
            if isinstance(value, CountLater):
                counts[value] = 0
    numbers = count_together([count.queryset for count in counts])
    counts = dict(zip(counts, numbers, strict=True))
    for panel in panels:
        context = panel.context
        for key, value in context.items():
            if isinstance(value, CountLater):
                context[key] = counts[value]
            elif isinstance(value, ListLater):
                context[key] = _read_list(request, value, counts)


def _read_list(request: HttpRequest, later: ListLater, counts: dict[CountLater, int]):
    count = counts[later.count] if isinstance(later.count, CountLater) else later.count
    rows = list(later.queryset) if count else []
    record_access(request, later.queryset.model, [row.pk for row in rows])  # partners only
    return later.shape(rows) if later.shape is not None else rows


class DashboardPanels:
    """The panels of one request's dashboard (``notices``, ``rows`` as :func:`gather_panels`
    returns them), gathered when the template first reads them if they may be cached, so a
    page served from the cache runs no panel query, and at once otherwise.

    ``cache_key``: the key the template keeps the panels' HTML under
    (``coordinator.fragments.user_fragment_key``, read in the template with
    ``{% user_fragment_key %}``), or ``None`` when the panels must not be cached (a partner
    professional, whose every view is logged)."""

    def __init__(self, request: HttpRequest):
        self.request = request
        if self.cache_key is None:
            # Gathered now, inside the view: the records a partner professional is shown are
            # logged when the view ends (``access.flush_access``), before the page renders.
            self._gathered  # noqa: B018

    @cached_property
    def _gathered(self) -> tuple[list[RenderedPanel], list[list[RenderedPanel]]]:
        return gather_panels(self.request)

    @property
    def notices(self) -> list[RenderedPanel]:
        return self._gathered[0]

    @property
    def rows(self) -> list[list[RenderedPanel]]:
        return self._gathered[1]

    @cached_property
    def cache_key(self) -> str | None:
        return user_fragment_key(self.request)
