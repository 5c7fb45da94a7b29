"""Coordinator workspace: the landing redirect, switching municipality, the dashboard (made of
the panels other apps register)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from . import dashboard
from .access import actor_of
from .generic import StaffPage
from .tenancy import SESSION_KEY
from .validation import parse_pk


@login_required
def home(request):
    if actor_of(request).is_portal_user:
        return redirect("portal:home")
    return redirect("dashboard")


@require_POST
@login_required
def switch_municipality(request):
    """Make another of the user's municipalities the current one. A value that is not a plain
    ASCII number, or a municipality the user has no membership of, is not found (404)."""
    # parse_pk, not str.isdigit(): "²" is a digit to Python but no number to int() (issue 8).
    wanted = parse_pk(request.POST.get("municipality", ""))
    if wanted is None or not request.user.memberships.filter(municipality_id=wanted).exists():
        raise Http404
    request.session[SESSION_KEY] = wanted
    return redirect("home")


class Dashboard(StaffPage):
    """What needs the user's attention: where communities stand in the five steps, mapping
    that is out of date, promises coming due, and contact this month.

    The page gathers the panels the apps register (:mod:`coordinator.dashboard`): this layer
    knows none of their models. A panel is shown only to those the access policy lets see its
    records, and reads them through ``visible()``, so a partner professional sees only what an
    active agreement opens to their organisation. ``rows`` is ``[[RenderedPanel, ...], ...]``,
    one list per row, ``notices`` the panels above the rows, both read from ``panels``
    (:class:`coordinator.dashboard.DashboardPanels`) only when the panels' HTML is not in the
    cache."""

    template_name = "coordinator/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        if (request.user.is_authenticated and request.user.is_superuser
                and actor_of(request).membership is None):
            # The superuser's work is in the Django admin, across municipalities: a page
            # that leads there, not a 403.
            if request.method not in ("GET", "HEAD"):
                return self.http_method_not_allowed(request, *args, **kwargs)
            return TemplateResponse(request, "coordinator/superuser_landing.html")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(panels=dashboard.DashboardPanels(self.request), **kwargs)
