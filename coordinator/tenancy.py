"""Tenancy: every record belongs to one municipality, resolved once per request.

The current municipality is the one the user chose (kept in the session) among their
memberships, else their first. Views reach data only through ``for_municipality`` so a record
of another municipality is simply not found (404), as in pretix's organizer scoping.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

SESSION_KEY = "linchpin_municipality_id"


class ScopedQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        """Only the rows of ``municipality`` (a ``Municipality`` or its pk)."""
        return self.filter(municipality=municipality)


class MunicipalityScopedModel(models.Model):
    """Base of every domain record: one municipality owns it."""

    municipality = models.ForeignKey(
        "coordinator.Municipality", on_delete=models.CASCADE, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


def _memberships(request):
    if not request.user.is_authenticated:
        return []
    return list(request.user.memberships.select_related("municipality", "organisation"))


def _resolve_membership(request):
    memberships = request.memberships
    if not memberships:
        return None
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.municipality_id == chosen:
            return membership
    return memberships[0]


class CurrentMunicipalityMiddleware:
    """Sets ``request.membership`` and ``request.municipality`` (both None for anonymous users
    and users with no membership). Evaluated lazily: static and health requests pay nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = SimpleLazyObject(lambda: _memberships(request))
        request.membership = SimpleLazyObject(lambda: _resolve_membership(request))
        request.municipality = SimpleLazyObject(
            lambda: request.membership.municipality if request.membership else None
        )
        return self.get_response(request)


def municipality_context(request):
    membership = getattr(request, "membership", None)
    if not membership:
        return {"current_membership": None, "current_municipality": None, "memberships": []}
    return {
        "current_membership": membership,
        "current_municipality": membership.municipality,
        "memberships": request.memberships,
    }


class RoleRequiredMixin(LoginRequiredMixin):
    """Staff views: the user needs a membership of the current municipality with one of
    ``allowed_roles``. Community representatives are sent to the portal; other roles get 403."""

    allowed_roles: frozenset = frozenset()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        from .models import Role

        membership = request.membership
        if not membership:
            raise PermissionDenied("No membership of any municipality.")
        if membership.role == Role.COMMUNITY_REPRESENTATIVE and (
            Role.COMMUNITY_REPRESENTATIVE not in self.allowed_roles
        ):
            return redirect("portal:home")
        if membership.role not in self.allowed_roles:
            raise PermissionDenied
        self.municipality = membership.municipality
        self.membership = membership
        return super().dispatch(request, *args, **kwargs)

    @property
    def can_edit(self) -> bool:
        from .models import NETWORK_EDITOR_ROLES

        return self.membership.role in NETWORK_EDITOR_ROLES


class ScopedObjectMixin(RoleRequiredMixin):
    """List/detail/update views over a ``MunicipalityScopedModel``: the queryset is scoped to
    the current municipality, so another municipality's pk gives 404."""

    def get_queryset(self):
        return super().get_queryset().for_municipality(self.municipality)

