"""Sortable column headers of a list (issue 13, "Lists: sortable column headers"):

    {% load lists %}
    <thead><tr>{% sort_header _("Name") "name" %}<th scope="col">…</th></tr></thead>

A column is sortable only when the list's filterset (``filter`` in the context, a
``ScopedFilterSet``) has an ``OrderingFilter`` that names it: the filterset says which columns
are backed by an index, the template only shows them. The header is then a link that sorts by
the column (ascending first, then the other way), keeps the other filters and search, goes
back to the first page, and says the direction (``aria-sort`` on the ``th``, an arrow, and the
link's hidden words). Any other column is a plain ``th``."""

import django_filters
from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def _ordering(filterset):
    if filterset is None:
        return None, None
    for name, flt in filterset.filters.items():
        if isinstance(flt, django_filters.OrderingFilter):
            return name, flt
    return None, None


def _default_key(filterset, flt) -> str:
    """The sort of the list when none is asked: the model's first ``Meta.ordering``, as the
    ordering filter's parameter ("-date"), or ""."""
    ordering = filterset.queryset.model._meta.ordering if filterset.queryset is not None else []
    if not ordering:
        return ""
    first = ordering[0]
    descending = first.startswith("-")
    field = first.lstrip("-")
    for param, field_name in flt.param_map.items():
        if field_name == field:
            return ("-" if descending else "") + param
    return ""


@register.simple_tag(takes_context=True)
def sort_header(context, label, key):
    """A ``<th scope="col">`` for the column ``label``, sortable by the ordering parameter
    ``key`` when the list's filterset allows it."""
    request = context.get("request")
    filterset = context.get("filter")
    param, flt = _ordering(filterset)
    if request is None or flt is None or key not in flt.param_map:
        return format_html('<th scope="col">{}</th>', label)
    asked = request.GET.get(param, "").split(",")[0].strip() or _default_key(filterset, flt)
    if asked == key:
        state, arrow, next_key, hint = "ascending", "▲", f"-{key}", _("sort descending")
    elif asked == f"-{key}":
        state, arrow, next_key, hint = "descending", "▼", key, _("sort ascending")
    else:
        state, arrow, next_key, hint = "", "", key, _("sort ascending")
    query = request.GET.copy()
    query.pop("page", None)
    query[param] = next_key
    sort_attr = format_html(' aria-sort="{}"', state) if state else ""
    return format_html(
        '<th scope="col"{}><a class="sort" href="?{}">{}<span class="visually-hidden"> ({})</span>'
        '<span class="sort-arrow" aria-hidden="true">{}</span></a></th>',
        sort_attr, query.urlencode(), label, hint, arrow)
