"""The rules of information-sharing agreements (004 "Coordination & information sharing"; 000
lessons 4.1 and 5.2; the UK ICO Data Sharing Code). Views stay thin and call these functions.

Every change is made here, in ``transaction.atomic`` with the agreement row locked, and writes
a history row (django-simple-history) whose change reason names what happened. Errors meant for
the user are ``django.core.exceptions.ValidationError`` with a readable message (on a field
name where one applies); the caller's right to act is checked by the views through
``coordinator.access`` (``sharing.agreement``: municipal admins add, change and manage).

The state machine (``AgreementState``)::

    draft --activate--> active --suspend--> suspended --resume--> active
                        active|suspended --end--> ended   (final)

Access follows at query time (``sharing.grants``): activating opens the covered categories to
the partner professionals of the parties on the next request; suspending, ending or passing the
end date closes them on the next request, per-record grants included.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordinator.access import Action, Actor, InformationCategory, visible

from .models import Agreement, AgreementReview, AgreementState

#: States in which the agreement binds its parties, now or in the past (drafts do not).
BINDING_STATES = (AgreementState.ACTIVE, AgreementState.SUSPENDED, AgreementState.ENDED)
#: States in which the terms may still be edited: ending is final.
EDITABLE_STATES = (AgreementState.DRAFT, AgreementState.ACTIVE, AgreementState.SUSPENDED)
#: Transition name -> states it starts from.
TRANSITIONS = {
    "activate": (AgreementState.DRAFT,),
    "suspend": (AgreementState.ACTIVE,),
    "resume": (AgreementState.SUSPENDED,),
    "end": (AgreementState.ACTIVE, AgreementState.SUSPENDED),
}


# --------------------------------------------------------------------------- helpers


def _locked(agreement: Agreement) -> Agreement:
    """The agreement re-read with its row locked (two admins clicking at once act in turn)."""
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _save(agreement: Agreement, reason: str, by=None) -> Agreement:
    agreement.full_clean()
    agreement._change_reason = reason
    if by is not None:
        agreement._history_user = by
    agreement.save()
    return agreement


def _require_state(agreement: Agreement, transition: str) -> None:
    if agreement.state not in TRANSITIONS[transition]:
        raise ValidationError(
            _("This cannot be done while the agreement is %(state)s.")
            % {"state": agreement.get_state_display().lower()})


def may_transition(agreement: Agreement, transition: str) -> bool:
    """True when ``transition`` ("activate", "suspend", "resume", "end") starts from the
    agreement's state. ``KeyError`` for an unknown transition."""
    return agreement.state in TRANSITIONS[transition]


def missing_for_activation(agreement: Agreement, today: date | None = None, *,
                           check_sign_off: bool = True) -> list[str]:
    """What still keeps ``agreement`` from being activated (or resumed), as sentences for the
    user; empty when nothing does. The ICO code asks for a signed agreement with its parties and
    the information it covers; 004 asks for "which information will be shared".
    ``check_sign_off=False`` leaves out the sign-off (the activation page asks for it)."""
    today = today or timezone.localdate()
    missing = []
    if not agreement.parties.exists():
        missing.append(_("At least one partner organisation is a party."))
    if not agreement.categories:
        missing.append(_("At least one information category is covered."))
    if not agreement.starts_on:
        missing.append(_("A start date."))
    signed = agreement.signed_off_by and agreement.signed_off_role and agreement.signed_off_on
    if check_sign_off and not signed:
        missing.append(_("The sign-off: who signed it, in which role, and when."))
    if agreement.ends_on and agreement.ends_on < today:
        missing.append(_("An end date that has not passed."))
    return missing


# --------------------------------------------------------------------------- terms


def save_agreement(form, parties_formset, by) -> Agreement:
    """Save a validated ``AgreementForm`` (terms, categories, communities) and its validated
    ``PartyFormSet`` in one transaction, with history. A new agreement starts as a draft and
    records ``by`` as its author.

    Raises ``ValidationError`` when an ended agreement is edited (ending is final) or when no
    party would remain. Returns the saved agreement."""
    agreement = form.save(commit=False)
    created = agreement._state.adding
    if not created and Agreement.objects.filter(
            pk=agreement.pk, state=AgreementState.ENDED).exists():
        raise ValidationError(_("An ended agreement cannot be changed."))
    with transaction.atomic():
        if created:
            agreement.created_by = by
            agreement.state = AgreementState.DRAFT
        _save(agreement, _("Agreement created") if created else _("Terms changed"), by)
        form.save_m2m()
        parties_formset.instance = agreement
        for party_form in parties_formset.forms:
            party_form.instance._history_user = by
        parties_formset.save()
        if not agreement.parties.exists():
            # The formset counted its forms; this guards a race with another edit.
            raise ValidationError(_("Name at least one partner organisation."))
    return agreement


# --------------------------------------------------------------------------- transitions


