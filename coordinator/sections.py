"""Sections of a record's page that a higher layer adds: a registry, as the dashboard's panels
(``coordinator.dashboard``). A page of a lower layer (the community page of ``networks``) shows
what the apps above it know about its record (the community's open concerns and reciprocity,
from ``engagement``) without importing them:

    register_section("networks.community", "community_concerns",
                     "engagement/sections/community_concerns.html", community_concerns,
                     order=10, model="engagement.concern")

The page calls ``gather_sections(page, request, obj)`` and includes each section's template
with its context as ``section``. A section is shown only when the request's actor may do its
``action`` to some record of its ``model`` (an ``"app.model"`` label with an access policy),
and when its ``context_fn(request, obj)`` returns a dict (None leaves it out); the function
reads records through ``visible()`` only, and logs what it shows to a partner
(``record_access``). Keep each section's queries in that one function and constant.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from .access import Action, actor_of, can


@dataclass(frozen=True)
class Section:
    page: str
    name: str
    template: str
    context_fn: Callable[[HttpRequest, object], dict | None]
    order: int
    model: str
    action: str = Action.VIEW


@dataclass(frozen=True)
class RenderedSection:
    """A section with the context its function returned for one request."""

    name: str
    template: str
    context: dict


_sections: dict[tuple[str, str], Section] = {}


def register_section(page: str, name: str, template: str,
                     context_fn: Callable[[HttpRequest, object], dict | None], order: int, *,
                     model: str, action: str = Action.VIEW) -> None:
    """Show ``template`` on ``page`` (the ``"app.model"`` label of the record the page shows)
    at position ``order`` (ascending, then by name), to those who may ``action`` some record of
    ``model``. Registering ``(page, name)`` again replaces the section."""
    _sections[page, name] = Section(page, name, template, context_fn, order, model, action)


def unregister_section(page: str, name: str) -> None:
    _sections.pop((page, name), None)


def registered_sections(page: str) -> list[Section]:
    """The sections of ``page``, in display order."""
    return sorted((s for s in _sections.values() if s.page == page),
                  key=lambda s: (s.order, s.name))


def gather_sections(page: str, request: HttpRequest, obj) -> list[RenderedSection]:
    """Run the context function of every section of ``page`` the request's actor may see, for
    the record ``obj``; those returning None are left out."""
    actor = actor_of(request)
    rendered = []
    for section in registered_sections(page):
        if not can(actor, section.action, section.model):
            continue
        context = section.context_fn(request, obj)
        if context is not None:
            rendered.append(RenderedSection(section.name, section.template, context))
    return rendered
