"""Screens of assessing partners (001 "Vetting procedures"; 002 step 3). Thin: each view finds
its record within the current municipality, checks the role, and calls ``vetting.services``.

Access (see ``vetting.models.assessment_access``): assessment pages, evidence and criteria are
for assessors and municipal admins; memoranda of understanding also for coordinators (they hold
no assessment content). A record of another municipality is not found (404) whatever the role;
a user of this municipality without the role gets 403; portal users are sent to the portal.
Every response carries ``Cache-Control: no-store``.
"""

import logging

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import generic

from coordinator import concurrency
from coordinator.access import Action, actor_of, can, get_for, visible
from coordinator.generic import ConflictMixin, CreateOnceMixin
from coordinator.history import history_rows
from networks.models import Organisation

from . import services
from .forms import (
    ConfirmForm,
    CriterionForm,
    DecisionForm,
    EvidenceForm,
    FindingFormSet,
    InformedForm,
    MemorandumForm,
    OpenAssessmentForm,
    WithdrawForm,
)
from .models import (
    Assessment,
    AssessmentCriterion,
    AssessmentStatus,
    EvidenceFile,
    Memorandum,
    evidence_max_bytes,
    out_of_compliance,
)

logger = logging.getLogger(__name__)


def form_errors(form, exc: ValidationError):
    """Put a service's ``ValidationError`` on ``form``: on the field it names when the form has
    it, else as a non-field error."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class VettingView(LoginRequiredMixin, generic.View):
    """Base of every view here, on the access layer (``coordinator.access``).

    ``policy_model`` is the model whose policy guards the page (assessments by default,
    memoranda for the memorandum pages) and ``action`` what the page does. ``scoped_model``
    (with ``pk_kwarg``) is the record the page is about: it is found through ``get_for()``, so
    a record the user may not see gives 404; then a user who may not do ``action`` gets 403.
    """

    policy_model = Assessment
    action = Action.VIEW
    scoped_model = None
    pk_kwarg = "pk"
    select_related = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.actor = actor_of(request)
        membership = self.actor.membership
        if not membership:
            raise PermissionDenied(_("No membership of any municipality."))
        if self.actor.is_portal_user:
            return redirect("portal:home")
        self.membership, self.municipality = membership, membership.municipality
        self.object = self.get_scoped_object(kwargs)
        if not can(self.actor, self.action, self.object if self.scoped_model is self.policy_model
                   else self.policy_model):
            raise PermissionDenied
        response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, no_store=True, private=True)
        return response

    def get_scoped_queryset(self):
        return self.scoped_model.objects.all()

    def get_scoped_object(self, kwargs):
        if self.scoped_model is None:
            return None
        queryset = self.get_scoped_queryset()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        action = self.action if self.scoped_model is self.policy_model else Action.VIEW
        try:
            return get_for(self.actor, queryset, kwargs[self.pk_kwarg], action)
        except PermissionDenied:
            # Visible, but the action is not allowed: answered below with 403.
            return get_for(self.actor, queryset, kwargs[self.pk_kwarg], Action.VIEW)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("object", self.object)
        return context


class AssessmentObjectView(VettingView):
    scoped_model = Assessment
    select_related = ("organisation", "prepared_by", "submitted_by", "decided_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessment"] = self.object
        return context

    def done(self, message):
        messages.success(self.request, message)
        return HttpResponseRedirect(self.object.get_absolute_url())


# --------------------------------------------------------------------------- assessments


class AssessmentList(VettingView, generic.ListView):
    """Every assessment of the municipality, newest first; filter by ``?state=``."""

    template_name = "vetting/assessment_list.html"
    paginate_by = 25

    def get_queryset(self):
        queryset = (visible(self.actor, Assessment.objects.all())
                    .select_related("organisation", "prepared_by").order_by("-opened_at", "-pk"))
        state = self.request.GET.get("state", "")
        if state in AssessmentStatus.values:
            queryset = queryset.filter(status=state)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisations = visible(self.actor, Organisation.objects.all())
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            states=AssessmentStatus.choices, state=self.request.GET.get("state", ""),
            querystring=query.urlencode(),
            decision_needed=list(out_of_compliance(organisations).order_by("name")[:50]),
            outcome_not_told=list(
                visible(self.actor, Assessment.objects.all())
                .filter(decided_at__isnull=False, outcome_informed_on__isnull=True)
                .select_related("organisation").order_by("-decided_at")[:50]),
        )
        return context


class AssessmentOpen(CreateOnceMixin, VettingView, generic.FormView):
    """Open an assessment of an organisation (never the first step: 002 step 3)."""

    scoped_model = Organisation
    pk_kwarg = "organisation_pk"
    form_class = OpenAssessmentForm
    template_name = "vetting/assessment_open.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        services.ensure_default_criteria(self.municipality)
        context.update(
            organisation=self.object,
            has_interaction=self.object.interactions.exists(),
            under_way=self.object.assessments.open().first(),
            criteria=visible(self.actor, AssessmentCriterion.objects.all()).active(),
        )
        return context

    def form_valid(self, form):
        try:
            assessment = services.open_assessment(
                self.object, self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The assessment was opened as a draft."))
        return HttpResponseRedirect(assessment.get_absolute_url())


class AssessmentDetail(AssessmentObjectView, generic.TemplateView):
    template_name = "vetting/assessment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = self.object
        context.update(
            findings=assessment.findings.all(),
            evidence=assessment.evidence.select_related("uploaded_by"),
            memoranda=assessment.memoranda.all(),
            missing=services.missing_for_review(assessment)
            if assessment.status == AssessmentStatus.DRAFT else [],
            can_decide=services.can_decide(assessment, self.request.user),
            is_current_clearance=(
                services.current_clearance(assessment.organisation) == assessment),
            evidence_form=self._evidence_form(),
            history=history_rows(assessment),
        )
        return context


    @staticmethod
    def _evidence_form():
        form = EvidenceForm()
        concurrency.add_token_field(form)  # the upload is a create: one file per submission
        return form


class FindingsEdit(AssessmentObjectView, generic.TemplateView):
    template_name = "vetting/findings_form.html"

    def _formset(self, data=None):
        return FindingFormSet(data, queryset=self.object.findings.all(), prefix="findings")

    def _conflict(self, formset, conflict):
        """Someone saved findings since this form was opened: show which, keep the user's."""
        records = [concurrency.describe(form, label=form.instance.wording)
                   for form in conflict.forms]
        data = concurrency.refreshed_data(formset.data, formset.forms)
        concurrency.conflict_message(self.request)
        return self.render_to_response(self.get_context_data(
            formset=self._formset(data), conflict=records))

    def get(self, request, *args, **kwargs):
        if self.object.status != AssessmentStatus.DRAFT:
            messages.error(request, _("Findings can be edited in a draft only."))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(formset=self._formset()))

    def post(self, request, *args, **kwargs):
        formset = self._formset(request.POST)
        if formset.is_valid():
            rows = {form.instance.pk: form.cleaned_data for form in formset.forms}
            try:
                with concurrency.checked_save(*formset.forms):
                    services.update_findings(self.object, request.user, rows)
            except concurrency.EditConflict as conflict:
                return self._conflict(formset, conflict)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return HttpResponseRedirect(self.object.get_absolute_url())
            return self.done(_("The findings were saved."))
        return self.render_to_response(self.get_context_data(formset=formset))


