"""The network-building stage of an organisation, for its page (003 "3 steps"):

    {% load network_building %}
    {% organisation_network_stage organisation as network %}   {# None: no meetings to show #}
"""

from django import template

from coordinator.access import actor_of
from dialogue.stages import organisation_stage

register = template.Library()


@register.simple_tag(takes_context=True)
def organisation_network_stage(context, organisation):
    """``stages.StageSummary`` of ``organisation`` for the request's actor (stage reached,
    meetings attended, last one), or None when the actor may see no meetings. One query."""
    request = context.get("request")
    if request is None or organisation is None:
        return None
    return organisation_stage(actor_of(request), organisation)