def activate(agreement: Agreement, by, *, signed_off_by: str, signed_off_role: str,
             signed_off_on: date, today: date | None = None) -> Agreement:
    """draft -> active, recording the sign-off (who, role, when). From the next request the
    partner professionals of the parties see the covered categories (from ``starts_on``).

    Raises ``ValidationError`` when the agreement is not a draft, or lacks a party, a category,
    a start date or the sign-off, or its end date has passed (``missing_for_activation``)."""
    with transaction.atomic():
        agreement = _locked(agreement)
        _require_state(agreement, "activate")
        agreement.signed_off_by = signed_off_by.strip()
        agreement.signed_off_role = signed_off_role.strip()
        agreement.signed_off_on = signed_off_on
        missing = missing_for_activation(agreement, today)
        if missing:
            raise ValidationError([_("Before it can be activated:")] + missing)
        agreement.state = AgreementState.ACTIVE
        return _save(agreement, _("Activated"), by)


def suspend(agreement: Agreement, by, *, reason: str) -> Agreement:
    """active -> suspended: the partners lose access on the next request, per-record grants
    included; ``reason`` goes into the history. ``ValidationError`` from another state."""
    with transaction.atomic():
        agreement = _locked(agreement)
        _require_state(agreement, "suspend")
        agreement.state = AgreementState.SUSPENDED
        return _save(agreement, _("Suspended: %(reason)s") % {"reason": reason.strip()}, by)


def resume(agreement: Agreement, by, *, today: date | None = None) -> Agreement:
    """suspended -> active, under the same conditions as activation (``ValidationError``
    otherwise, e.g. when the end date passed while it was suspended)."""
    with transaction.atomic():
        agreement = _locked(agreement)
        _require_state(agreement, "resume")
        missing = missing_for_activation(agreement, today)
        if missing:
            raise ValidationError([_("Before it can be resumed:")] + missing)
        agreement.state = AgreementState.ACTIVE
        return _save(agreement, _("Resumed"), by)


def end(agreement: Agreement, by, *, reason: str, today: date | None = None) -> Agreement:
    """active or suspended -> ended, final: the partners lose access on the next request, and
    the end date becomes today unless it is already earlier (or the agreement never started).
    ``reason`` goes into the history. ``ValidationError`` from another state."""
    today = today or timezone.localdate()
    with transaction.atomic():
        agreement = _locked(agreement)
        _require_state(agreement, "end")
        agreement.state = AgreementState.ENDED
        if agreement.starts_on <= today and (agreement.ends_on is None
                                             or agreement.ends_on > today):
            agreement.ends_on = today
        return _save(agreement, _("Ended: %(reason)s") % {"reason": reason.strip()}, by)


# --------------------------------------------------------------------------- evaluation


def add_review(agreement: Agreement, by, *, reviewed_on: date, shared_on_time: str,
               handled_as_agreed: str, notes: str = "", follow_up: str = "",
               next_review_on: date | None = None) -> AgreementReview:
    """Record an evaluation of the sharing (004: "is the right information shared on time? Is
    the shared information handled according to the agreement?") and, when given, set the
    agreement's next review date.

    Raises ``ValidationError`` for a draft (nothing was shared yet), a review dated in the
    future, or a next review date not after the review."""
    if agreement.state == AgreementState.DRAFT:
        raise ValidationError(_("A draft has not been used yet: evaluate it once it is active."))
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("An evaluation cannot be dated in the future.")})
    if next_review_on is not None and next_review_on <= reviewed_on:
        raise ValidationError(
            {"next_review_on": _("The next review must come after this evaluation.")})
    with transaction.atomic():
        review = AgreementReview(
            agreement=agreement, reviewed_on=reviewed_on, shared_on_time=shared_on_time,
            handled_as_agreed=handled_as_agreed, notes=notes, follow_up=follow_up,
            reviewed_by=by)
        review.full_clean()
        review._history_user = by
        review.save()
        if next_review_on is not None:
            agreement = _locked(agreement)
            agreement.review_on = next_review_on
            _save(agreement, _("Next review set after an evaluation"), by)
    return review


def review_overdue(agreement: Agreement, today: date | None = None) -> bool:
    """True when an agreement still in use (active or suspended) has a review date before
    today."""
    today = today or timezone.localdate()
    return (agreement.state in (AgreementState.ACTIVE, AgreementState.SUSPENDED)
            and agreement.review_on is not None and agreement.review_on < today)


# --------------------------------------------------------------------------- partners


def agreements_binding(actor: Actor):
    """The agreements that bind the actor's organisation (active, suspended or ended; never
    drafts), through the access layer (``Action.VIEW_TERMS``, ``Policy.party``): empty for
    anyone who is not a partner professional with an organisation. Newest start first."""
    return (visible(actor, Agreement.objects.all(), Action.VIEW_TERMS)
            .filter(state__in=BINDING_STATES).order_by("-starts_on", "title", "pk"))


def category_labels(values) -> list[str]:
    """The labels of ``InformationCategory`` values, in the list's order."""
    labels = dict(InformationCategory.choices)
    return [str(labels.get(value, value)) for value in values]
