"""The portal's pages: what a community representative sees of their own organisation, and
what they may say (issue 10). Thin: the services (``portal.services``) reach every record
through the access layer; a page never lists anything of another organisation."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from coordinator import concurrency
from coordinator.access import actor_of
from coordinator.concurrency import EditConflict
from crisis.forms import AnswerForm
from crisis.models import CheckIn

from . import services
from .forms import CommentForm, ConcernForm, CorrectionForm, ProposalForm, ResponseForm


class PortalMixin(LoginRequiredMixin):
    """Base of every portal page: a signed-in community representative of an organisation of
    the current municipality (``self.actor``). Staff are sent to their dashboard; anyone else
    gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.actor = actor_of(request)
        if self.actor.is_staff_member:
            return redirect("dashboard")
        if not self.actor.is_portal_user or self.actor.organisation_id is None:
            raise PermissionDenied(_("This page is for representatives of an organisation."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=services.organisation_of(self.actor),
                                        **kwargs)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class OnceFormView(PortalMixin, generic.FormView):
    """A portal form that saves something: sent twice, it saves once
    (``coordinator.concurrency``); a ``ValidationError`` of the service re-renders the form."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        concurrency.add_token_field(form)
        return form

    def post(self, request, *args, **kwargs):
        return concurrency.run_once(request, lambda: super(OnceFormView, self).post(
            request, *args, **kwargs))

    def form_valid(self, form):
        try:
            url = self.save(form)
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        return redirect(url)

    def save(self, form) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


# --------------------------------------------------------------------------- home


class Home(PortalMixin, generic.TemplateView):
    """What is coming and what waits: the next meetings, open promises, concerns waiting."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            next_meetings=list(services.meetings_of(self.actor).filter(held_on__gte=today)
                               .order_by("held_on", "starts_at", "pk")[:3]),
            open_promises=list(services.commitments_of(self.actor).filter(status="open")[:5]),
            waiting_concerns=services.concerns_of(self.actor).filter(
                state__in=("open", "routed")).count(),
            # The status only: the whole summary (criteria, memorandum) is the page's own.
            assessing=services.assessing_status(context["organisation"]))
        return context


# --------------------------------------------------------------------------- organisation


class OrganisationProfile(PortalMixin, generic.TemplateView):
    template_name = "portal/organisation.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(contacts=services.contacts_of(self.actor),
                                        corrections=services.corrections_of(self.actor),
                                        **kwargs)


class ProposeCorrection(OnceFormView):
    template_name = "portal/correction_form.html"
    form_class = CorrectionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "organisation": services.organisation_of(self.actor)}

    def save(self, form):
        services.propose_correction(self.actor, changes=form.changes(),
                                    message=form.cleaned_data["message"])
        messages.success(self.request, _("Thank you. The municipality will look at your "
                                         "correction and let you know."))
        return "portal:organisation"


# --------------------------------------------------------------------------- meetings


class MeetingList(PortalMixin, generic.ListView):
    template_name = "portal/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 20

    def get_queryset(self):
        return services.meetings_of(self.actor)


class MeetingDetail(PortalMixin, generic.TemplateView):
    template_name = "portal/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = services.meeting_for(self.actor, self.kwargs["pk"])
        return super().get_context_data(
            meeting=meeting, agenda=services.agenda_of(self.actor, meeting),
            upcoming=services.is_upcoming(meeting), **kwargs)


class ProposeForMeeting(OnceFormView):
    template_name = "portal/proposal_form.html"
    form_class = ProposalForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting(), **kwargs)

    def meeting(self):
        if not hasattr(self, "_meeting"):
            self._meeting = services.meeting_for(self.actor, self.kwargs["pk"])
        return self._meeting

    def get(self, request, *args, **kwargs):
        if not services.is_upcoming(self.meeting()):
            messages.info(request, _("This meeting has taken place: add your item to the next "
                                     "one."))
            return redirect("portal:meeting_detail", self.meeting().pk)
        return super().get(request, *args, **kwargs)

    def save(self, form):
        data = form.cleaned_data
        services.propose_for_meeting(self.actor, self.meeting(), title=data["title"],
                                     description=data["description"],
                                     as_concern=data["kind"] == "concern")
        messages.success(self.request, _("Added to the agenda of this meeting."))
        return reverse("portal:meeting_detail", args=[self.meeting().pk])


# --------------------------------------------------------------------------- concerns


class ConcernList(PortalMixin, generic.ListView):
    template_name = "portal/concern_list.html"
    context_object_name = "concerns"
    paginate_by = 20

    def get_queryset(self):
        return services.concerns_of(self.actor)


class RaiseConcern(OnceFormView):
    template_name = "portal/concern_form.html"
    form_class = ConcernForm

    def save(self, form):
        services.raise_concern(self.actor, topic=form.cleaned_data["topic"],
                               description=form.cleaned_data["description"])
        messages.success(self.request, _("Thank you. The municipality will follow this up and "
                                         "tell you where it stands."))
        return "portal:concern_list"


# --------------------------------------------------------------------------- promises


class CommitmentList(PortalMixin, generic.ListView):
    template_name = "portal/commitment_list.html"
    context_object_name = "commitments"
    paginate_by = 20

    def get_queryset(self):
        return services.commitments_of(self.actor)


