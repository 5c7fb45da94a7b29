"""The situation report of an incident as a PDF: HTML from
``templates/crisis/print/situation_report.html``, laid out by the action plan's renderer
(``actionplans.pdf.layout``: the project's print stylesheet and fonts, and the
``StaticOnlyURLFetcher`` that fetches nothing but the project's own static files, whatever the
user typed). The hate-incident chart is inline SVG drawn here (``crisis.charts``): nothing to
fetch.

What the report shows is what its requester may see: every record is read through
``coordinator.access`` with the requester's actor. It shows who was checked in with and whether
they answered, never what they said (check-in answers are a category of their own)."""

from __future__ import annotations

from itertools import groupby

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actionplans.pdf import PDF_OPTIONS, layout
from coordinator.access import Action, Actor, require, visible
from coordinator.languages import language_of
from networks.models import Community

from . import services
from .charts import bar_chart_svg
from .models import (
    Briefing,
    CheckIn,
    ImpactAssessment,
    Incident,
    RecoveryAction,
    Statement,
    TimelineEntry,
)

PRINT_TEMPLATE = "crisis/print/situation_report.html"


def check_in_name(check_in: CheckIn) -> str:
    if check_in.organisation_id:
        return check_in.organisation.name
    if check_in.person_id:
        return check_in.person.name
    return str(check_in)


def report_context(actor: Actor, incident: Incident) -> dict:
    """Everything the print template shows of ``incident``, as ``actor`` may see it
    (``Http404`` when they may not see the incident); about ten queries."""
    require(actor, incident, Action.VIEW)
    incident = (Incident.objects.select_related("municipality", "protocol", "opened_by")
                .get(pk=incident.pk))

    def mine(model, **lookups):
        return visible(actor, model.objects.filter(incident=incident, **lookups))

    check_ins = sorted(mine(CheckIn).select_related("organisation", "person"),
                       key=lambda c: check_in_name(c).casefold())
    for check_in in check_ins:
        check_in.name = check_in_name(check_in)
    impacts = list(mine(ImpactAssessment).select_related("community")
                   .order_by("community__name", "community_id", "assessed_on"))
    per_community = [{"community": community, "days": list(days)}
                     for community, days in groupby(impacts, key=lambda i: i.community)]
    hate_points = services.hate_incidents_per_day(incident, actor)
    statements = list(mine(Statement).select_related("released_by").prefetch_related(
        Prefetch("briefings", queryset=visible(actor, Briefing.objects.all())
                 .order_by("briefed_at", "pk"))))
    return {
        "incident": incident,
        "municipality": incident.municipality,
        "communities": list(visible(actor, Community.objects.filter(incidents=incident))
                            .order_by("name")),
        "timeline": list(mine(TimelineEntry).select_related("by")),
        "answered": [c for c in check_ins if c.is_answered],
        "waiting": [c for c in check_ins if not c.is_answered],
        "check_in_count": len(check_ins),
        "impact_per_community": per_community,
        "hate_points": hate_points,
        "hate_total": sum(count for _day, count in hate_points),
        "hate_chart": bar_chart_svg(hate_points, label=_("Hate incidents per day")),
        "statements": statements,
        "recovery_actions": list(mine(RecoveryAction).select_related("owner")),
        "generated_at": timezone.localtime(),
    }


def render_html(actor: Actor, incident: Incident) -> str:
    """The print HTML of ``incident`` as ``actor`` may see it (relative static URLs, resolved
    by ``actionplans.pdf.static_base_url``)."""
    # In the language of the one who asked for it (their own, else their municipality's).
    with translation.override(language_of(actor.membership) or settings.LANGUAGE_CODE):
        return render_to_string(PRINT_TEMPLATE, report_context(actor, incident))


def render_pdf_from_html(html: str, url_fetcher=None) -> tuple[bytes, int]:
    """``(pdf_bytes, page_count)`` of print ``html``, laid out with the strict fetcher."""
    document = layout(html, url_fetcher)
    return document.write_pdf(**PDF_OPTIONS), len(document.pages)


def render_pdf(actor: Actor, incident: Incident) -> tuple[bytes, int]:
    """``(pdf_bytes, page_count)`` of the situation report of ``incident``."""
    return render_pdf_from_html(render_html(actor, incident))
