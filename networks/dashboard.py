"""The networks' panels on the dashboard (registered in ``NetworksConfig.ready()``): where the
communities stand in the five steps (002), mapping to verify again, communities mapped but
never contacted, and key partners without contacts at two levels (003). Each function takes the
request and returns its template's ``panel``."""

from django.conf import settings
from django.db.models import Count, Q

from coordinator.access import actor_of, visible
from coordinator.dashboard import count_later, list_later, register_panel, visible_records

from .models import Community, CommunityQuerySet, EngagementStep, Organisation, contact_warnings

#: How many records a dashboard list shows before "See all". The lists read only the columns
#: their templates show (``only()``): a community's texts are long and never shown here.
LIST_LENGTH = 8


def _figures(request) -> dict:
    """The three panels' counts, computed once per request (the panels run one after the
    other): ``{"per_step": {step: n}, "unverified": n, "never_contacted": n}``. One ``GROUP BY``
    with conditional counts instead of three scans of the municipality's communities (issue 8:
    at national scale the dashboard's time is mostly its queries)."""
    figures = getattr(request, "_community_figures", None)
    if figures is None:
        rows = (
            visible_records(request, Community).order_by().values_list("engagement_step")
            .annotate(
                n=Count("id"),
                unverified=Count("id", filter=CommunityQuerySet.not_verified_condition(
                    settings.LINCHPIN_VERIFY_AFTER_DAYS)),
                never_contacted=Count("id", filter=Q(last_contacted_on__isnull=True)),
            )
        )
        figures = {"per_step": {}, "unverified": 0, "never_contacted": 0}
        for step, n, unverified, never_contacted in rows:
            figures["per_step"][step] = n
            figures["unverified"] += unverified
            figures["never_contacted"] += never_contacted
        request._community_figures = figures
    return figures


def steps_panel(request) -> dict:
    """``{"steps": [(EngagementStep, int), ...], "community_total": int}``; one query, shared
    with the other two panels."""
    per_step = _figures(request)["per_step"]
    return {
        "steps": [(step, per_step.get(step.value, 0)) for step in EngagementStep],
        "community_total": sum(per_step.values()),
    }


def unverified_panel(request) -> dict:
    """Communities not verified for ``LINCHPIN_VERIFY_AFTER_DAYS`` (mapping is continuous, 002
    step 1): the oldest first, and their count (from :func:`_figures`); one query of its own
    when it is not 0."""
    unverified = visible_records(request, Community).not_verified_since(
        settings.LINCHPIN_VERIFY_AFTER_DAYS)
    count = _figures(request)["unverified"]
    shown = (unverified.order_by("last_verified_on", "name")
             .only("id", "name", "last_verified_on")[:LIST_LENGTH])
    return {
        "unverified": list_later(shown, count),
        "unverified_count": count,
        "verify_after_days": settings.LINCHPIN_VERIFY_AFTER_DAYS,
    }


def never_contacted_panel(request) -> dict:
    """Communities with no logged interaction yet (002 step 2 not begun), and their count (from
    :func:`_figures`); one query of its own when it is not 0."""
    count = _figures(request)["never_contacted"]
    shown = visible_records(request, Community).never_contacted().only("id", "name")[:LIST_LENGTH]
    return {"never_contacted": list_later(shown, count), "never_contacted_count": count}


def key_partner_contacts_panel(request) -> dict:
    """Key partners (collaboration or partnership) that rely on one person or lack a strategic
    or operational contact (003 "Formal network": the top level supports the operational
    level; "Don'ts": don't depend on a select few), by name, each with its warnings, and their
    count: a count run with the dashboard's others, and one query when it is not 0."""
    missing = visible(actor_of(request), Organisation.objects.all()).missing_contact_levels()
    count = count_later(missing)
    return {
        "partners": list_later(missing.order_by("name", "pk")[:LIST_LENGTH], count, _warned),
        "partners_count": count,
    }


def _warned(organisations: list) -> list[tuple]:
    """``[(organisation, [warning, ...]), ...]`` for organisations annotated by
    ``with_contact_levels``."""
    return [(o, contact_warnings(o, o.contact_count, o.strategic_count, o.operational_count))
            for o in organisations]


def register() -> None:
    register_panel("community_steps", "networks/panels/steps.html", steps_panel, order=10, row=1,
                   model="networks.community")
    register_panel("communities_unverified", "networks/panels/unverified.html", unverified_panel,
                   order=20, row=2, model="networks.community")
    register_panel("communities_never_contacted", "networks/panels/never_contacted.html",
                   never_contacted_panel, order=30, row=2, model="networks.community")
    register_panel("key_partner_contacts", "networks/panels/key_partner_contacts.html",
                   key_partner_contacts_panel, order=40, row=2, model="networks.organisation")
