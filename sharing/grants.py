"""What the active agreements open, read at query time (registered with ``coordinator.access``
in ``SharingConfig.ready()``).

``agreement_grants(actor)`` runs once per request for a partner professional: one query for the
agreements in force today that bind the actor's organisation, one for their community limits.
Nothing is cached across requests, so suspending or ending an agreement, or passing its end
date, revokes on the very next request with no task (issue 7 "Enforcement")."""

from django.contrib.auth.models import Permission
from django.utils import timezone

from coordinator.access import Action, Actor, Grant
from coordinator.models import Role

from .models import Agreement, AgreementState, InteractionGrant


def agreement_grants(actor: Actor) -> list[Grant]:
    """The ``Grant`` of every (agreement, category) in force today for the actor's
    organisation; none for anyone but a partner professional with an organisation."""
    if actor.role != Role.PARTNER_PROFESSIONAL or not actor.organisation_id:
        return []
    agreements = (
        Agreement.objects.filter(municipality_id=actor.municipality_id,
                          parties__organisation_id=actor.organisation_id)
        .active_on(timezone.localdate())
        .prefetch_related("communities")
        .distinct()
    )
    grants = []
    for agreement in agreements:
        communities = frozenset(c.pk for c in agreement.communities.all()) or None
        # Exporting the rows of a list is reading them (each exported row is logged like a
        # page); the policy says for which models a grant may give it (``grant_actions``).
        actions = frozenset({Action.VIEW, Action.EXPORT, Action.ADD} if agreement.partners_may_add
                            else {Action.VIEW, Action.EXPORT})
        for category in agreement.categories:
            grants.append(Grant(category=category, agreement_id=agreement.pk, actions=actions,
                                communities=communities,
                                special_category=bool(agreement.special_category_condition)))
    return grants


#: Per-record grant models by the label of the model they share.
RECORD_GRANTS = {"engagement.interaction": InteractionGrant}


def record_grant(actor: Actor, obj, action: str) -> int | None:
    """The agreement id under which ``obj`` was shared individually with the actor's
    organisation, if that agreement is in force today; None otherwise. Only "view"."""
    grant_model = RECORD_GRANTS.get(obj._meta.label_lower)
    if grant_model is None or action != Action.VIEW or actor.role != Role.PARTNER_PROFESSIONAL:
        return None
    today = timezone.localdate()
    return (
        grant_model.objects.filter(
            content_object_id=obj.pk, group__partner__organisation_id=actor.organisation_id,
            agreement__state=AgreementState.ACTIVE, agreement__starts_on__lte=today,
        )
        .exclude(agreement__ends_on__lt=today)
        .values_list("agreement_id", flat=True)
        .first()
    )


def view_permission(model) -> Permission:
    """The ``view_<model>`` permission a per-record grant carries."""
    return Permission.objects.get(content_type__app_label=model._meta.app_label,
                                  codename=f"view_{model._meta.model_name}")