class RecordInformed(AssessmentObjectView, generic.FormView):
    """When and how the organisation was told of the procedure, or of the outcome (001)."""

    form_class = InformedForm
    template_name = "vetting/informed_form.html"
    what = "procedure"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["what"] = self.what
        return context

    def form_valid(self, form):
        try:
            services.record_informed(self.object, self.request.user, what=self.what,
                                     **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        return self.done(_("Recorded how the organisation was informed."))


class SubmitForReview(AssessmentObjectView, generic.FormView):
    form_class = ConfirmForm
    template_name = "vetting/submit_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["missing"] = services.missing_for_review(self.object)
        return context

    def form_valid(self, form):
        try:
            services.submit_for_review(self.object, self.request.user)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        return self.done(_("The assessment was submitted: a second assessor decides."))


class ReturnToDraft(AssessmentObjectView):
    def post(self, request, *args, **kwargs):
        try:
            services.return_to_draft(self.object, request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return self.done(_("The assessment is a draft again."))


class Decide(AssessmentObjectView, generic.FormView):
    """The decision, by someone other than whoever prepared or submitted it (four-eyes)."""

    action = Action.DECIDE
    form_class = DecisionForm
    template_name = "vetting/decide_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = services.can_decide(self.object, self.request.user)
        return context

    def form_valid(self, form):
        try:
            services.decide(self.object, self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        return self.done(_("The decision was recorded. Tell the organisation the outcome, also "
                           "when it is negative."))


class Withdraw(AssessmentObjectView, generic.FormView):
    form_class = WithdrawForm
    template_name = "vetting/withdraw_form.html"

    def form_valid(self, form):
        try:
            services.withdraw(self.object, self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        return self.done(_("The assessment was withdrawn."))


# --------------------------------------------------------------------------- evidence


class EvidenceUpload(CreateOnceMixin, AssessmentObjectView, generic.FormView):
    form_class = EvidenceForm
    template_name = "vetting/evidence_form.html"

    def post(self, request, *args, **kwargs):
        # Refuse a body far above the limit before Django parses (and spools) it.
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > evidence_max_bytes() + 64 * 1024:
            return HttpResponse(_("The file is too large."), status=413)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.add_evidence(self.object, self.request.user, form.cleaned_data["file"],
                                  form.cleaned_data["description"])
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        return self.done(_("The file was attached."))


class EvidenceObjectView(VettingView):
    scoped_model = EvidenceFile
    select_related = ("assessment",)

    policy_model = EvidenceFile


class EvidenceDownload(EvidenceObjectView):
    """The only way to an evidence file: permission-checked, as an attachment, not cached."""

    def get(self, request, *args, **kwargs):
        evidence = self.object
        try:
            stored = evidence.file.open("rb")
        except OSError:  # removed from storage (retention, a restore without media): not a 500
            logger.warning("Evidence file %s is missing from storage", evidence.pk)
            raise Http404(_("This file is no longer stored.")) from None
        response = FileResponse(
            stored, as_attachment=True, filename=evidence.original_name,
            content_type=evidence.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class EvidenceRemove(EvidenceObjectView):
    def post(self, request, *args, **kwargs):
        assessment = self.object.assessment
        try:
            services.remove_evidence(self.object, request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The file was removed."))
        return HttpResponseRedirect(assessment.get_absolute_url())


# --------------------------------------------------------------------------- criteria


class CriterionList(VettingView, generic.ListView):
    policy_model = AssessmentCriterion
    template_name = "vetting/criterion_list.html"

    def get_queryset(self):
        services.ensure_default_criteria(self.municipality)
        return visible(self.actor, AssessmentCriterion.objects.all()).order_by(
            "retired", "order", "pk")


class CriterionCreate(CreateOnceMixin, VettingView, generic.FormView):
    policy_model = AssessmentCriterion
    action = Action.ADD
    form_class = CriterionForm
    template_name = "vetting/criterion_form.html"

    def form_valid(self, form):
        try:
            services.add_criterion(self.municipality, self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The criterion was added; it applies to assessments "
                                         "opened from now on."))
        return redirect("vetting:criterion_list")


class CriterionUpdate(ConflictMixin, VettingView, generic.FormView):
    """Reword a criterion; a save from a form opened before someone else's is refused and shows
    what changed (``coordinator.concurrency``)."""

    policy_model = scoped_model = AssessmentCriterion
    action = Action.CHANGE
    form_class = CriterionForm
    template_name = "vetting/criterion_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def refresh_object(self):
        self.object = self.get_scoped_object(self.kwargs)
        return self.object

    def form_valid(self, form):
        try:
            with concurrency.checked_save(form):
                services.reword_criterion(self.object, self.request.user, **form.cleaned_data)
        except concurrency.EditConflict as conflict:
            return self.render_conflict(form, conflict)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The criterion was saved; assessments already opened "
                                         "keep the wording they had."))
        return redirect("vetting:criterion_list")


class CriterionRetire(VettingView):
    policy_model = scoped_model = AssessmentCriterion
    action = Action.CHANGE

    def post(self, request, *args, **kwargs):
        retire = not self.object.retired
        services.set_criterion_retired(self.object, request.user, retire)
        messages.success(request, _("The criterion was retired.") if retire
                         else _("The criterion is in use again."))
        return redirect("vetting:criterion_list")


# --------------------------------------------------------------------------- memoranda


class MemorandumCreate(CreateOnceMixin, VettingView, generic.FormView):
    """A memorandum of understanding concluding a clearance (001, Finland)."""

    policy_model = Memorandum
    action = Action.ADD
    scoped_model = Organisation
    pk_kwarg = "organisation_pk"
    form_class = MemorandumForm
    template_name = "vetting/memorandum_form.html"

    def get_initial(self):
        clearance = services.current_clearance(self.object)
        initial = {"parties": f"{self.municipality.name}\n{self.object.name}"}
        if clearance is not None:
            initial.update(purpose=clearance.purpose, review_on=clearance.review_on)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(organisation=self.object,
                       clearance=services.current_clearance(self.object))
        return context

    def form_valid(self, form):
        try:
            memorandum = services.conclude_memorandum(
                self.object, self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The memorandum of understanding was recorded."))
        return HttpResponseRedirect(memorandum.get_absolute_url())


class MemorandumObjectView(VettingView):
    policy_model = Memorandum
    scoped_model = Memorandum
    select_related = ("organisation", "assessment", "created_by")


class MemorandumDetail(MemorandumObjectView, generic.TemplateView):
    template_name = "vetting/memorandum_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            memorandum=self.object, history=history_rows(self.object),
            can_read_assessment=can(self.actor, Action.VIEW, Assessment),
        )
        return context


class MemorandumUpdate(MemorandumObjectView, generic.FormView):
    form_class = MemorandumForm
    template_name = "vetting/memorandum_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(organisation=self.object.organisation, memorandum=self.object)
        return context

    def form_valid(self, form):
        try:
            services.update_memorandum(self.object, self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The memorandum of understanding was saved."))
        return HttpResponseRedirect(reverse("vetting:memorandum_detail", args=[self.object.pk]))
