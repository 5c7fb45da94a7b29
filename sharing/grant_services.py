"""Per-record grants: one interaction note shared with one partner organisation under an active
agreement (issue 7 "Enforcement": "for example one interaction note the school needs"; 004
"Information sharing": need-to-know).

A grant is a django-guardian direct foreign-key object permission (``InteractionGrant``, given
to the organisation's ``PartnerGroup``), never the generic tables, and it is read without
``get_objects_for_user`` (whose defaults return everything to a group that holds the model
permission). It names its agreement and is honoured only while that agreement is active today
(``sharing.grants.record_grant``), so it dies with it. What is shared individually is listed
apart ("Shared with you individually"), never OR-ed into the main lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordinator.access import Action, Actor, visible
from coordinator.models import Role
from engagement.models import Interaction
from networks.models import Organisation

from .grants import view_permission
from .models import Agreement, AgreementParty, AgreementState, InteractionGrant, PartnerGroup


@dataclass(frozen=True)
class ShareTarget:
    """One (agreement, partner organisation) pair a note may be shared under."""

    agreement_id: int
    organisation_id: int
    label: str

    @property
    def value(self) -> str:
        return f"{self.agreement_id}:{self.organisation_id}"


def share_targets(actor: Actor, interaction: Interaction) -> list[ShareTarget]:
    """The parties of the agreements active today in the actor's municipality that the note is
    not yet shared with under that agreement; two queries."""
    agreements = visible(actor, Agreement.objects.all()).active_on()
    taken = set(InteractionGrant.objects.filter(content_object=interaction)
                .values_list("agreement_id", "group__partner__organisation_id"))
    parties = (AgreementParty.objects.filter(agreement__in=agreements)
               .select_related("organisation", "agreement")
               .order_by("organisation__name", "agreement__title"))
    return [
        ShareTarget(p.agreement_id, p.organisation_id,
                    _("%(organisation)s, under “%(agreement)s”")
                    % {"organisation": p.organisation, "agreement": p.agreement})
        for p in parties if (p.agreement_id, p.organisation_id) not in taken
    ]


def partner_group(organisation: Organisation) -> Group:
    """The ``PartnerGroup`` (an auth ``Group``) of ``organisation``, created when missing."""
    existing = PartnerGroup.objects.filter(organisation=organisation).select_related("group").first()
    if existing:
        return existing.group
    with transaction.atomic():
        group, _created = Group.objects.get_or_create(
            name=f"partner-{organisation.municipality_id}-{organisation.pk}")
        PartnerGroup.objects.get_or_create(organisation=organisation, defaults={"group": group})
    return PartnerGroup.objects.get(organisation=organisation).group


def share_interaction(actor: Actor, interaction: Interaction, agreement_id: int,
                      organisation_id: int) -> InteractionGrant:
    """Share ``interaction`` with the organisation under the agreement. Raises
    ``ValidationError`` (a message for the form) when the agreement is not active today in the
    actor's municipality, the organisation is not a party to it, or it is already shared so."""
    agreement = visible(actor, Agreement.objects.all()).filter(pk=agreement_id).first()
    if agreement is None or not agreement.is_active_on():
        raise ValidationError(_("That agreement is not in force today: choose another one."))
    party = (AgreementParty.objects.filter(agreement=agreement, organisation_id=organisation_id)
             .select_related("organisation").first())
    if party is None:
        raise ValidationError(_("That organisation is not a party to the agreement."))
    group = partner_group(party.organisation)
    try:
        with transaction.atomic():
            return InteractionGrant.objects.create(
                group=group, permission=view_permission(Interaction), content_object=interaction,
                agreement=agreement, granted_by=actor.user)
    except IntegrityError:
        raise ValidationError(
            _("This note is already shared with that organisation under that agreement.")) from None


def grants_of(actor: Actor, interaction: Interaction):
    """The grants of one note, with their organisation and agreement (in force or not)."""
    return (visible(actor, InteractionGrant.objects.filter(content_object=interaction))
            .select_related("agreement", "group__partner__organisation", "granted_by")
            .order_by("group__partner__organisation__name", "pk"))


def revoke(grant: InteractionGrant) -> None:
    """Stop sharing: delete the grant (its history keeps who shared what, when)."""
    grant.delete()


def shared_with(actor: Actor):
    """The grants by which notes are shared individually with the actor's organisation under
    agreements active today, newest first: the "Shared with you individually" list. Empty for
    anyone but a partner professional. Never part of the main lists' query."""
    if actor.role != Role.PARTNER_PROFESSIONAL or not actor.organisation_id:
        return InteractionGrant.objects.none()
    today = timezone.localdate()
    return (
        InteractionGrant.objects.filter(
            agreement__municipality_id=actor.municipality_id,
            group__partner__organisation_id=actor.organisation_id,
            permission__codename=f"{Action.VIEW}_interaction",
            agreement__state=AgreementState.ACTIVE, agreement__starts_on__lte=today,
        )
        .exclude(agreement__ends_on__lt=today)
        .select_related("content_object__community", "agreement")
        .order_by("-content_object__occurred_on", "-pk")
    )
