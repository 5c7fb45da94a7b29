"""The access layer: the one place that says who may reach which record, and do what with it.

Every view, form choice, filter choice, related list, search, count, export, task and e-mail
reaches municipality-owned records through two functions:

- ``visible(actor, queryset, action="view")`` narrows a queryset to what ``actor`` may reach;
- ``require(actor, obj, action)`` raises ``Http404`` when ``obj`` is not visible to ``actor``
  at all, and ``PermissionDenied`` (403) when it is visible but ``action`` is not allowed.

``POLICIES`` (in ``coordinator.policies``) holds, for every model (keyed by
``"app_label.modelname"``, so this lowest layer imports no higher app), the roles that may act
in full within their own municipality and the *information category* through which an
information-sharing agreement may open the records to partner professionals (004
"Coordination & information sharing"; 000 lessons 4.1 and 5.2).
A model with no policy raises ``NoPolicy``: nothing is open by default.

Partner professionals hold no role rights on network or engagement records: what they see is
derived at query time from the agreements that are active today, through *grant providers*
that higher apps register (``register_grant_provider``; the ``sharing`` app registers the
agreements). The categories an actor may see are read once per request (``Actor.grants``);
a list is then filtered by one indexed condition. Per-record grants (one record shared with
one organisation) come from *object grant providers* and are listed apart, never OR-ed into
the main list query.

Tenancy underneath is enforced by django-scopes (``coordinator.tenancy``): a query on a
municipality-owned model outside a municipality scope raises ``ScopeError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .models import Role
from .policies import (  # noqa: F401 - re-exported: the access layer's vocabulary
    ADMINISTRATION,
    ASSESSMENT,
    COORDINATION,
    MEMORANDA,
    NOBODY,
    PARTNERS,
    POLICIES,
    PORTAL,
    READERS,
    STAFF,
    Action,
    InformationCategory,
    NoPolicy,
    Policy,
    label_of,
    policy_for,
)

# --------------------------------------------------------------------------- grants


@dataclass(frozen=True)
class Grant:
    """What one active agreement opens to one organisation: a ``category``, the ``actions``
    allowed on it, the ``communities`` it is limited to (None: all of the municipality), whether
    it records an Article 9 condition (``special_category``), and the ``agreement_id``."""

    category: str
    agreement_id: int
    actions: frozenset = frozenset({Action.VIEW})
    communities: frozenset[int] | None = None
    special_category: bool = False


@dataclass
class CategoryAccess:
    """The merged grants of one actor on one category."""

    actions: set = field(default_factory=set)
    communities: set[int] | None = field(default_factory=set)  # None: every community
    agreement_ids: list[int] = field(default_factory=list)
    special_category: bool = False

    def add(self, grant: Grant) -> None:
        self.actions |= grant.actions
        self.agreement_ids.append(grant.agreement_id)
        self.special_category = self.special_category or grant.special_category
        if grant.communities is None or self.communities is None:
            self.communities = None
        else:
            self.communities |= grant.communities


GrantProvider = Callable[["Actor"], Iterable[Grant]]
ObjectGrantProvider = Callable[["Actor", models.Model, str], "int | None"]
_grant_providers: list[GrantProvider] = []
_object_grant_providers: list[ObjectGrantProvider] = []


def register_grant_provider(provider: GrantProvider) -> GrantProvider:
    """Register ``provider(actor) -> iterable of Grant`` (called once per request per actor).
    Higher apps (sharing, portal) register in their ``AppConfig.ready()``."""
    if provider not in _grant_providers:
        _grant_providers.append(provider)
    return provider


def register_object_grant_provider(provider: ObjectGrantProvider) -> ObjectGrantProvider:
    """Register ``provider(actor, obj, action) -> agreement id or None`` for per-record grants."""
    if provider not in _object_grant_providers:
        _object_grant_providers.append(provider)
    return provider


# --------------------------------------------------------------------------- the actor


class Actor:
    """Who is asking: a user and their membership of the current municipality (or None).

    Built once per request by ``CurrentMunicipalityMiddleware`` (``request.actor``); tasks and
    commands build one with ``Actor(user, membership)``."""

    def __init__(self, user, membership=None):
        self.user = user
        self.membership = membership

    def __repr__(self):
        return f"<Actor {self.user} {self.role} of {self.municipality_id}>"

    @property
    def municipality_id(self) -> int | None:
        return self.membership.municipality_id if self.membership else None

    @property
    def municipality(self):
        return self.membership.municipality if self.membership else None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def organisation_id(self) -> int | None:
        return self.membership.organisation_id if self.membership else None

    @property
    def is_portal_user(self) -> bool:
        return self.role in PORTAL

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF

    @cached_property
    def grants(self) -> dict[str, CategoryAccess]:
        """Category -> merged grants, read once (one query per provider) per actor."""
        result: dict[str, CategoryAccess] = {}
        if self.membership is None or self.role in READERS:
            return result
        for provider in _grant_providers:
            for grant in provider(self):
                result.setdefault(grant.category, CategoryAccess()).add(grant)
        return result

    def has_role_for(self, policy: Policy, action: str) -> bool:
        return self.role is not None and self.role in policy.roles.get(action, NOBODY)

    def grant_for(self, policy: Policy, action: str) -> CategoryAccess | None:
        if policy.category is None or action not in policy.grant_actions:
            return None
        access = self.grants.get(policy.category)
        if access is None or action not in access.actions:
            return None
        return access

    def is_party_for(self, policy: Policy, action: str) -> bool:
        """May this actor do ``action`` to the records that bind their organisation
        (``Policy.party``)? Only a partner professional with an organisation."""
        return (policy.party is not None and action in policy.party_actions
                and self.role == Role.PARTNER_PROFESSIONAL and self.organisation_id is not None)

    def is_owner_for(self, policy: Policy, action: str) -> bool:
        """May this actor do ``action`` to the records that are their own (``Policy.owner``)?
        Staff only: a community representative's area is the portal."""
        return (policy.owner is not None and action in policy.owner_actions
                and self.is_staff_member)

    def is_representative_for(self, policy: Policy, action: str) -> bool:
        """May this actor do ``action``, in the portal, to the records that concern their
        organisation (``Policy.portal``)? Only a community representative with an
        organisation; never a grant of an agreement (issue 10 "Minimum data")."""
        return (policy.portal is not None and action in policy.portal_actions
                and self.role in PORTAL and self.organisation_id is not None)

    def sees_special_category(self) -> bool:
        """May this actor read ethnicity and faith of communities? Staff with the role do; a
        partner only under an agreement that records an Article 9 condition."""
        if self.role in READERS:
            return True
        access = self.grants.get(InformationCategory.COMMUNITY_PROFILE)
        return bool(access and access.special_category)


