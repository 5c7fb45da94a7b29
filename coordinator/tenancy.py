"""Tenancy: every record belongs to one municipality, and a query outside a municipality scope
raises (django-scopes, as in pretix's organizer scoping).

``CurrentMunicipalityMiddleware`` resolves the user's current membership once per request (the
municipality chosen in the session among their memberships, else their first), sets
``request.membership``, ``request.municipality`` and ``request.actor``, and opens
``scope(municipality=...)`` around the whole request, template rendering included. A request
with no membership gets a scope that matches no record. The Django admin, the superuser's tool
across municipalities, runs with scopes disabled.

Outside a request (Celery tasks, management commands, the demo loader) code opens a scope per
municipality or leaves it explicitly with ``scopes_disabled()``, each such place with a comment
saying why.
"""

from django.db import models
from django.urls import reverse
from django_scopes import ScopeError, get_scope, scope, scopes_disabled

SESSION_KEY = "linchpin_municipality_id"
#: The scope value of a request without a membership: ``municipality__in=[]`` matches nothing.
NO_MUNICIPALITY: list = []


class ScopedQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        """Only the rows of ``municipality`` (a ``Municipality`` or its pk)."""
        return self.filter(municipality=municipality)


class OutOfScopeMixin:
    """A queryset built outside a municipality scope: it may be declared and chained (a form
    field's choices at import time), but evaluating it raises ``ScopeError``.

    django-scopes' own ``DisabledQuerySet`` already refuses ``.all()``, which Django's
    ``ModelChoiceField`` calls when a ModelForm class is *declared*; refusing at evaluation
    keeps the guarantee (no row is read outside a scope) and lets forms be declared."""

    def _refuse(self, *args, **kwargs):
        raise ScopeError(
            f"A municipality scope must be active to read {self.model._meta.label} records."
        )

    _fetch_all = count = exists = aggregate = iterator = update = delete = _refuse
    in_bulk = contains = explain = _update = _refuse


_out_of_scope_classes: dict[type, type] = {}


def _out_of_scope(queryset_class: type) -> type:
    if queryset_class not in _out_of_scope_classes:
        _out_of_scope_classes[queryset_class] = type(
            f"OutOfScope{queryset_class.__name__}", (OutOfScopeMixin, queryset_class), {})
    return _out_of_scope_classes[queryset_class]


class MunicipalityManager(models.Manager):
    """Default manager of municipality-owned models, on django-scopes' scope state: inside
    ``scope(municipality=pk)`` it filters ``<lookup>=pk`` (a list: ``__in``); inside
    ``scopes_disabled()`` it filters nothing; with no scope at all its querysets raise
    ``ScopeError`` when evaluated."""

    lookup = "municipality"

    def get_queryset(self):
        queryset = super().get_queryset()
        current = get_scope()
        if not current.get("_enabled", True):
            return queryset
        if "municipality" not in current:
            return _out_of_scope(type(queryset))(model=self.model, using=self._db,
                                                  hints=self._hints)
        value = current["municipality"]
        if isinstance(value, list | tuple):
            return queryset.filter(**{f"{self.lookup}__in": value})
        return queryset.filter(**{self.lookup: value})


def scoped_manager(queryset_class=ScopedQuerySet, lookup: str = "municipality"):
    """A ``MunicipalityManager`` over ``queryset_class`` (the model's own queryset methods),
    filtering on ``lookup`` (e.g. ``"assessment__municipality"`` for a child record)."""
    manager_class = MunicipalityManager.from_queryset(queryset_class)
    return type(f"Scoped{queryset_class.__name__}Manager", (manager_class,),
                {"lookup": lookup, "__module__": __name__})()


class MunicipalityScopedModel(models.Model):
    """Base of every domain record: one municipality owns it."""

    municipality = models.ForeignKey(
        "coordinator.Municipality", on_delete=models.CASCADE, related_name="+"
    )

    objects = scoped_manager()

    class Meta:
        abstract = True


def _memberships(user) -> list:
    if not user.is_authenticated:
        return []
    # In a stable order: without a choice in the session, the first membership is current.
    return list(user.memberships.select_related("municipality", "organisation").order_by("pk"))


def _resolve_membership(request, memberships):
    if not memberships:
        return None
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.municipality_id == chosen:
            return membership
    return memberships[0]


class CurrentMunicipalityMiddleware:
    """Sets ``request.memberships``, ``request.membership``, ``request.municipality`` (None for
    anonymous users and users with no membership) and ``request.actor``, then runs the rest of
    the request inside the membership's municipality scope."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    def admin_prefix(self) -> str:
        if self._admin_prefix is None:
            self._admin_prefix = reverse("admin:index")
        return self._admin_prefix

    def __call__(self, request):
        from .access import Actor

        request.memberships = _memberships(request.user)
        request.membership = _resolve_membership(request, request.memberships)
        request.municipality = request.membership.municipality if request.membership else None
        request.actor = Actor(request.user, request.membership)
        if request.path.startswith(self.admin_prefix()):
            # The Django admin is the superuser's tool across municipalities; it checks
            # is_staff itself and is not reachable by municipal roles.
            with scopes_disabled():
                return self.get_response(request)
        value = request.municipality.pk if request.municipality else NO_MUNICIPALITY
        with scope(municipality=value):
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
