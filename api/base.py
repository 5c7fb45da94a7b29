"""The base of every API view: who is asking (the actor), in which municipality, and the two
doors of the access layer (``coordinator.access``) for lists and records.

A request with a session is resolved by ``CurrentMunicipalityMiddleware`` like any page. A
request with a token has no session, so the middleware ran it in the scope that matches no
record; once DRF has authenticated the token, ``ActorMixin`` makes the token's membership the
request's actor, opens that municipality's scope and activates the user's language for the
rest of the request, rendering included (DRF renders after the view returns, so the response
is rendered here)."""

from contextlib import ExitStack

from django.db.models import Prefetch
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django_scopes import scope
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from coordinator.access import (
    ANONYMOUS,
    POLICIES,
    Action,
    Actor,
    actor_of,
    agreements_for,
    can,
    flush_access,
    get_for,
    label_of,
    logs_access,
    record_access,
    visible,
)
from coordinator.languages import language_of

from .models import ApiToken

#: Prefetched related records a serializer shows are kept under names with this prefix.
VISIBLE_PREFIX = "visible_"


class ActorMixin:
    """For every API view: ``self.actor``, the token's scope, the read-access log written once
    per request (``flush_access``), and ``Cache-Control: no-store, private`` on every answer
    (records of people and communities, never for a shared cache)."""

    actor: Actor = ANONYMOUS

    def dispatch(self, request, *args, **kwargs):
        with ExitStack() as scopes:
            self._scopes = scopes
            response = super().dispatch(request, *args, **kwargs)
            if callable(getattr(response, "render", None)) and not response.is_rendered:
                response.render()
            flush_access(self.request)
        patch_cache_control(response, no_store=True, private=True)
        return response

    def perform_authentication(self, request):
        super().perform_authentication(request)
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is None:
            self.actor = actor_of(request._request)
            return
        self.actor = Actor(request.user, token.membership)
        # What the middleware sets for a session, for the code that reads it from the request
        # (the read-access log, templates of the browsable API).
        django_request = request._request
        django_request.actor = self.actor
        django_request.membership = token.membership
        django_request.memberships = [token.membership]
        django_request.municipality = token.membership.municipality
        self._scopes.enter_context(scope(municipality=token.municipality_id))
        # The token's user reads in their own language, as with a session
        # (``UserLanguageMiddleware``, which ran before the token was known).
        code = language_of(token.membership)
        if code:
            translation.activate(code)
            django_request.LANGUAGE_CODE = code


def record_shown_relations(request, actor, record) -> None:
    """Log the shared related records a detail answer names (the ``visible_*`` lists the view
    prefetched), as a detail page logs its related lists (``coordinator.generic``)."""
    for name, value in vars(record).items():
        if not name.startswith(VISIBLE_PREFIX) or not isinstance(value, list) or not value:
            continue
        policy = POLICIES.get(label_of(type(value[0])))
        if policy is not None and policy.category is not None:
            record_access(request, type(value[0]), [related.pk for related in value])


class ScopedViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """A list and a detail of one ``model``, as its HTML pages: the list answers 403 when the
    actor may see no record of the model (``can``) and shows what ``visible()`` returns; a
    record is found by ``get_for`` (404 when the actor may not see it). What a partner
    professional is shown is logged. Subclasses say what to read with ``base_queryset`` (and
    the ``visible_*`` prefetches their serializers show) and may add to
    ``get_serializer_context``."""

    model = None
    detail_serializer_class = None
    lookup_value_converter = "int"

    def base_queryset(self):
        """The records before access narrows them (select and prefetch here)."""
        return self.model._default_manager.all()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular, building the schema
            return self.model._default_manager.none()
        queryset = visible(self.actor, self.base_queryset())
        # Explicit, total ordering, as the HTML lists: pages must be stable.
        return queryset.order_by(*self.model._meta.ordering, "pk")

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def list(self, request, *args, **kwargs):
        if not can(self.actor, Action.VIEW, self.model):
            raise PermissionDenied(_("Your role does not allow this."))
        return super().list(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and logs_access(self.actor):
            record_access(self.request, self.model, [record.pk for record in page])
        return page

    def get_object(self):
        record = get_for(self.actor, self.base_queryset(), self.kwargs[self.lookup_field])
        if logs_access(self.actor):
            # Under the agreement(s) that open it, or the one of its per-record grant.
            record_access(self.request, record, [record.pk],
                          agreement_ids=agreements_for(self.actor, record))
            record_shown_relations(self.request, self.actor, record)
        self.check_object_permissions(self.request, record)
        return record

    def visible_prefetch(self, relation: str, queryset):
        """A ``Prefetch`` of ``relation`` narrowed to what the actor may see, kept in
        ``visible_<relation>``."""
        return Prefetch(relation, queryset=visible(self.actor, queryset),
                        to_attr=f"{VISIBLE_PREFIX}{relation}")
