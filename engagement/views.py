"""The engagement process screens: the municipality's preconditions (002 step 1), interactions
(step 2) and commitments (step 4); the concerns are in ``concern_views``. Thin subclasses of
the generic views of ``coordinator``."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from django.views import generic

from coordinator.access import Action, can, require, visible
from coordinator.generic import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    StaffMixin,
)
from coordinator.pagination import BoundedPaginator

from .concern_views import from_interaction_forms
from .filters import CommitmentFilter, InteractionFilter
from .forms import CommitmentForm, InteractionForm, PreconditionsForm
from .models import Commitment, Concern, Interaction, Preconditions


class PreconditionsUpdate(StaffMixin, generic.UpdateView):
    """002 step 1: preconditions anchored internally before engaging communities."""

    model = Preconditions
    action = Action.CHANGE
    form_class = PreconditionsForm
    template_name = "engagement/preconditions_form.html"

    def get_object(self, queryset=None):
        preconditions = Preconditions.objects.get_or_create(municipality=self.municipality)[0]
        return require(self.actor, preconditions, Action.CHANGE)

    def form_valid(self, form):
        messages.success(self.request, _("The preconditions were saved."))
        return super().form_valid(form)

    def get_success_url(self):
        return self.request.path


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