class CommitmentDetail(OnceFormView):
    """One promise, and the form to say whether it was delivered from the organisation's
    side (saying it again changes the answer)."""

    template_name = "portal/commitment_detail.html"
    form_class = ResponseForm

    def commitment(self):
        if not hasattr(self, "_commitment"):
            self._commitment = services.commitment_for(self.actor, self.kwargs["pk"])
        return self._commitment

    def get_initial(self):
        mine = self.commitment().my_responses
        if mine:
            return {"delivered": "yes" if mine[0].delivered else "no", "note": mine[0].note}
        return {}

    def get_context_data(self, **kwargs):
        commitment = self.commitment()
        return super().get_context_data(
            commitment=commitment, words=services.promise_words(commitment),
            response=(commitment.my_responses or [None])[0], **kwargs)

    def save(self, form):
        services.respond(self.actor, self.commitment(), delivered=form.cleaned_data["delivered"],
                         note=form.cleaned_data["note"])
        messages.success(self.request, _("Thank you: the municipality can see your answer."))
        return reverse("portal:commitment_detail", args=[self.commitment().pk])


# --------------------------------------------------------------------------- the action plan


class PlanSections(PortalMixin, generic.TemplateView):
    template_name = "portal/plan_sections.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(openings=list(services.openings_of(self.actor)),
                                        **kwargs)


class PlanSection(OnceFormView):
    """One opened section: its content, the organisation's threads with the coordinator's
    replies, and a comment form while the section is open."""

    template_name = "portal/plan_section.html"
    form_class = CommentForm

    def opening(self):
        if not hasattr(self, "_opening"):
            self._opening = services.opening_for(self.actor, self.kwargs["pk"])
        return self._opening

    def get_context_data(self, **kwargs):
        from actionplans import pdf

        opening = self.opening()
        # The element summary reads the plan's lists (definitions, factors, ...) at the top
        # level of the context, as on the staff version page.
        content = pdf.plan_context(opening.version)
        return super().get_context_data(**{
            **content, "opening": opening, "number": opening.element,
            "threads": services.threads_of(self.actor, opening),
            "may_comment": services.can_comment(self.actor, opening), **kwargs})

    def save(self, form):
        try:
            services.comment(self.actor, self.opening(), body=form.cleaned_data["body"],
                             parent_id=form.cleaned_data.get("parent"))
        except PermissionDenied:
            raise ValidationError(_("This section is closed for comments.")) from None
        messages.success(self.request, _("Thank you for your comment."))
        return reverse("portal:plan_section", args=[self.opening().pk])


# --------------------------------------------------------------------------- assessing, agreements


class Assessing(PortalMixin, generic.TemplateView):
    template_name = "portal/assessing.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=services.assessing_of(self.actor), **kwargs)


class AgreementList(PortalMixin, generic.ListView):
    template_name = "portal/agreement_list.html"
    context_object_name = "agreements"
    paginate_by = 20

    def get_queryset(self):
        return services.agreements_of(self.actor)


class AgreementDetail(PortalMixin, generic.TemplateView):
    template_name = "portal/agreement_detail.html"

    def get_context_data(self, **kwargs):
        agreement = services.agreement_for(self.actor, self.kwargs["pk"])
        # Co-signers are counted, not named: a representative sees nothing of other
        # organisations (issue 10 "Minimum data").
        return super().get_context_data(
            agreement=agreement,
            other_parties=agreement.parties.exclude(
                organisation_id=self.actor.organisation_id).count(),
            **kwargs)


# --------------------------------------------------------------------------- crisis check-ins


class CheckInList(PortalMixin, generic.ListView):
    """The municipality checking in with the organisation during a crisis (issue 11)."""

    template_name = "portal/check_in_list.html"
    context_object_name = "check_ins"
    paginate_by = 20

    def get_queryset(self):
        return services.check_ins_of(self.actor)


class CheckInAnswer(OnceFormView):
    """Answer a check-in, on a phone: concerns, needs, fears, rumours, support. A concurrent
    answer (a colleague who answered by phone meanwhile) is shown, never overwritten."""

    template_name = "portal/check_in_form.html"
    form_class = AnswerForm

    def check_in(self):
        if not hasattr(self, "_check_in"):
            self._check_in = services.check_in_for(self.actor, self.kwargs["pk"])
        return self._check_in

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "check_in": self.check_in(), "portal": True}

    def get_context_data(self, **kwargs):
        return super().get_context_data(check_in=self.check_in(), **kwargs)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except EditConflict:
            del self._check_in
            messages.error(self.request, _("Someone from the municipality wrote down an answer "
                                           "meanwhile: it is shown below. Add to it and send "
                                           "again."))
            return self.render_to_response(self.get_context_data(
                form=AnswerForm(check_in=self.check_in(), portal=True)))

    def save(self, form):
        data = form.cleaned_data
        services.answer_check_in(self.actor, self.check_in(), version=data["version"],
                                 answers={n: data[n] for n in CheckIn.ANSWER_FIELDS})
        messages.success(self.request, _("Thank you. The municipality has your answer."))
        return "portal:check_in_list"

