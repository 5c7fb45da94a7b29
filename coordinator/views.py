"""Coordinator workspace: the landing redirect, switching municipality, the dashboard (made of
the panels other apps register) and the portal's home."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views import generic
from django.views.decorators.http import require_POST

from . import dashboard
from .models import STAFF_ROLES, Role
from .tenancy import SESSION_KEY, RoleRequiredMixin


@login_required
def home(request):
    membership = request.membership
    if membership and membership.role == Role.COMMUNITY_REPRESENTATIVE:
        return redirect("portal:home")
    return redirect("dashboard")


@require_POST
@login_required
def switch_municipality(request):
    wanted = request.POST.get("municipality", "")
    membership = request.user.memberships.filter(municipality_id=wanted if wanted.isdigit() else 0)
    if not membership.exists():
        raise Http404
    request.session[SESSION_KEY] = int(wanted)
    return redirect("home")


class Dashboard(RoleRequiredMixin, generic.TemplateView):
    """What needs the coordinator's attention: where communities stand in the five steps,
    mapping that is out of date, promises coming due, and contact this month.

    The page gathers the panels the apps register (:mod:`coordinator.dashboard`): this layer
    knows none of their models. ``rows`` is ``[[RenderedPanel, ...], ...]``, one list per row,
    ``notices`` the panels above the rows."""

    template_name = "coordinator/dashboard.html"
    allowed_roles = STAFF_ROLES

    def get_context_data(self, **kwargs):
        notices, rows = dashboard.gather_panels(self.request)
        return super().get_context_data(notices=notices, rows=rows, **kwargs)


class PortalHome(RoleRequiredMixin, generic.TemplateView):
    """The community representative's restricted portal (grows with the portal issue)."""

    template_name = "portal/home.html"
    allowed_roles = frozenset({Role.COMMUNITY_REPRESENTATIVE})

    def dispatch(self, request, *args, **kwargs):
        membership = getattr(request, "membership", None)
        if request.user.is_authenticated and membership and membership.role in STAFF_ROLES:
            return redirect("dashboard")
        return super().dispatch(request, *args, **kwargs)
