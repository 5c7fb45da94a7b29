"""The engagement process screens: the municipality's preconditions and their goals (002 step
1), interactions (step 2) and commitments (step 4); the concerns are in ``concern_views``. Thin
subclasses of the generic views of ``coordinator``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic

from coordinator.access import Action, can, get_for, require, visible
from coordinator.generic import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    StaffMixin,
)
from coordinator.pagination import BoundedPaginator
from coordinator.sections import gather_sections

from . import goals
from .concern_views import from_interaction_forms
from .filters import CommitmentFilter, InteractionFilter
from .forms import (
    CommitmentForm,
    GoalReviewForm,
    InteractionForm,
    PreconditionGoalForm,
    PreconditionsForm,
)
from .models import (
    Commitment,
    Concern,
    GoalReview,
    GoalTerm,
    Interaction,
    PreconditionGoal,
    Preconditions,
)


class PreconditionsUpdate(StaffMixin, generic.UpdateView):
    """002 step 1: preconditions anchored internally before engaging communities, with their
    goals and when each is reviewed next."""

    model = Preconditions
    action = Action.CHANGE
    form_class = PreconditionsForm
    template_name = "engagement/preconditions_form.html"

    def get_object(self, queryset=None):
        return require(self.actor, goals.preconditions_of(self.municipality), Action.CHANGE)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = GoalReview._base_manager.filter(goal=OuterRef("pk")).order_by("-reviewed_on", "-pk")
        listed = list(
            visible(self.actor, PreconditionGoal.objects.all()).order_by("term", "pk")
            .annotate(last_reviewed_on=Subquery(latest.values("reviewed_on")[:1]),
                      last_percent=Subquery(latest.values("percent_done")[:1]))
        )
        context.update(
            goal_terms=[(term, [g for g in listed if g.term == term]) for term in GoalTerm],
            can_add_goal=can(self.actor, Action.ADD, PreconditionGoal),
        )
        return context

    def form_valid(self, form):
        messages.success(self.request, _("The preconditions were saved."))
        return super().form_valid(form)

    def get_success_url(self):
        return self.request.path


class GoalDetail(ScopedDetailView):
    model = PreconditionGoal

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            reviews=visible(self.actor, self.object.reviews.select_related("reviewed_by")),
            can_review=context["can_edit"] and can(self.actor, Action.ADD, GoalReview),
        )
        return context


class GoalCreate(ScopedCreateView):
    model = PreconditionGoal
    form_class = PreconditionGoalForm
    success_message = _("The goal “%(name)s” was added.")

    def get_initial(self):
        initial = super().get_initial()
        term = self.request.GET.get("term", "")
        if term in GoalTerm.values:
            initial["term"] = term
        return initial

    def form_valid(self, form):
        form.instance.preconditions = require(
            self.actor, goals.preconditions_of(self.municipality), Action.CHANGE)
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("preconditions") + "#goals"


class GoalUpdate(ScopedUpdateView):
    model = PreconditionGoal
    form_class = PreconditionGoalForm
    success_message = _("The goal “%(name)s” was saved.")


class GoalReviewCreate(ScopedCreateView):
    """Record a review of one goal (``engagement.goals.record_review``)."""

    model = GoalReview
    form_class = GoalReviewForm
    success_message = _("The review was recorded.")

    def dispatch(self, request, *args, **kwargs):
        self.goal = None
        return super().dispatch(request, *args, **kwargs)

    def get_goal(self):
        if self.goal is None:
            self.goal = get_for(self.actor, PreconditionGoal.objects.all(), self.kwargs["pk"],
                                Action.CHANGE)
        return self.goal

    def get_form(self, form_class=None):
        self.get_goal()  # 404/403 before any form is shown or read
        return super().get_form(form_class)

    def get_initial(self):
        initial = super().get_initial()
        initial["status"] = self.get_goal().status
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["goal"] = self.get_goal()
        return context

    def form_valid(self, form):
        try:
            self.object = goals.record_review(self.actor, self.get_goal(), form.save(commit=False),
                                              status=form.cleaned_data["status"])
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_goal().get_absolute_url())


class InteractionList(ScopedListView):
    model = Interaction
    filterset_class = InteractionFilter
    paginator_class = BoundedPaginator  # a city logs 100,000 interactions

    def get_queryset(self):
        return super().get_queryset().select_related("community", "logged_by")


class InteractionDetail(ScopedDetailView):
    model = Interaction

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            people=visible(self.actor, self.object.people.all()),
            organisations=visible(self.actor, self.object.organisations.all()),
            commitments=visible(self.actor, self.object.commitments.all()),
            concerns=visible(self.actor, self.object.concerns.all()),
        )
        # The one-click registration of what was heard (the texts already registered link to
        # their concern instead).
        if can(self.actor, Action.ADD, Concern):
            context["heard"] = from_interaction_forms(self.object, context["concerns"])
        return context


class InteractionCreate(ScopedCreateView):
    model = Interaction
    form_class = InteractionForm
    initial_from_query = ("community",)
    success_message = _("The interaction was logged.")

    def form_valid(self, form):
        form.instance.logged_by = self.request.user
        return super().form_valid(form)


class InteractionUpdate(ScopedUpdateView):
    model = Interaction
    form_class = InteractionForm
    success_message = _("The interaction was saved.")


class CommitmentList(ScopedListView):
    model = Commitment
    filterset_class = CommitmentFilter
    paginator_class = BoundedPaginator  # a city holds 20,000 commitments

    def get_queryset(self):
        return super().get_queryset().select_related("community", "owner")


class CommitmentDetail(ScopedDetailView):
    model = Commitment

    def get_context_data(self, **kwargs):
        # What the apps above add (dialogue: the meeting a follow-up was made at).
        return super().get_context_data(
            sections=gather_sections("engagement.commitment", self.request, self.object),
            **kwargs)


class CommitmentCreate(ScopedCreateView):
    model = Commitment
    form_class = CommitmentForm
    initial_from_query = ("interaction", "community")
    success_message = _("Commitment “%(name)s” was recorded.")

    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("owner", self.request.user.pk)
        return initial


class CommitmentUpdate(ScopedUpdateView):
    model = Commitment
    form_class = CommitmentForm
    success_message = _("Commitment “%(name)s” was saved.")
