"""Templates ask the access policy, never a role name:

    {% load access %}
    {% can "change" community as may_change %}{% if may_change %}…{% endif %}
    {% can "add" "networks.community" as may_add %}

The actor is the request's (``request.actor``); without one, nothing is allowed."""

from django import template

from coordinator.access import actor_of
from coordinator.access import can as can_do

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, target):
    """True when the request's actor may ``action`` ``target`` (a record, or an
    ``"app.model"`` label for "some record of this model"). Never raises for a missing request:
    returns False."""
    request = context.get("request")
    if request is None or target in (None, ""):
        return False
    return can_do(actor_of(request), action, target)


@register.simple_tag(takes_context=True)
def sees_special_category(context):
    """True when the request's actor may read ethnicity and faith (special-category data)."""
    request = context.get("request")
    return bool(request is not None and actor_of(request).sees_special_category())
