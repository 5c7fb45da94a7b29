"""Staff screens of the local action plan (issue 4). Thin: every rule is in ``services`` and the
models; views pick the record from the current municipality (404 otherwise), check the role,
call a service and redirect."""

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from coordinator import concurrency
from coordinator.access import Action, can, visible
from coordinator.generic import CreateOnceMixin, ObjectMixin, StaffMixin
from coordinator.history import history_rows

from . import services
from .forms import (
    ApproveForm,
    CommentForm,
    CompareForm,
    ElementForms,
    OpenSectionsForm,
    PlanForm,
)
from .models import (
    ELEMENT_ITEMS,
    OPEN_STATES,
    ActionPlan,
    ActionPlanVersion,
    Element,
    ExportStatus,
    PlanExport,
    SectionComment,
    SectionOpening,
    VersionState,
)


class PlanList(StaffMixin, generic.ListView):
    model = ActionPlan
    template_name = "actionplans/plan_list.html"

    def get_queryset(self):
        return visible(self.actor, ActionPlan.objects.all()).order_by("title", "pk").prefetch_related(
            Prefetch("versions", queryset=ActionPlanVersion.objects.filter(
                state__in=[VersionState.APPROVED, *OPEN_STATES]).order_by("-number"),
                to_attr="current_versions"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = can(self.actor, Action.ADD, ActionPlan)
        return context


class PlanCreate(CreateOnceMixin, StaffMixin, generic.FormView):
    model = ActionPlan
    action = Action.ADD
    form_class = PlanForm
    template_name = "actionplans/plan_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "municipality": self.municipality}

    def form_valid(self, form):
        try:
            _plan, version = services.create_plan(self.municipality, form.cleaned_data["title"],
                                                  by=self.request.user,
                                                  language=form.cleaned_data["language"])
        except ValidationError as error:  # the same title created at the same moment
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The plan was created: version 1 is a draft."))
        return redirect(version)


class PlanDetail(ObjectMixin, generic.DetailView):
    model = ActionPlan
    template_name = "actionplans/plan_detail.html"
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = self.object.versions.select_related("approved_by", "based_on")
        context["history"] = history_rows(self.object)
        return context


class VersionMixin(ObjectMixin):
    """Pages about one version: found through the access layer with the page's ``action``."""

    model = ActionPlanVersion

    def base_queryset(self):
        return ActionPlanVersion.objects.select_related(
            "plan", "approved_by", "based_on", "coordinator_organisation")

    def get_version(self) -> ActionPlanVersion:
        return self.get_object()


class VersionDetail(VersionMixin, generic.DetailView):
    """The version with its completeness panel, the seven elements, comments and actions."""

    template_name = "actionplans/version_detail.html"
    context_object_name = "version"

    def get_context_data(self, **kwargs):
        from . import pdf

        context = super().get_context_data(**kwargs)
        version = self.object
        actor = self.actor
        may_change = can(actor, Action.CHANGE, version)
        content = pdf.plan_context(version)
        completeness = services.check_completeness(version)
        threads = services.threads(version)
        openings = {o.element: o for o in SectionOpening.objects.filter(version=version)
                    .prefetch_related("organisations")}
        sections = []
        for element in Element:
            sections.append({
                "number": element.value, "title": element.label,
                "completeness": completeness[element.value - 1],
                "threads": [t for t in threads if t.element == element.value],
                "opening": openings.get(element.value),
            })
        context.update(
            content, version=version, sections=sections,
            complete=services.is_complete(completeness),
            can_edit=may_change and version.is_open,
            can_manage=may_change,
            can_approve=can(actor, Action.APPROVE, version)
            and version.state == VersionState.IN_CONSULTATION,
            can_new_draft=may_change and version.is_frozen
            and not version.plan.versions.filter(state__in=OPEN_STATES).exists(),
            can_export=can(actor, Action.EXPORT, version),
            can_comment=can(actor, Action.COMMENT, version) and version.is_open,
            exports=version.exports.select_related("requested_by")[:5],
            compare_form=CompareForm(version=version),
            comment_form=CommentForm(),
            history=history_rows(version) if may_change else [],
        )
        return context


class ElementEdit(VersionMixin, generic.TemplateView):
    """One element of an open version: its answers and lists (forms and formsets). Each row
    carries the version it was opened at: a save from a page opened before someone else's is
    refused and shows what changed (``coordinator.concurrency``)."""

    action = Action.CHANGE
    template_name = "actionplans/element_form.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["element"] not in Element.values:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_forms(self, data=None):
        version = self.get_version()
        version.refuse_if_frozen()
        return ElementForms(version, self.kwargs["element"], data)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(forms=self.get_forms()))

    def post(self, request, *args, **kwargs):
        forms = self.get_forms(request.POST)
        removed = [form for _label, formset in forms.formsets
                   for form in concurrency.removed_forms(formset)]
        if removed:
            return self.render_conflict(forms, concurrency.EditConflict(removed))
        if forms.is_valid():
            try:
                with concurrency.checked_save(*forms.all_forms()):
                    forms.save()
            except concurrency.EditConflict as conflict:
                return self.render_conflict(forms, conflict)
            messages.success(request, _("%(element)s was saved.") % {
                "element": forms.element.label})
            return redirect(f"{self.get_version().get_absolute_url()}#element-{forms.element}")
        return self.render_to_response(self.get_context_data(forms=forms))

    def render_conflict(self, forms, conflict):
        """Re-render with the user's values, the current versions and what changed; rows
        removed meanwhile come back as new rows."""
        records = [concurrency.describe(form, label=forms.element.label if form is forms.fields
                                        else "") for form in conflict.forms]
        data = concurrency.refreshed_data(forms.data, forms.all_forms())
        for _label, formset in forms.formsets:
            data = concurrency.removed_rows_as_new(data, formset)
        del self._object  # read the version again: the new forms carry its current state
        concurrency.conflict_message(self.request)
        return self.render_to_response(self.get_context_data(forms=self.get_forms(data),
                                                             conflict=records))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        element = Element(self.kwargs["element"])
        version = self.get_version()
        context.update(version=version, element=element, items=ELEMENT_ITEMS[element],
                       completeness=services.check_completeness(version)[element - 1])
        return context


class VersionAction(VersionMixin, generic.View):
    """POST-only state changes; a refused change comes back as a message."""

    action = Action.CHANGE
    http_method_names = ["post"]
    success = ""

    def act(self, version):  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        version = self.get_version()
        try:
            result = self.act(version)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(version)
        messages.success(request, self.success)
        return redirect(result)


class SendToConsultation(VersionAction):
    success = _("The version is in consultation: open sections to partners for comment.")

    def act(self, version):
        return services.send_to_consultation(version, self.request.user)


class ReturnToDraft(VersionAction):
    success = _("The version is a draft again.")

    def act(self, version):
        return services.return_to_draft(version, self.request.user)


class NewDraft(VersionAction):
    success = _("A new draft was started from this version.")

    def act(self, version):
        return services.new_draft_from(version, by=self.request.user)


class Approve(VersionMixin, generic.FormView):
    """A municipal admin records the council's adoption."""

    action = Action.APPROVE
    form_class = ApproveForm
    template_name = "actionplans/approve_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = self.get_version()
        completeness = services.check_completeness(version)
        context.update(version=version, completeness=completeness,
                       complete=services.is_complete(completeness))
        return context

    def form_valid(self, form):
        version = self.get_version()
        approved_on = form.cleaned_data.get("approved_on")
        approved_at = None
        if approved_on:
            approved_at = timezone.make_aware(datetime.combine(approved_on, time(12)))
        try:
            services.approve(version, self.request.user,
                             form.cleaned_data["council_decision_reference"], approved_at)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Version %(number)s is approved and in force.")
                         % {"number": version.number})
        return redirect(version)


