"""The keys of the fragments a page keeps in the cache under the municipality's change stamp
(``coordinator.fragments``; issue 8):

    {% load cache fragments %}
    {% user_fragment_key as key %}
    {% if key %}{% cache fragment_seconds main_menu key %}…{% endcache %}{% endif %}
    {% list_fragment_key as key %}  {# a list's filter form: the filters are in the key #}

Each tag answers "" when nothing may be cached for the user (a partner professional, caching
off) and sets ``fragment_seconds`` in the context, how long a fragment is kept. The
``{% cache %}`` tag keeps only a hash of the key (a list's key holds its search terms)."""

from django import template
from django.conf import settings

from coordinator import fragments

register = template.Library()


def _key(context, key_of) -> str:
    request = context.get("request")
    context["fragment_seconds"] = settings.LINCHPIN_FRAGMENT_CACHE_SECONDS
    return (key_of(request) if request is not None else None) or ""


@register.simple_tag(takes_context=True)
def user_fragment_key(context):
    """The request's key for a fragment built for the user from the municipality's records
    (the menu, the dashboard's panels): ``fragments.user_fragment_key``."""
    return _key(context, fragments.user_fragment_key)


@register.simple_tag(takes_context=True)
def list_fragment_key(context):
    """The key of what a list page shows for the request's filters (its filter form):
    ``fragments.list_fragment_key``."""
    return _key(context, fragments.list_fragment_key)