ANONYMOUS = Actor(None, None)


def actor_for(user, municipality_id) -> Actor:
    """The ``Actor`` of ``user`` in municipality ``municipality_id`` (a pk), for services,
    tasks and e-mails that act without a request: no membership there means an actor who may
    do nothing. One query."""
    from .models import Membership

    membership = None
    if user is not None and getattr(user, "is_authenticated", False) and user.is_active:
        membership = (Membership.objects.select_related("municipality")
                      .filter(user=user, municipality_id=municipality_id).first())
    return Actor(user, membership)


def require_user(user, municipality_id, action: str, target) -> Actor:
    """``PermissionDenied`` unless ``user``, in municipality ``municipality_id``, may do
    ``action`` to ``target`` (a record or an ``"app.model"`` label); returns the actor. For
    services, which check again whatever view called them."""
    actor = actor_for(user, municipality_id)
    if not can(actor, action, target):
        raise PermissionDenied(_("Your role does not allow this."))
    return actor

# --------------------------------------------------------------------------- the two doors


def visible(actor: Actor, queryset: models.QuerySet, action: str = Action.VIEW) -> models.QuerySet:
    """``queryset`` narrowed to the records ``actor`` may ``action``: all of the actor's
    municipality for a role that holds the action, those an active agreement opens (one
    condition on the community when the agreement is limited), else none.

    Raises ``NoPolicy`` when the model has no policy. Per-record grants are not included:
    list them apart with ``shared_individually``."""
    policy = policy_for(queryset.model)
    if actor.municipality_id is None:
        return queryset.none()
    queryset = queryset.filter(**{policy.municipality: actor.municipality_id})
    if actor.has_role_for(policy, action):
        return queryset
    if actor.is_owner_for(policy, action):
        return queryset.filter(**{policy.owner: actor.user.pk})
    if actor.is_party_for(policy, action):
        bound = queryset.model._base_manager.filter(
            **{policy.party: actor.organisation_id}).values("pk")
        return queryset.filter(pk__in=bound)
    if actor.is_representative_for(policy, action):
        if policy.portal == "pk":
            return queryset.filter(pk=actor.organisation_id)
        bound = queryset.model._base_manager.filter(
            **{policy.portal: actor.organisation_id}).values("pk")
        return queryset.filter(pk__in=bound)
    access = actor.grant_for(policy, action)
    if access is None:
        return queryset.none()
    if access.communities is None or policy.community is None:
        # A record tied to no community is open under a community-limited agreement too, as
        # ``_allowed`` decides for one record.
        return queryset
    if policy.community_many:
        matching = queryset.model._base_manager.filter(
            **{f"{policy.community}__in": access.communities}).values("pk")
        return queryset.filter(pk__in=matching)
    return queryset.filter(**{f"{policy.community}__in": access.communities})


