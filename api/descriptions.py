"""What a reader is told of each API view: its name and description in the browsable API, in
an OPTIONS answer and (for the resources) in the OpenAPI schema, in the reader's language.

DRF shows a view's docstring by default. The docstrings are for developers (shapes, sources in
the practitioner papers), so ``VIEW_NAME_FUNCTION`` and ``VIEW_DESCRIPTION_FUNCTION`` point
here: a view says what a reader reads with a ``described`` attribute (:class:`Described`); a
view without one has no description, never its docstring."""

from dataclasses import dataclass

from rest_framework.utils import formatting
from rest_framework.views import get_view_name


@dataclass(frozen=True)
class Described:
    """The translated (lazy) ``name`` and ``description`` of a view's page; for a viewset, its
    list's, and ``detail_name`` and ``detail_description`` those of one record's page."""

    name: str
    description: str
    detail_name: str = ""
    detail_description: str = ""


def _texts(view) -> tuple[str, str]:
    """The (name, description) of ``view``'s page, ("", "") when it has no ``described``.
    A viewset's view knows whether it is a record's page from its ``detail`` initkwarg (the
    router's), also for OPTIONS and the breadcrumbs, where it has no action."""
    described = getattr(view, "described", None)
    if described is None:
        return "", ""
    if getattr(view, "detail", False):
        return described.detail_name, described.detail_description
    return described.name, described.description


def view_name(view) -> str:
    """DRF's ``VIEW_NAME_FUNCTION``: the described name, else DRF's (from the class name)."""
    return str(_texts(view)[0]) or get_view_name(view)


def view_description(view, html: bool = False) -> str:
    """DRF's ``VIEW_DESCRIPTION_FUNCTION``: the described description, formatted as DRF
    formats a docstring (escaped, and marked safe, for the HTML page)."""
    description = formatting.dedent(str(_texts(view)[1]))
    return formatting.markup_description(description) if html else description
