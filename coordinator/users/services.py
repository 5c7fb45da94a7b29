"""The rules of managing users, one function per change; views stay thin.

- :func:`invite` replaces any open invitation of the address and enqueues the e-mail
  (:func:`coordinator.tasks.send_invitation`) once the transaction commits: no e-mail is
  sent inside a request (coordinator/mail.py).
- :func:`send_invitation_email` (run by the task) draws the one-time token, stores only its
  SHA-256 and sends the link: the raw token exists only in the e-mail.
- :func:`accept` turns a pending invitation into a membership (a new account, a reactivated
  one, or an existing user's: one role per municipality).
- :func:`change_membership` and :func:`deactivate` keep at least one municipal admin
  (:func:`guard_last_admin`).

Every change goes to django-simple-history (``Membership.history``, ``Invitation.history``)
with the acting user.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope, scopes_disabled

from ..access import Action, can, visible
from ..languages import language_for_address
from ..mail import templated_message
from ..models import Invitation, Membership, Role, check_role_organisation

logger = logging.getLogger(__name__)


class UserAdminError(Exception):
    """A change refused by a rule; ``message`` is for the screen."""

    def __init__(self, message: str, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code


class InvitationUnusable(Exception):  # noqa: N818 (a state, not a fault)
    """The invitation cannot be accepted: ``reason`` is one of ``REASONS``."""

    #: "account": an active account has the address and must sign in to accept.
    REASONS = ("unknown", "accepted", "revoked", "expired", "member", "organisation", "account")

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def invitation_lifetime() -> datetime.timedelta:
    """How long a link works: ``LINCHPIN_INVITATION_HOURS`` (default 72 hours)."""
    return datetime.timedelta(hours=getattr(settings, "LINCHPIN_INVITATION_HOURS", 72))


def hash_token(raw: str) -> str:
    """SHA-256 hex digest of a link's token. The token has 256 random bits, so a plain,
    fast digest is enough: nobody can guess a token from its digest."""
    return hashlib.sha256(raw.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def is_member(municipality_id: int, email: str) -> bool:
    """Whether a user with ``email`` (any case) already holds a role in the municipality."""
    return Membership.objects.filter(municipality_id=municipality_id,
                                     user__email__iexact=normalise_email(email)).exists()


# --------------------------------------------------------------------------- invitations


def invite(actor, *, email: str, role: str, organisation=None) -> Invitation:
    """Invite ``email`` to the actor's municipality as ``role`` (with ``organisation`` for
    partner professionals and community representatives). An open invitation of the same
    address is revoked and replaced. The e-mail task is enqueued after commit; a broker
    failure is logged (the members page shows the invitation as not sent yet).

    Raises ``UserAdminError`` when the address is already a member, ``ValidationError``
    (key ``organisation``) when the organisation does not fit the role."""
    email = normalise_email(email)
    municipality_id = actor.municipality_id
    check_role_organisation(role, organisation, municipality_id)
    now = timezone.now()
    with transaction.atomic():
        if is_member(municipality_id, email):
            raise UserAdminError(_("This address already belongs to a member of this "
                                   "municipality."), code="member")
        for old in (Invitation.objects.select_for_update()
                    .filter(municipality_id=municipality_id, email=email).open()):
            old.revoked_at = now
            old._history_user = actor.user
            old.save(update_fields=["revoked_at"])
        invitation = Invitation(
            municipality_id=municipality_id, email=email, role=role, organisation=organisation,
            invited_by=actor.user, created_at=now, expires_at=now + invitation_lifetime(),
        )
        invitation._history_user = actor.user
        invitation.save()
        transaction.on_commit(lambda: _enqueue(invitation.pk, municipality_id))
    return invitation


def _enqueue(invitation_id: int, municipality_id: int) -> None:
    from ..tasks import send_invitation  # the tasks module imports this one

    try:
        send_invitation.delay(invitation_id, municipality_id)
    except Exception:  # the invitation stays, marked "not sent yet"; invite again to retry
        logger.exception("Invitation e-mail not enqueued")


def revoke(actor, invitation: Invitation) -> bool:
    """Withdraw an open invitation: its link stops working at once. Returns False when it
    was already accepted or withdrawn (nothing changes)."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at or locked.revoked_at:
            return False
        locked.revoked_at = timezone.now()
        locked._history_user = actor.user
        locked.save(update_fields=["revoked_at"])
    return True


