"""The municipal admin's data protection pages: the data map (and its PDF), the retention
periods with the record of the daily runs, a person's or an organisation's page with their
subject-access export and their erasure on request, and the exports' pages and downloads.

Only those who may "manage" ``privacy.erasurerequest`` (municipal admins) reach them: others get
403 before any record is looked up, community representatives are sent to the portal, and a
record of another municipality is not found (404, through ``get_for``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from coordinator.access import Action, can, visible
from coordinator.generic import ObjectMixin, StaffMixin
from coordinator.http import NoStoreMixin
from coordinator.retention import CLASSES
from networks.models import Organisation, Person

from . import datamap, on_request, services
from .erasure import history_model
from .forms import ErasureForm, RetentionForm, SubjectSearchForm
from .models import ErasureRequest, ErasureRun, ExportKind, ExportStatus, PrivacyExport
from .runs import periods
from .subject_access import linked_counts

#: Rows of the recent runs, requests and exports the pages list.
RECENT = 10
#: People and organisations a search lists.
SEARCH_LIMIT = 25


class AdminOnly(generic.View):
    """After ``StaffMixin``: 403 unless the actor does the municipality's data protection (the
    municipal admin), before any record is looked up."""

    def dispatch(self, request, *args, **kwargs):
        if not can(self.actor, Action.MANAGE, "privacy.erasurerequest"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def class_rows(counts: dict) -> list[tuple[str, dict]]:
    """``(class label, tally)`` of a run's or request's counts, in the table's order."""
    labels = {key: c.label for key, c in CLASSES.items()}
    return [(labels.get(key, key), tally) for key, tally in counts.items()]


class DataMap(NoStoreMixin, StaffMixin, AdminOnly, generic.TemplateView):
    template_name = "privacy/data_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exports = visible(self.actor, PrivacyExport.objects.filter(kind=ExportKind.DATA_MAP))
        context.update(rows=datamap.data_map(self.municipality.pk),
                       exports=exports.order_by("-created_at", "-pk")[:3])
        return context


class DataMapExport(StaffMixin, AdminOnly, generic.View):
    """Queue the data map as a PDF."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return redirect(services.request_export(self.municipality.pk, request.user))


class Retention(NoStoreMixin, StaffMixin, AdminOnly, generic.FormView):
    """The municipality's retention periods (within each class's limits), the recent runs of
    the daily erasure and the recent erasure requests."""

    form_class = RetentionForm
    template_name = "privacy/retention.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["periods"] = periods(self.municipality.pk)
        return kwargs

    def form_valid(self, form):
        changed = services.save_periods(self.municipality.pk, self.request.user,
                                        dict(form.cleaned_data))
        if changed:
            messages.success(self.request, _("The retention periods were saved."))
        else:
            messages.info(self.request, _("Nothing changed."))
        return redirect("privacy:retention")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = periods(self.municipality.pk)
        runs = visible(self.actor, ErasureRun.objects.all()).order_by("-started_at", "-pk")
        requests = visible(self.actor, ErasureRequest.objects.select_related("performed_by"))
        context.update(
            classes=[(c, days.get(c.key)) for c in CLASSES.values()],
            runs=[(run, class_rows(run.counts)) for run in runs[:RECENT]],
            requests=[(r, class_rows(r.counts))
                      for r in requests.order_by("-performed_at", "-pk")[:RECENT]])
        return context


class Subjects(NoStoreMixin, StaffMixin, AdminOnly, generic.TemplateView):
    """Find the person or organisation a request is about; the recent subject-access exports."""

    template_name = "privacy/subjects.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SubjectSearchForm(self.request.GET or None)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        people = organisations = []
        if query:
            people = list(visible(self.actor, Person.objects.filter(name__icontains=query))
                          .select_related("organisation").order_by("name", "pk")[:SEARCH_LIMIT])
            organisations = list(visible(self.actor, Organisation.objects.filter(
                name__icontains=query)).order_by("name", "pk")[:SEARCH_LIMIT])
        exports = visible(self.actor, PrivacyExport.objects.filter(
            kind=ExportKind.SUBJECT_ACCESS).select_related("person", "organisation"))
        context.update(form=form, query=query, people=people, organisations=organisations,
                       exports=exports.order_by("-created_at", "-pk")[:RECENT])
        return context


class SubjectMixin(NoStoreMixin, ObjectMixin, AdminOnly):
    """A person's or an organisation's data protection page (``model``: ``Person`` or
    ``Organisation``)."""

    def base_queryset(self):
        return self.model.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subject = self.get_object()
        kind = "person" if isinstance(subject, Person) else "organisation"
        context.update(subject=subject, kind=kind,
                       subject_url=reverse(f"privacy:{kind}", args=[subject.pk]),
                       export_url=reverse(f"privacy:{kind}_export", args=[subject.pk]),
                       erase_url=reverse(f"privacy:{kind}_erase", args=[subject.pk]))
        return context


class SubjectDetail(SubjectMixin, generic.TemplateView):
    """What Linchpin holds about them, counted per kind of record; their exports."""

    template_name = "privacy/subject.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subject = context["subject"]
        linked = {str(model._meta.verbose_name_plural).capitalize(): n
                  for model, n in linked_counts(subject).items()}
        history = history_model(type(subject))
        field = "person" if isinstance(subject, Person) else "organisation"
        exports = visible(self.actor, PrivacyExport.objects.filter(**{field: subject}))
        context.update(linked=sorted(linked.items()),
                       history_count=history.objects.filter(id=subject.pk).count(),
                       exports=exports.order_by("-created_at", "-pk")[:RECENT])
        return context


class SubjectExport(SubjectMixin, generic.View):
    """Queue the subject-access export (JSON and PDF)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        export = services.request_export(self.municipality.pk, request.user, self.get_object())
        return redirect(export)


