"""Coordinator workspace: the dashboard, the municipality's preconditions and the engagement
process screens (interactions and commitments, 002 steps 1-2 and 4)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django.views.decorators.http import require_POST

from networks.models import Community

from .filters import CommitmentFilter, InteractionFilter
from .forms import CommitmentForm, InteractionForm, PreconditionsForm
from .generic import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from .models import (
    NETWORK_EDITOR_ROLES,
    STAFF_ROLES,
    Commitment,
    EngagementStep,
    Interaction,
    Preconditions,
    Role,
)
from .tenancy import SESSION_KEY, RoleRequiredMixin
from .validation import parse_pk

DASHBOARD_LIST_LENGTH = 8


@login_required
def home(request):
    membership = request.membership
    if membership and membership.role == Role.COMMUNITY_REPRESENTATIVE:
        return redirect("portal:home")
    return redirect("dashboard")


@require_POST
@login_required
def switch_municipality(request):
    # parse_pk, not str.isdigit(): "²" is a digit to Python but no number to int() (issue 8).
    wanted = parse_pk(request.POST.get("municipality", ""))
    if wanted is None or not request.user.memberships.filter(municipality_id=wanted).exists():
        raise Http404
    request.session[SESSION_KEY] = wanted
    return redirect("home")


class Dashboard(RoleRequiredMixin, generic.TemplateView):
    """What needs the coordinator's attention: where communities stand in the five steps,
    mapping that is out of date, promises coming due, and contact this month."""

    template_name = "coordinator/dashboard.html"
    allowed_roles = STAFF_ROLES

    def get_context_data(self, **kwargs):
        municipality = self.municipality
        communities = Community.objects.for_municipality(municipality)
        per_step = dict(
            communities.values_list("engagement_step").annotate(n=Count("id")).order_by()
        )
        unverified = communities.not_verified_since(settings.LINCHPIN_VERIFY_AFTER_DAYS)
        never_contacted = communities.never_contacted()
        due = (
            Commitment.objects.for_municipality(municipality)
            .due_within(settings.LINCHPIN_COMMITMENT_DUE_SOON_DAYS)
            .select_related("community")
        )
        n = DASHBOARD_LIST_LENGTH
        return super().get_context_data(
            steps=[(step, per_step.get(step.value, 0)) for step in EngagementStep],
            community_total=sum(per_step.values()),
            unverified=unverified.order_by("last_verified_on", "name")[:n],
            unverified_count=unverified.count(),
            never_contacted=never_contacted[:n],
            never_contacted_count=never_contacted.count(),
            due_commitments=due[:n],
            due_count=due.count(),
            interactions_this_month=Interaction.objects.for_municipality(municipality)
            .this_month().count(),
            recent_interactions=Interaction.objects.for_municipality(municipality)
            .select_related("community")[:n],
            preconditions=Preconditions.objects.filter(municipality=municipality).first(),
            verify_after_days=settings.LINCHPIN_VERIFY_AFTER_DAYS,
            **kwargs,
        )


class PreconditionsUpdate(RoleRequiredMixin, generic.UpdateView):
    """002 step 1: preconditions anchored internally before engaging communities."""

    allowed_roles = NETWORK_EDITOR_ROLES
    form_class = PreconditionsForm
    template_name = "coordinator/preconditions_form.html"

    def get_object(self, queryset=None):
        return Preconditions.objects.get_or_create(municipality=self.municipality)[0]

    def form_valid(self, form):
        messages.success(self.request, _("The preconditions were saved."))
        return super().form_valid(form)

    def get_success_url(self):
        return self.request.path


class InteractionList(ScopedListView):
    model = Interaction
    filterset_class = InteractionFilter

    def get_queryset(self):
        return super().get_queryset().select_related("community", "logged_by")


class InteractionDetail(ScopedDetailView):
    model = Interaction

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            people=self.object.people.all(),
            organisations=self.object.organisations.all(),
            commitments=self.object.commitments.all(),
        )
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


class PortalHome(RoleRequiredMixin, generic.TemplateView):
    """The community representative's restricted portal (grows with the portal issue)."""

    template_name = "portal/home.html"
    allowed_roles = frozenset({Role.COMMUNITY_REPRESENTATIVE})

    def dispatch(self, request, *args, **kwargs):
        membership = getattr(request, "membership", None)
        if request.user.is_authenticated and membership and membership.role in STAFF_ROLES:
            return redirect("dashboard")
        return super().dispatch(request, *args, **kwargs)