def _link(raw_token: str) -> str:
    return (getattr(settings, "LINCHPIN_BASE_URL", "").rstrip("/")
            + reverse("invitation", args=[raw_token]))


def send_invitation_email(invitation_id: int, municipality_id: int) -> int:
    """Draw a new one-time token for the invitation, store its digest and e-mail the link.
    Returns 1 when sent, 0 when the invitation is gone or no longer pending. A mail error
    propagates (the task retries) and rolls the new digest back, so only a token that
    reached the mail server can ever work."""
    # A worker has no request: open the invitation's own municipality scope.
    with scope(municipality=municipality_id), transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
        if invitation is None or not invitation.is_pending:
            return 0
        raw = secrets.token_urlsafe(32)
        invitation.token_hash = hash_token(raw)
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "sent_at"])
        inviter = invitation.invited_by
        # In the invited account's language if it has one, else the municipality's default.
        language = language_for_address(invitation.email, invitation.municipality)
        with translation.override(language):
            context = {
                "municipality": invitation.municipality.name,
                "role": invitation.get_role_display(),
                "organisation": invitation.organisation.name if invitation.organisation else "",
                "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
                "link": _link(raw),
                "expires": formats.date_format(timezone.localtime(invitation.expires_at),
                                               "DATETIME_FORMAT"),
            }
        templated_message("invitation", context, invitation.email, language=language).send()
    return 1


def find_invitation(token_hash: str | None) -> Invitation | None:
    """The invitation whose token digest is ``token_hash``, in any municipality, or None."""
    if not token_hash:
        return None
    # The invitee has no membership yet, so the request's scope matches nothing; the digest
    # of a one-time token is the credential and names a single invitation.
    with scopes_disabled():
        return (Invitation.objects.select_related("municipality", "organisation")
                .filter(token_hash=token_hash).first())


def unusable_reason(invitation: Invitation | None) -> str | None:
    """Why ``invitation`` cannot be accepted ("unknown", "accepted", "revoked", "expired"),
    or None when it can."""
    if invitation is None:
        return "unknown"
    status = invitation.status
    return None if status == Invitation.Status.PENDING else str(status)


def account_for(email: str):
    """The user an invitation to ``email`` joins: the active one with that address (any
    case) first, else an inactive one, else None (a new account)."""
    return (get_user_model().objects.filter(email__iexact=normalise_email(email))
            .order_by("-is_active", "pk").first())


def _free_username(email: str) -> str:
    """The e-mail address as the user name, with a number added if it is taken."""
    User = get_user_model()  # noqa: N806
    base = email[:140]
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def accept(invitation: Invitation, *, user=None, first_name: str = "", last_name: str = "",
           password: str | None = None):
    """Accept a pending invitation and return the user who now holds the membership.

    ``user``: an existing, active account with the invited address, signed in (nothing else
    given). Otherwise ``password`` (already validated by the form) and the names create the
    account, or reactivate an inactive one with that address. Raises
    ``InvitationUnusable`` when the invitation is no longer pending, the user already holds a
    role in the municipality ("member"), or the organisation no longer fits ("organisation")."""
    with scope(municipality=invitation.municipality_id), transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        reason = unusable_reason(locked)
        if reason:
            raise InvitationUnusable(reason)
        try:
            check_role_organisation(locked.role, locked.organisation, locked.municipality_id)
        except ValidationError:
            raise InvitationUnusable("organisation") from None
        if user is None:
            user = account_for(locked.email)
            if user is not None and user.is_active:
                raise InvitationUnusable("account")  # it must sign in to accept
            if user is None:
                user = get_user_model()(username=_free_username(locked.email), email=locked.email)
            user.first_name, user.last_name = first_name, last_name
            user.is_active = True
            user.set_password(password)
            user.save()
        if Membership.objects.filter(user=user, municipality_id=locked.municipality_id).exists():
            raise InvitationUnusable("member")
        membership = Membership(user=user, municipality_id=locked.municipality_id,
                                role=locked.role, organisation=locked.organisation)
        membership._history_user = user
        membership.save()
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked._history_user = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
    return user


