"""Template tags that show the state of assessing an organisation outside the assessors' pages,
through the single access rule (``vetting.models.assessment_access``).

    {% load assessing_partners %}
    {% organisation_partner_status organisation as partner %}   {# staff: None if no access #}
    {% portal_partner_status organisation as partner %}          {# portal: plain words #}
"""

from django import template
from django.urls import reverse

from coordinator.access import Action, actor_of, can
from vetting import services
from vetting.models import AssessmentAccess, assessment_access

register = template.Library()


@register.simple_tag(takes_context=True)
def organisation_partner_status(context, organisation):
    """For the organisation page: a dict with ``status`` (``services.PartnerStatus``: state,
    outcome, review date, out of compliance), ``is_assessor``, and the links the user may
    follow (``assessment_url``, ``open_url``, ``memorandum_create_url``, ``memoranda``).
    None for users who may see nothing of assessments (partner professionals, portal users,
    another municipality)."""
    request = context.get("request")
    membership = getattr(request, "membership", None) if request is not None else None
    access = assessment_access(membership)
    if access == AssessmentAccess.NONE:
        return None
    if membership.municipality_id != organisation.municipality_id:
        return None
    status = services.organisation_status(organisation)
    is_assessor = access == AssessmentAccess.CONTENT
    result = {"status": status, "is_assessor": is_assessor, "assessment_url": "",
              "open_url": "", "memorandum_create_url": "", "memoranda": []}
    if is_assessor:
        current = (organisation.assessments.open().first()
                   or services.latest_decision(organisation))
        if current is not None:
            result["assessment_url"] = current.get_absolute_url()
        if not status.under_way:
            result["open_url"] = reverse("vetting:assessment_open", args=[organisation.pk])
    if can(actor_of(request), Action.VIEW, "vetting.memorandum"):
        result["memoranda"] = list(organisation.memoranda.all())
        if status.state in ("cleared", "cleared_with_conditions"):
            result["memorandum_create_url"] = reverse(
                "vetting:memorandum_create", args=[organisation.pk])
    return result


@register.simple_tag
def portal_partner_status(organisation):
    """For the portal: ``services.portal_status(organisation)`` (None if never assessed)."""
    if organisation is None:
        return None
    return services.portal_status(organisation)
