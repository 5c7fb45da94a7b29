"""Marks where the user is in a navigation (issue 13: ``aria-current``):

    {% load nav %}
    {% url 'networks:community_list' as u %}<a href="{{ u }}"{% aria_current u %}>…</a>

writes ``aria-current="page"`` on the link to the page shown, ``aria-current="true"`` on the
link of the section it belongs to (a community's page is in "Communities"), nothing otherwise."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def aria_current(context, url, exact=False):
    """The ``aria-current`` attribute (with its leading space) for a link to ``url``; the site's
    root marks only itself, ``exact=True`` likewise."""
    request = context.get("request")
    if request is None or not url:
        return ""
    path = request.path
    if path == url:
        return mark_safe(' aria-current="page"')
    if not exact and url != "/" and url.endswith("/") and path.startswith(url):
        return mark_safe(' aria-current="true"')
    return ""


@register.simple_tag
def page_range(page_obj):
    """The page numbers a pagination shows around ``page_obj`` (a ``Page``): the first, the
    last, the current one and its neighbours, ``Paginator.ELLIPSIS`` for the gaps."""
    if page_obj is None:
        return []
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1,
                                                         on_ends=1))