class SubjectErase(SubjectMixin, generic.FormView):
    """Erasure on request: what it would erase (done and rolled back), then the confirmation."""

    form_class = ErasureForm
    template_name = "privacy/erase.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
        include_notes = bool(data.get("include_notes", False))
        redact = bool(data.get("redact_mentions", True))
        outcome = on_request.preview(context["subject"], include_notes, redact)
        context.update(outcome=outcome, counts=class_rows(outcome.counts.as_json()))
        return context

    def form_valid(self, form):
        subject = self.get_object()
        name = str(subject)
        try:
            on_request.erase(subject, self.request.user, **{
                k: form.cleaned_data[k] for k in ("asked_by", "received_on", "include_notes",
                                                  "redact_mentions")})
        except on_request.Refused as refusal:
            for message in refusal.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(name)s” was erased, with its history and files.")
                         % {"name": name})
        return redirect("privacy:subjects")


class ExportMixin(NoStoreMixin, ObjectMixin, AdminOnly):
    model = PrivacyExport

    def base_queryset(self):
        return PrivacyExport.objects.select_related("person", "organisation")


class ExportDetail(ExportMixin, generic.DetailView):
    """The progress of an export; refreshes itself (meta refresh, CSP-safe) until done."""

    template_name = "privacy/export_detail.html"
    context_object_name = "export"


class ExportDownload(ExportMixin, generic.View):
    """One file of a finished export, as an attachment, never cached. ``extension``: "json" or
    "pdf"."""

    extension = "pdf"
    http_method_names = ["get"]

    def base_queryset(self):
        return super().base_queryset().filter(status=ExportStatus.DONE)

    def get(self, request, *args, **kwargs):
        export = self.get_object()
        stored = export.json_file if self.extension == "json" else export.pdf_file
        if not stored:
            raise Http404
        content_type = "application/json" if self.extension == "json" else "application/pdf"
        response = FileResponse(stored.open("rb"), as_attachment=True, content_type=content_type,
                                filename=export.download_name(self.extension))
        response["Cache-Control"] = "no-store"
        return response