# --------------------------------------------------------------------------- members


def guard_last_admin(membership: Membership, *, lock: bool = True) -> None:
    """Raise ``UserAdminError`` when ``membership`` is the municipality's last municipal admin
    (of an active account): the municipality would have nobody left to manage its users.
    With ``lock`` (inside a transaction) the admins' memberships stay locked until it ends,
    so two admins cannot demote each other at the same moment; ``lock=False`` previews the
    answer for a confirmation page."""
    if membership.role != Role.MUNICIPAL_ADMIN:
        return
    admins = Membership.objects.select_for_update() if lock else Membership.objects.all()
    admins = list(admins
                  .filter(municipality_id=membership.municipality_id, role=Role.MUNICIPAL_ADMIN)
                  .exclude(pk=membership.pk).select_related("user"))
    if not any(admin.user.is_active for admin in admins):
        raise UserAdminError(
            _("%(name)s is the last municipal admin of this municipality. Make someone else "
              "municipal admin first, so that someone can still manage its users.")
            % {"name": membership.user.get_full_name() or membership.user.get_username()},
            code="last_admin",
        )


def change_membership(actor, membership: Membership, *, role: str, organisation=None):
    """Set the member's ``role`` and ``organisation``. Raises ``UserAdminError`` for the last
    municipal admin's demotion, ``ValidationError`` when the organisation does not fit."""
    check_role_organisation(role, organisation, membership.municipality_id)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related("user").get(
            pk=membership.pk)
        if role != Role.MUNICIPAL_ADMIN:
            guard_last_admin(locked)
        locked.role, locked.organisation = role, organisation
        locked._history_user = actor.user
        locked.save(update_fields=["role", "organisation"])
    return locked


def deactivate(actor, membership: Membership) -> bool:
    """End ``membership`` at once (the next request of that user no longer reaches the
    municipality) and, when it was the user's only membership, deactivate the account
    (``is_active=False``: signed out on the next request). Returns whether the account was
    deactivated. Raises ``UserAdminError`` for the last municipal admin."""
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related("user").get(
            pk=membership.pk)
        guard_last_admin(locked)
        user = locked.user
        locked._history_user = actor.user
        locked.delete()  # the history keeps the ended membership ("-" record)
        if Membership.objects.filter(user=user).exists():
            return False
        user.is_active = False
        user.save(update_fields=["is_active"])
    return True


def staff_without_authenticator(actor) -> tuple[int, int]:
    """``(without, staff)``: how many of the memberships of ``actor``'s municipality with a
    staff role (every role but community representative) belong to a user with no confirmed
    authenticator app, and how many there are. Through the access layer ("manage")."""
    has_app = Exists(TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True))
    counts = (visible(actor, Membership.objects.exclude(role=Role.COMMUNITY_REPRESENTATIVE),
                      Action.MANAGE)
              .annotate(has_app=has_app)
              .aggregate(staff=Count("pk"), without=Count("pk", filter=Q(has_app=False))))
    return counts["without"], counts["staff"]


def set_two_factor_requirement(actor, required: bool) -> bool:
    """Require (or stop requiring) two-step sign-in of all staff of ``actor``'s municipality;
    ``actor`` must manage its users. Returns whether it changed. Staff without an app are
    sent to set one up at their next page (coordinator/twofactor/middleware.py)."""
    if not can(actor, Action.MANAGE, Membership):
        raise UserAdminError(_("Only a municipal admin may change this."), code="forbidden")
    municipality = actor.municipality
    if municipality.require_two_factor == required:
        return False
    municipality.require_two_factor = required
    municipality.save(update_fields=["require_two_factor"])
    logger.info("Two-step sign-in for all staff of municipality %s set to %s by user %s",
                municipality.pk, required, actor.user.pk)
    return True
