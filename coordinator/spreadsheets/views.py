"""Spreadsheet pages: the user's exports and imports, an export's progress and download, an
import's upload, preview, confirmation and result, and the template file of each importable
kind. Thin views over ``exports`` and ``imports``; every record through the access layer."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from ..access import Action, can, get_for, visible
from ..generic import CreateOnceMixin, StaffMixin, StaffPage
from ..http import NoStoreMixin
from . import exports, imports, registry
from .forms import ConfirmForm, UploadForm
from .models import (
    ExportStatus,
    Format,
    ImportStatus,
    SpreadsheetExport,
    SpreadsheetImport,
)

#: Rows of a preview per page.
PREVIEW_PAGE = 200


class Index(NoStoreMixin, StaffPage):
    """The user's recent exports and imports (a municipal admin: the municipality's, the log
    of exports), and the kinds of records they may import, with their templates."""

    template_name = "coordinator/spreadsheets/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.actor
        context.update(
            exports=visible(actor, SpreadsheetExport.objects.select_related("requested_by"))[:50],
            imports=visible(actor, SpreadsheetImport.objects.select_related("requested_by"))[:50],
            importable=[e for e in registry.importable() if can(actor, Action.ADD, e.model)],
            formats=Format.choices,
        )
        return context


class _JobMixin(NoStoreMixin, StaffMixin):
    """One export or import, found through the access layer (its requester's; a municipal
    admin reads the municipality's). Not written to the read-access log: it is the user's own
    record, not one an agreement shares."""

    object_page = True

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = get_for(self.actor, self.base_queryset(), self.kwargs["pk"],
                                   self.action)
        return self._object


class _Polled:
    """``?partial=1`` renders only the status part, which ``static/js/poll.js`` fetches every
    two seconds until the work is done (no page refresh)."""

    partial_template = ""

    def get_template_names(self):
        if self.request.GET.get("partial") == "1":
            return [self.partial_template]
        return super().get_template_names()


class ExportDetail(_Polled, _JobMixin, generic.DetailView):
    model = SpreadsheetExport
    context_object_name = "export"
    template_name = "coordinator/spreadsheets/export_detail.html"
    partial_template = "coordinator/spreadsheets/_export_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_download"] = self.object.requested_by_id == self.request.user.pk
        return context


class ExportDownload(_JobMixin, generic.View):
    """The file of a finished export, to the one who asked for it, until it expires."""

    model = SpreadsheetExport

    def base_queryset(self):
        return SpreadsheetExport.objects.filter(requested_by=self.request.user,
                                                status=ExportStatus.READY)

    def get(self, request, *args, **kwargs):
        export = self.get_object()
        if not export.file or export.expires_at < timezone.now():
            raise Http404
        response = FileResponse(export.file.open("rb"), as_attachment=True,
                                filename=export.download_name,
                                content_type=exports.CONTENT_TYPES[export.format])
        response["X-Content-Type-Options"] = "nosniff"
        return response


class _EntryMixin:
    """The importable kind of the URL's ``kind``; the page needs "add". An unknown kind is
    404, once the visitor is known to be staff (``require_entry`` in each method)."""

    action = Action.ADD

    def dispatch(self, request, *args, **kwargs):
        self.entry = registry.entry_for_slug(kwargs.get("kind", ""))
        self.model = self.entry.model if self.entry else None
        return super().dispatch(request, *args, **kwargs)

    def require_entry(self):
        if self.entry is None:
            raise Http404
        return self.entry


class ImportUpload(CreateOnceMixin, _EntryMixin, NoStoreMixin, StaffMixin, generic.FormView):
    """Upload a file: it is read at once (a file that cannot be imported is refused with the
    reason), then checked (at once, or by Celery when large) and its preview shown."""

    form_class = UploadForm
    template_name = "coordinator/spreadsheets/import_upload.html"

    def get(self, request, *args, **kwargs):
        self.require_entry()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.require_entry()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "entry": self.entry, "actor": self.actor}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resource = self.entry.resource(self.actor)
        context.update(entry=self.entry, columns=resource.template_columns(),
                       required=resource.required_columns, formats=Format.choices,
                       special=[c for c in resource.read_columns()
                                if c in resource.special])
        return context

    def form_valid(self, form):
        job = imports.start(self.actor, self.entry, form.cleaned_data["file"].name,
                            form.cleaned_data["content"], form.cleaned_data["format"],
                            sheet=form.cleaned_data["sheet"])
        return redirect(job)

    def form_invalid(self, form):
        messages.error(self.request, _("The file could not be used; nothing was imported."))
        return super().form_invalid(form)


class ImportDetail(_Polled, _JobMixin, generic.DetailView):
    """The check's progress, then the preview (bad rows first, then the rows to be created
    or updated) with the confirmation, then the result."""

    model = SpreadsheetImport
    context_object_name = "job"
    template_name = "coordinator/spreadsheets/import_detail.html"
    partial_template = "coordinator/spreadsheets/_import_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        rows = job.report.get("rows", [])
        bad = [r for r in rows if r["action"] == "bad"]
        good = [r for r in rows if r["action"] != "bad"]
        page = Paginator(good, PREVIEW_PAGE).get_page(self.request.GET.get("page"))
        progress = job.progress
        if job.status == ImportStatus.QUEUED:
            progress = cache.get(imports.progress_key(job.pk), job.progress)
        context.update(
            bad_rows=bad, page_obj=page, progress=progress,
            may_confirm=(job.status == ImportStatus.PREVIEWED
                         and can(self.actor, Action.CHANGE, job)),
            confirm_form=ConfirmForm(bad=job.bad_count),
            entry=registry.entry_for(job.resource),
        )
        return context


class ImportConfirm(_JobMixin, generic.View):
    """POST: import the checked file, once (a second POST finds it done)."""

    model = SpreadsheetImport
    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = self.get_object()
        form = ConfirmForm(request.POST, bad=job.bad_count)
        if job.status != ImportStatus.PREVIEWED:
            messages.info(request, _("This file was already confirmed."))
            return redirect(job)
        if not form.is_valid():
            messages.error(request, " ".join(form.non_field_errors()))
            return redirect(job)
        if imports.confirm(job.pk, form.cleaned_data["skip_bad_rows"]):
            job.refresh_from_db()
            if job.status == ImportStatus.IMPORTED:
                messages.success(request, _("The file was imported."))
            elif job.status == ImportStatus.PREVIEWED:
                messages.error(request, job.error)
        else:
            messages.info(request, _("This file was already confirmed."))
        return redirect(job)


class ImportCancel(_JobMixin, generic.View):
    """POST: cancel an import not yet confirmed; its file is deleted."""

    model = SpreadsheetImport
    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = self.get_object()
        if imports.cancel(job.pk):
            messages.success(request, _("The import was cancelled and the file deleted."))
        return redirect(reverse("spreadsheets:index"))


class ImportTemplate(_EntryMixin, StaffMixin, generic.View):
    """GET: the template of an importable kind: its columns and one example row."""

    def get(self, request, *args, **kwargs):
        self.require_entry()
        fmt = kwargs["format"]
        if fmt not in Format.values:
            raise Http404
        if not can(self.actor, Action.ADD, self.model):
            raise PermissionDenied
        content = exports.file_content(self.entry.resource(self.actor).template(), fmt)
        response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="{self.entry.import_slug}-template.{fmt}"')
        return response
