"""The concerns screens: list, detail with history, register, edit, the four steps of a
concern's way (pass on, answer, report back, close) and the one-click registration from an
interaction (002 step 4 "Setting the agenda"; 001 "Reciprocity and sustainability"). Thin
subclasses of the generic views of ``coordinator``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from coordinator import concurrency
from coordinator.access import Action, can
from coordinator.generic import (
    ObjectMixin,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from coordinator.pagination import BoundedPaginator

from . import concern_forms as forms
from .concerns import SOURCES, concern_from_interaction, registered_from
from .filters import ConcernFilter
from .models import Concern, Interaction

#: The steps of a concern's way: URL name -> (form, heading, explanation, button, message).
STEPS = {
    "concern_route": (
        forms.RouteForm, _("Pass the concern on"),
        _("Say which department or partner organisation can act on it. The concern waits "
          "for their answer."),
        _("Pass on"), _("The concern was passed on.")),
    "concern_answer": (
        forms.AnswerForm, _("Record the answer"),
        _("Write down the answer as the community will hear it, and the day it was given."),
        _("Record the answer"), _("The answer was recorded. Remember to report it back.")),
    "concern_report_back": (
        forms.ReportBackForm, _("Report back to the community"),
        _("Say when and how the answer reached the community: the people who raised it, a "
          "meeting, a letter."),
        _("Record the report"), _("The report back was recorded.")),
    "concern_close": (
        forms.CloseForm, _("Close the concern"),
        _("Close it when nothing more is to be done. A concern closed without an answer "
          "needs the reason: the community will ask."),
        _("Close"), _("The concern was closed.")),
}


def steps_for(concern: Concern) -> list[tuple[str, str]]:
    """``[(URL name, button label)]`` of the steps ``concern``'s state allows, in order."""
    return [(name, step[3]) for name, step in STEPS.items()
            if concern.state in step[0].allowed_from]


class _ConcernQueryset:
    def base_queryset(self):
        return Concern.objects.select_related(
            "community", "interaction__community", "raised_by_organisation",
            "raised_by_person", "routed_to_organisation", "owner")


class ConcernList(ScopedListView):
    model = Concern
    filterset_class = ConcernFilter
    paginator_class = BoundedPaginator  # a city hears thousands of concerns a year

    def get_queryset(self):
        return super().get_queryset().select_related("community", "routed_to_organisation")


class ConcernDetail(_ConcernQueryset, ScopedDetailView):
    model = Concern

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        concern = self.object
        # Who raised it and where it was heard belong to other categories of information
        # (organisations and contacts, interaction notes): shown only to those who may see them.
        shown = {name: record if record is not None and can(self.actor, Action.VIEW, record)
                 else None
                 for name, record in (("raised_by_organisation", concern.raised_by_organisation),
                                      ("raised_by_person", concern.raised_by_person),
                                      ("interaction", concern.interaction),
                                      ("routed_to_organisation", concern.routed_to_organisation),
                                      ("community", concern.community))}
        context.update(shown=shown, steps=steps_for(concern) if context["can_edit"] else [])
        return context


class ConcernCreate(ScopedCreateView):
    model = Concern
    form_class = forms.ConcernForm
    initial_from_query = ("community", "interaction")
    success_message = _("Concern “%(name)s” was registered.")

    def get_initial(self):
        initial = super().get_initial()
        if can(self.actor, Action.CHANGE, Concern):
            initial.setdefault("owner", self.request.user.pk)
        return initial


class ConcernUpdate(_ConcernQueryset, ScopedUpdateView):
    model = Concern
    form_class = forms.ConcernForm
    success_message = _("Concern “%(name)s” was saved.")


class ConcernStep(_ConcernQueryset, ScopedUpdateView):
    """One step of a concern's way (``step``, a key of ``STEPS``): a short form (GET) and the
    change of state (POST), refused with the reason when the state does not allow it."""

    model = Concern
    step = ""
    template_name = "engagement/concern_step.html"

    def get_form_class(self):
        return STEPS[self.step][0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form_class, heading, explanation, button, _message = STEPS[self.step]
        context.update(heading=heading, explanation=explanation, submit_label=button,
                       possible=self.object.state in form_class.allowed_from)
        return context

    def form_valid(self, form):
        self.success_message = STEPS[self.step][4]
        return super().form_valid(form)


class ConcernFromInteraction(ObjectMixin, generic.View):
    """POST only: register a text heard in an interaction as a concern, in one click, and go
    to it. A double click makes one concern: the button's form carries a one-time token
    (``coordinator.concurrency.run_once``) and the service finds a concern already made from
    the same text."""

    model = Interaction
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        interaction = self.get_object()
        if not can(self.actor, Action.ADD, Concern):
            raise PermissionDenied
        form = forms.FromInteractionForm(request.POST or {"source": "concerns"})
        if not form.is_valid():
            messages.error(request, _("Choose what was heard: concerns, needs or interests."))
            return redirect(interaction)
        return concurrency.run_once(
            request, lambda: self.register(interaction, form.cleaned_data["source"]))

    def register(self, interaction, source):
        try:
            concern, created = concern_from_interaction(self.actor, interaction, source)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(interaction)
        if created:
            messages.success(self.request, _("Registered as a concern. Pass it on to whoever "
                                             "can answer it."))
        else:
            messages.info(self.request, _("This was already registered as a concern."))
        if not can(self.actor, Action.VIEW, concern):
            return redirect(interaction)
        return redirect(concern)


def from_interaction_forms(interaction, concerns) -> list[dict]:
    """For an interaction's page: per text heard (concerns, needs, interests), the label, the
    concern already registered from it or the form of the button (with its one-time token)."""
    labels = {"concerns": _("Concerns"), "needs": _("Needs"), "interests": _("Interests")}
    registered = registered_from(interaction, concerns)
    rows = []
    for source, field in SOURCES.items():
        if not getattr(interaction, field).strip():
            continue
        form = None
        if source not in registered:
            form = forms.FromInteractionForm(initial={"source": source})
            concurrency.add_token_field(form)
        rows.append({"source": source, "label": labels[source],
                     "concern": registered.get(source), "form": form})
    return rows