def _attribute_path(obj, lookup: str):
    for part in lookup.split("__")[:-1]:
        obj = getattr(obj, part)
    return getattr(obj, lookup.split("__")[-1] + "_id")


def _communities_of(obj, policy: Policy) -> set[int]:
    if policy.community == "pk":
        return {obj.pk}
    if policy.community_many:
        return set(getattr(obj, policy.community).values_list("pk", flat=True))
    value = getattr(obj, f"{policy.community}_id")
    return {value} if value is not None else set()


def _allowed(actor: Actor, obj: models.Model, policy: Policy, action: str) -> bool:
    if actor.has_role_for(policy, action):
        return True
    if actor.is_owner_for(policy, action) and _attribute_path(obj, policy.owner) == actor.user.pk:
        return True
    if actor.is_party_for(policy, action) and type(obj)._base_manager.filter(
            pk=obj.pk, **{policy.party: actor.organisation_id}).exists():
        return True
    if actor.is_representative_for(policy, action) and (
            obj.pk == actor.organisation_id if policy.portal == "pk"
            else type(obj)._base_manager.filter(
                pk=obj.pk, **{policy.portal: actor.organisation_id}).exists()):
        return True
    access = actor.grant_for(policy, action)
    if access is not None and (
        access.communities is None or policy.community is None
        or _communities_of(obj, policy) & access.communities
    ):
        return True
    return object_grant(actor, obj, action) is not None


def _decide(actor: Actor, obj: models.Model, action: str) -> str:
    """"ok", "forbidden" (visible, but ``action`` not allowed) or "hidden"."""
    policy = policy_for(obj)
    if actor.municipality_id is None or (
        _attribute_path(obj, policy.municipality) != actor.municipality_id
    ):
        return "hidden"
    if _allowed(actor, obj, policy, action):
        return "ok"
    if action != Action.VIEW and _allowed(actor, obj, policy, Action.VIEW):
        return "forbidden"
    return "hidden"


def require(actor: Actor, obj: models.Model, action: str = Action.VIEW) -> models.Model:
    """Return ``obj`` when ``actor`` may ``action`` it. Raises ``Http404`` when ``obj`` is not
    visible to ``actor`` at all (another municipality, no role, no grant), ``PermissionDenied``
    when it is visible but ``action`` is not allowed, ``NoPolicy`` without a policy."""
    verdict = _decide(actor, obj, action)
    if verdict == "hidden":
        raise Http404
    if verdict == "forbidden":
        raise PermissionDenied
    return obj


def can(actor: Actor, action: str, target) -> bool:
    """May ``actor`` do ``action`` to ``target``: a record (as ``require``), or a model class or
    ``"app.model"`` label (may they do it to *some* record: "add", or open a list)."""
    if actor is None or actor.membership is None:
        return False
    if isinstance(target, models.Model):
        return _decide(actor, target, action) == "ok"
    policy = policy_for(target)
    return (actor.has_role_for(policy, action) or actor.is_party_for(policy, action)
            or actor.is_owner_for(policy, action) or actor.is_representative_for(policy, action)
            or actor.grant_for(policy, action) is not None)


def object_grant(actor: Actor, obj: models.Model, action: str = Action.VIEW) -> int | None:
    """The agreement id under which ``obj`` was shared with ``actor``'s organisation as a
    single record, or None."""
    if actor.organisation_id is None:
        return None
    for provider in _object_grant_providers:
        agreement_id = provider(actor, obj, action)
        if agreement_id is not None:
            return agreement_id
    return None


def get_for(actor: Actor, queryset: models.QuerySet, pk, action: str = Action.VIEW):
    """The record ``pk`` of ``queryset`` if ``actor`` may ``action`` it, for detail and edit
    views: looked up in ``visible()``, else among records shared individually. Raises
    ``Http404``/``PermissionDenied`` as ``require``."""
    try:
        obj = visible(actor, queryset).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        obj = None
    if obj is None:
        if actor.organisation_id is None or actor.municipality_id is None:
            raise Http404
        policy = policy_for(queryset.model)
        candidate = queryset.filter(**{policy.municipality: actor.municipality_id}, pk=pk).first()
        if candidate is None or object_grant(actor, candidate, Action.VIEW) is None:
            raise Http404
        obj = candidate
    return require(actor, obj, action)


def actor_of(request) -> Actor:
    """The ``Actor`` of a request (``ANONYMOUS`` before the middleware ran)."""
    return getattr(request, "actor", ANONYMOUS)


# --------------------------------------------------------------------------- the read-access log
#
# Every response that shows shared records to a partner professional writes one access event
# (issue 7 "Enforcement"; "who saw this record, when, and why": CJEU C-579/21). The views of
# this layer know which records they show; the log's model lives in ``sharing`` (a higher
# layer), which registers the function that writes it (``register_access_recorder``).
#
# Within a request, ``record_access(request, ...)`` only collects; ``flush_access(request)``
# (called once by ``StaffMixin.dispatch``) hands everything the response showed to the
# recorders in one call, which write it with one INSERT, never one per row.


