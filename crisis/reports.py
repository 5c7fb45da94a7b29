"""Asking for the situation report of an incident (issue 11 "After it") and reading the reports
made: the services the incident page and ``crisis.report_views`` call. The PDF itself is made by
the Celery task ``crisis.tasks.render_situation_report`` (``crisis.pdf``), never in a request.

Usage on the incident page::

    can_request_report(actor, incident)      # show the "Situation report (PDF)" button
    reports_for(actor, incident)             # the latest reports, newest first
    hate_chart(actor, incident)              # the inline SVG chart of hate incidents per day
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from coordinator.access import Action, Actor, can, require, visible

from . import services
from .charts import bar_chart_svg
from .models import Incident, SituationReport

#: How many reports the incident page lists.
LIST_LENGTH = 5


def can_request_report(actor: Actor, incident: Incident) -> bool:
    """May ``actor`` ask for a situation report of ``incident``?"""
    return can(actor, Action.EXPORT, incident) and can(actor, Action.ADD, SituationReport)


def request_report(actor: Actor, incident: Incident) -> SituationReport:
    """Queue a situation report of ``incident`` asked for by ``actor``: a pending
    ``SituationReport`` and, once the transaction commits, its rendering task. ``Http404``
    when the actor may not see the incident, ``PermissionDenied`` when they may not export it.
    A report of the incident still being made for the same actor is returned instead of a
    second one (a double click makes one PDF)."""
    require(actor, incident, Action.EXPORT)
    if not can(actor, Action.ADD, SituationReport):
        raise PermissionDenied(_("Your role does not allow asking for a situation report."))
    from .tasks import render_situation_report

    with transaction.atomic():
        # The incident's row is the lock: two clicks at once wait for each other here, and the
        # second finds the first's report.
        Incident.objects.select_for_update().filter(pk=incident.pk).first()
        running = (SituationReport.objects.filter(
            incident=incident, requested_by=actor.user,
            status__in=[SituationReport.Status.PENDING, SituationReport.Status.RUNNING])
            .order_by("-pk").first())
        if running is not None:
            return running
        report = SituationReport(incident=incident, requested_by=actor.user)
        report._history_user = actor.user
        report.save()
        transaction.on_commit(partial(render_situation_report.delay, report.pk,
                                      incident.municipality_id))
    return report


def reports_for(actor: Actor, incident: Incident) -> list[SituationReport]:
    """The latest reports of ``incident`` ``actor`` may see, newest first."""
    return list(visible(actor, SituationReport.objects.filter(incident=incident))
                .select_related("requested_by")[:LIST_LENGTH])


def hate_chart(actor: Actor, incident: Incident) -> str:
    """The hate incidents per day of ``incident`` that ``actor`` may see, as an inline SVG bar
    chart (``""`` when none is recorded): the same chart as in the situation report."""
    return bar_chart_svg(services.hate_incidents_per_day(incident, actor),
                         label=_("Hate incidents per day"))