class Compare(VersionMixin, generic.DetailView):
    template_name = "actionplans/compare.html"
    context_object_name = "version"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CompareForm(self.request.GET or None, version=self.object)
        context["compare_form"] = form
        if form.is_valid():
            other = form.cleaned_data["other"]
            older, newer = sorted([self.object, other], key=lambda v: v.number)
            context.update(older=older, newer=newer,
                           comparison=services.compare_versions(older, newer))
        return context


class OpenSections(VersionMixin, generic.FormView):
    action = Action.CHANGE
    form_class = OpenSectionsForm
    template_name = "actionplans/open_sections.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.actor}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["version"] = self.get_version()
        context["openings"] = SectionOpening.objects.filter(
            version=self.get_version()).prefetch_related("organisations")
        return context

    def form_valid(self, form):
        version = self.get_version()
        try:
            services.open_sections(version, form.cleaned_data["elements"],
                                   form.cleaned_data["organisations"], self.request.user)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(version)
        messages.success(self.request, _("The sections are open for comment."))
        return redirect(version)


class AddComment(VersionMixin, generic.View):
    """A comment or a reply by the coordinator side (partners comment in the portal)."""

    action = Action.COMMENT
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        version = self.get_version()
        element = kwargs["element"]
        if element not in Element.values:
            raise Http404
        form = CommentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Write a comment."))
            return redirect(f"{version.get_absolute_url()}#element-{element}")
        parent = None
        if form.cleaned_data.get("parent"):
            parent = get_object_or_404(SectionComment, pk=form.cleaned_data["parent"],
                                       version=version)
        try:
            services.add_comment(version, element, request.user, form.cleaned_data["body"],
                                 parent=parent)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(f"{version.get_absolute_url()}#element-{element}")


class ResolveComment(ObjectMixin, generic.View):
    model = SectionComment
    action = Action.COMMENT
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        comment = self.get_object()
        services.resolve_comment(comment, request.user)
        messages.success(request, _("The thread is resolved."))
        return redirect(f"{comment.version.get_absolute_url()}#element-{comment.element}")


class RequestExport(VersionMixin, generic.View):
    action = Action.EXPORT
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        export = services.request_export(self.get_version(), request.user)
        return redirect(export)


class ExportDetail(ObjectMixin, generic.DetailView):
    """The progress of a PDF export; refreshes itself (meta refresh, CSP-safe) until done."""

    model = PlanExport
    template_name = "actionplans/export_detail.html"
    context_object_name = "export"

    def base_queryset(self):
        return PlanExport.objects.select_related("version__plan", "requested_by")


class ExportDownload(ObjectMixin, generic.View):
    """The PDF, to those who may see the export; never cached."""

    model = PlanExport

    def base_queryset(self):
        return PlanExport.objects.filter(status=ExportStatus.DONE).select_related("version__plan")

    def get(self, request, *args, **kwargs):
        export = self.get_object()
        if not export.file:
            raise Http404
        response = FileResponse(export.file.open("rb"), as_attachment=True,
                                filename=export.download_name, content_type="application/pdf")
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