@dataclass
class AccessRecord:
    """What one response showed one partner professional of one model: ``model`` (an
    ``"app.model"`` label), its information ``category``, the ``object_ids`` shown (in order,
    no repeats), the ``view`` (URL name) and the ``agreement_ids`` under which they were
    shown."""

    user_id: int | None
    municipality_id: int
    organisation_id: int | None
    model: str
    category: str
    view: str
    object_ids: list = field(default_factory=list)
    agreement_ids: list = field(default_factory=list)

    def merge(self, object_ids: Iterable, agreement_ids: Iterable) -> None:
        self.object_ids.extend(pk for pk in object_ids if pk not in self.object_ids)
        self.agreement_ids.extend(a for a in agreement_ids if a not in self.agreement_ids)


AccessRecorder = Callable[[list[AccessRecord]], None]
_access_recorders: list[AccessRecorder] = []
_PENDING = "_linchpin_access_records"


def register_access_recorder(recorder: AccessRecorder) -> AccessRecorder:
    """Register ``recorder(records: list[AccessRecord]) -> None``, which must write all the
    records it is given in one statement. The ``sharing`` app registers the read-access log in
    its ``AppConfig.ready()``."""
    if recorder not in _access_recorders:
        _access_recorders.append(recorder)
    return recorder


def logs_access(actor: Actor) -> bool:
    """Is what ``actor`` sees shared with them, and so logged? True for a partner professional
    of an organisation, whose every record comes from an agreement or a per-record grant (they
    hold no role rights). Never for coordinators, admins or assessors, who read in full."""
    return (actor is not None and actor.role == Role.PARTNER_PROFESSIONAL
            and actor.organisation_id is not None)


def agreements_for(actor: Actor, obj: models.Model) -> list[int]:
    """The agreements under which ``actor`` sees ``obj``: those covering its category (and
    community, when limited), else the one of a per-record grant; [] when none."""
    policy = policy_for(obj)
    access = actor.grant_for(policy, Action.VIEW)
    if access is not None and (access.communities is None or policy.community is None
                               or _communities_of(obj, policy) & access.communities):
        return list(dict.fromkeys(access.agreement_ids))
    agreement_id = object_grant(actor, obj, Action.VIEW)
    return [agreement_id] if agreement_id is not None else []


def record_access(request_or_actor, model, object_ids: Iterable, view_name: str | None = None,
                  agreement_ids: Iterable[int] | None = None) -> None:
    """Log that ``object_ids`` of ``model`` (a class, instance or label) were shown.

    ``request_or_actor``: a request (collected, written by ``flush_access`` at the end of the
    view: one INSERT per request) or an ``Actor`` (written at once: a task, a streamed export).
    ``view_name`` defaults to the request's URL name. ``agreement_ids`` defaults to the
    agreements that open the model's category to the actor (records reached through
    ``visible()``); pass the agreement of a per-record grant explicitly. Does nothing for an
    actor whose reads are not logged (``logs_access``), or when no id is given."""
    is_actor = isinstance(request_or_actor, Actor)
    actor = request_or_actor if is_actor else actor_of(request_or_actor)
    if not logs_access(actor):
        return
    ids = list(dict.fromkeys(object_ids))
    if not ids:
        return
    policy = policy_for(model)
    label = label_of(model if not isinstance(model, models.Model) else type(model))
    if agreement_ids is None:
        access = actor.grants.get(policy.category) if policy.category else None
        agreement_ids = access.agreement_ids if access else []
    if view_name is None:
        match = getattr(request_or_actor, "resolver_match", None)
        view_name = (match.view_name if match else "") or request_or_actor.path
    record = AccessRecord(actor.user.pk, actor.municipality_id, actor.organisation_id, label,
                          policy.category or "", view_name)
    record.merge(ids, agreement_ids)
    if is_actor:
        _write([record])
        return
    pending = getattr(request_or_actor, _PENDING, None)
    if pending is None:
        pending = {}
        setattr(request_or_actor, _PENDING, pending)
    if (label, view_name) in pending:
        pending[label, view_name].merge(record.object_ids, record.agreement_ids)
    else:
        pending[label, view_name] = record


def flush_access(request) -> None:
    """Write what ``record_access(request, ...)`` collected during this request, in one call to
    each recorder. Safe to call more than once (the second call writes nothing)."""
    pending = getattr(request, _PENDING, None)
    if pending:
        setattr(request, _PENDING, {})
        _write(list(pending.values()))


def _write(records: list[AccessRecord]) -> None:
    for recorder in _access_recorders:
        recorder(records)
