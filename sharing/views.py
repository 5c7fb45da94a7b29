"""Screens of the information-sharing agreements (004 "Coordination & information sharing";
the UK ICO Data Sharing Code and its accountability framework: "a central log of the current
sharing agreements"). Thin subclasses of ``coordinator.generic`` over ``sharing.services``.

Access (``coordinator.access``, ``sharing.agreement``): coordinators and municipal admins read
the register and the agreements; municipal admins create, edit, activate, suspend, resume and
end them and record evaluations. Everyone else gets 403 on the register and 404 on an
agreement. Partner professionals read the agreements binding their organisation in their own
workspace (``Action.VIEW_TERMS``), never the register.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from coordinator.access import Action, InformationCategory, can, require, visible
from coordinator.generic import (
    ObjectMixin,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    StaffMixin,
)

from . import services
from .filters import AgreementFilter
from .forms import ActivateForm, AgreementForm, ConfirmForm, PartyFormSet, ReasonForm, ReviewForm
from .models import Agreement, AgreementParty, AgreementReview, AgreementState

#: Where a partner professional finds the records of each category.
CATEGORY_PAGES = {
    InformationCategory.COMMUNITY_PROFILE: "networks:community_list",
    InformationCategory.ORGANISATIONS_AND_CONTACTS: "networks:organisation_list",
    InformationCategory.INTERACTION_NOTES: "interaction_list",
    InformationCategory.COMMITMENTS: "commitment_list",
    InformationCategory.ACTION_PLAN_SECTIONS: "actionplans:plan_list",
}


def form_errors(form, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: on the field it names when the form has
    it, else as a non-field error."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _parties(actor):
    """The parties of agreements, as the actor may see them, with their organisations."""
    return Prefetch("parties", queryset=visible(
        actor, AgreementParty.objects.select_related("organisation")
    ).order_by("organisation__name", "pk"))


# --------------------------------------------------------------------------- the register


class AgreementList(ScopedListView):
    """The register: every agreement of the municipality with its state, partner
    organisations, categories and next review (overdue reviews flagged)."""

    model = Agreement
    filterset_class = AgreementFilter
    template_name = "sharing/agreement_list.html"

    def base_queryset(self):
        return Agreement.objects.prefetch_related(_parties(self.actor))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for agreement in context["object_list"]:
            agreement.overdue = services.review_overdue(agreement, today)
            agreement.in_force = agreement.is_active_on(today)
        context["today"] = today
        return context


class AgreementDetail(ScopedDetailView):
    """Every element of the agreement, its parties, its evaluations and its history."""

    model = Agreement
    template_name = "sharing/agreement_detail.html"

    def base_queryset(self):
        return Agreement.objects.select_related("created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        may_manage = can(self.actor, Action.MANAGE, agreement)
        context.update(
            agreement=agreement,
            parties=visible(self.actor, agreement.parties.select_related("organisation"))
            .order_by("organisation__name"),
            communities=visible(self.actor, agreement.communities.all()).order_by("name"),
            reviews=visible(self.actor, agreement.reviews.select_related("reviewed_by")),
            today=timezone.localdate(),
            in_force=agreement.is_active_on(),
            overdue=services.review_overdue(agreement),
            can_edit=context["can_edit"] and agreement.state in services.EDITABLE_STATES,
            transitions=[name for name in services.TRANSITIONS
                         if may_manage and services.may_transition(agreement, name)],
            can_review=(can(self.actor, Action.ADD, AgreementReview)
                        and agreement.state != AgreementState.DRAFT),
        )
        return context


# --------------------------------------------------------------------------- create and edit


class _TermsMixin:
    """The agreement form and, beside it, the formset of its parties (prefix "parties")."""

    model = Agreement
    form_class = AgreementForm
    template_name = "sharing/agreement_form.html"

    def get_parties(self):
        if not hasattr(self, "parties"):
            data = self.request.POST if self.request.method == "POST" else None
            self.parties = PartyFormSet(data, instance=self.object or Agreement(),
                                        actor=self.actor, prefix="parties")
        return self.parties

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parties"] = self.get_parties()
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if self.object_page else None
        form, parties = self.get_form(), self.get_parties()
        # Validate both, so every error shows at once.
        if not (form.is_valid() & parties.is_valid()):
            return self.form_invalid(form)
        try:
            self.object = services.save_agreement(form, parties, request.user)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        messages.success(request, self.success_message % {"name": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())


class AgreementCreate(_TermsMixin, ScopedCreateView):
    """A new agreement, as a draft (municipal admins)."""

    success_message = gettext_lazy("The agreement “%(name)s” was saved as a draft.")


class AgreementUpdate(_TermsMixin, ScopedUpdateView):
    """Edit the terms and parties (municipal admins); an ended agreement is final."""

    success_message = gettext_lazy("The agreement “%(name)s” was saved.")

    def get_object(self, queryset=None):
        agreement = super().get_object(queryset)
        if agreement.state not in services.EDITABLE_STATES:
            raise _Final(agreement)
        return agreement

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except _Final as final:
            messages.error(request, _("An ended agreement cannot be changed."))
            return HttpResponseRedirect(final.agreement.get_absolute_url())


class _Final(Exception):
    def __init__(self, agreement):
        super().__init__()
        self.agreement = agreement


# --------------------------------------------------------------------------- transitions


class _Transition(ObjectMixin, generic.FormView):
    """A confirmation page (GET) and the transition (POST) of one agreement: ``perform(form)``
    calls the service; a ``ValidationError`` re-renders the page with the message."""

    model = Agreement
    action = Action.MANAGE
    template_name = "sharing/agreement_transition.html"
    transition = ""
    heading = explanation = submit_label = success_message = ""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def missing(self) -> list[str]:
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            agreement=self.object, heading=self.heading, explanation=self.explanation,
            submit_label=self.submit_label, transition=self.transition,
            today=timezone.localdate(), in_force=self.object.is_active_on(),
            possible=services.may_transition(self.object, self.transition),
            missing=self.missing())
        return context

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.object.get_absolute_url())

    def perform(self, form):
        raise NotImplementedError


class AgreementActivate(_Transition):
    form_class = ActivateForm
    transition = "activate"
    heading = gettext_lazy("Activate the agreement")
    explanation = gettext_lazy(
        "From the start date, the partner professionals of every party see the information "
        "categories the agreement covers, until it is suspended or ended or its end date "
        "passes.")
    submit_label = gettext_lazy("Activate")
    success_message = gettext_lazy("The agreement is active.")

    def get_initial(self):
        return {"signed_off_by": self.object.signed_off_by,
                "signed_off_role": self.object.signed_off_role,
                "signed_off_on": self.object.signed_off_on}

    def missing(self):
        return services.missing_for_activation(self.object, check_sign_off=False)

    def perform(self, form):
        services.activate(self.object, self.request.user, **form.cleaned_data)


class AgreementSuspend(_Transition):
    form_class = ReasonForm
    transition = "suspend"
    heading = gettext_lazy("Suspend the agreement")
    explanation = gettext_lazy(
        "The partners lose access at once, records shared individually included. You can "
        "resume the agreement later.")
    submit_label = gettext_lazy("Suspend")
    success_message = gettext_lazy("The agreement is suspended: the partners no longer see "
                                   "what it covers.")

    def perform(self, form):
        services.suspend(self.object, self.request.user, **form.cleaned_data)


class AgreementResume(_Transition):
    form_class = ConfirmForm
    transition = "resume"
    heading = gettext_lazy("Resume the agreement")
    explanation = gettext_lazy(
        "The partner professionals of every party see the covered information categories "
        "again.")
    submit_label = gettext_lazy("Resume")
    success_message = gettext_lazy("The agreement is active again.")

    def missing(self):
        return services.missing_for_activation(self.object)

    def perform(self, form):
        services.resume(self.object, self.request.user)


class AgreementEnd(_Transition):
    form_class = ReasonForm
    transition = "end"
    heading = gettext_lazy("End the agreement")
    explanation = gettext_lazy(
        "Ending is final: the partners lose access at once, records shared individually "
        "included, and the terms can no longer be changed. Agree with the parties how the "
        "information shared is deleted or returned, as the agreement says.")
    submit_label = gettext_lazy("End the agreement")
    success_message = gettext_lazy("The agreement has ended: the partners no longer see what "
                                   "it covered.")

    def perform(self, form):
        services.end(self.object, self.request.user, **form.cleaned_data)


# --------------------------------------------------------------------------- evaluation


class ReviewCreate(ObjectMixin, generic.FormView):
    """Record an evaluation of the sharing (004) on an agreement, and the next review date."""

    model = Agreement
    form_class = ReviewForm
    template_name = "sharing/review_form.html"

    def get_object(self, queryset=None):
        agreement = super().get_object(queryset)
        if not can(self.actor, Action.ADD, AgreementReview):
            raise PermissionDenied
        return agreement

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"next_review_on": None}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreement"] = self.object
        return context

    def form_valid(self, form):
        try:
            services.add_review(self.object, self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The evaluation was recorded."))
        return HttpResponseRedirect(self.object.get_absolute_url() + "#evaluations")


# --------------------------------------------------------------------------- partners


class MyAgreementList(StaffMixin, generic.ListView):
    """Partner professionals: the agreements that bind their organisation, in force first."""

    model = Agreement
    action = Action.VIEW_TERMS
    template_name = "sharing/my_agreement_list.html"
    paginate_by = 25

    def get_queryset(self):
        return services.agreements_binding(self.actor).prefetch_related(
            Prefetch("parties", queryset=visible(
                self.actor, AgreementParty.objects.select_related("organisation"),
                Action.VIEW_TERMS).order_by("organisation__name", "pk")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for agreement in context["object_list"]:
            agreement.in_force = agreement.is_active_on(today)
        context.update(organisation=self.membership.organisation, today=today)
        return context


class MyAgreementDetail(ObjectMixin, generic.DetailView):
    """Partner professionals: the terms of one agreement binding their organisation, with
    links to the records it lets them see while in force. 404 for any other agreement."""

    model = Agreement
    action = Action.VIEW_TERMS
    template_name = "sharing/my_agreement_detail.html"
    context_object_name = "agreement"

    def get_object(self, queryset=None):
        agreement = services.agreements_binding(self.actor).filter(
            pk=self.kwargs["pk"]).first()
        if agreement is None:
            raise Http404
        return require(self.actor, agreement, Action.VIEW_TERMS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        in_force = agreement.is_active_on()
        labels = dict(InformationCategory.choices)
        context.update(
            in_force=in_force, today=timezone.localdate(),
            parties=visible(self.actor, agreement.parties.select_related("organisation"),
                            Action.VIEW_TERMS).order_by("organisation__name"),
            # Community names: the agreement's limits, which every party signed.
            communities=agreement.communities.order_by("name"),
            category_pages=[(labels.get(c, c), CATEGORY_PAGES.get(c) if in_force else None)
                            for c in agreement.categories],
        )
        return context
