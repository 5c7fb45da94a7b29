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
the template reads the number.

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

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest

from .access import Action, actor_of, can
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


@dataclass(frozen=True)
class CountLater:
    """A count a panel shows, run with the other panels' counts (``gather_panels``)."""

    queryset: QuerySet


def count_later(queryset: QuerySet) -> CountLater:
    """``queryset.count()``, run by ``gather_panels`` in one statement with every other count
    of the dashboard; the panel's template reads an ``int``."""
    return CountLater(queryset)


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
    _run_counts([*notices, *(panel for row in rows.values() for panel in row)])
    return notices, [rows[row] for row in sorted(rows)]


def _run_counts(panels: list[RenderedPanel]) -> None:
    """Replace every ``count_later()`` value of the panels' contexts by its number, all in one
    statement."""
    pending = [(panel.context, key) for panel in panels
               for key, value in panel.context.items() if isinstance(value, CountLater)]
    numbers = count_together([context[key].queryset for context, key in pending])
    for (context, key), number in zip(pending, numbers, strict=True):
        context[key] = number


class DashboardPanels:
    """The panels of one request's dashboard (``notices``, ``rows`` as :func:`gather_panels`
    returns them), gathered when the template first reads them if they may be cached, so a
    page served from the cache runs no panel query, and at once otherwise.

    ``cache_key``: a string naming this user's panels as they stand
    (``coordinator.fragments.user_fragment_key``), or ``None`` when the panels must not be
    cached (a partner professional, whose every view is logged). ``cache_seconds``: how long
    the panels' HTML may be kept: the longest a write that sends no signal
    (``coordinator.changes``) or a meeting that has just begun can stay unseen."""

    def __init__(self, request: HttpRequest):
        self.request = request
        self.cache_seconds = settings.LINCHPIN_FRAGMENT_CACHE_SECONDS
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
