"""The situation report's pages: ask for one (POST on an incident), follow it being made, and
download the PDF. Thin: the rules are in ``crisis.reports``; every record is reached through
the access layer (404 when not visible, 403 when visible but not allowed)."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views import generic

from coordinator.access import Action
from coordinator.generic import ObjectMixin

from . import reports
from .models import Incident, SituationReport


class RequestReport(ObjectMixin, generic.View):
    """POST: queue a situation report of the incident, then show its progress."""

    model = Incident
    action = Action.EXPORT
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = reports.request_report(self.actor, self.get_object())
        return redirect("crisis:report_detail", report.pk)


class ReportDetail(ObjectMixin, generic.DetailView):
    """The progress of a report; refreshes itself (meta refresh, CSP-safe) until done."""

    model = SituationReport
    template_name = "crisis/report_detail.html"
    context_object_name = "report"

    def base_queryset(self):
        return SituationReport.objects.select_related("incident", "requested_by")


class ReportDownload(ObjectMixin, generic.View):
    """The PDF, to those who may see the report (a partner's download is logged, as every
    shared record they open); never cached."""

    model = SituationReport

    def base_queryset(self):
        return (SituationReport.objects.filter(status=SituationReport.Status.DONE)
                .exclude(file="").select_related("incident"))

    def get(self, request, *args, **kwargs):
        report = self.get_object()
        try:
            handle = report.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, as_attachment=True, filename=report.download_name,
                                content_type="application/pdf")
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
