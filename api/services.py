"""Making, revoking and checking personal API tokens.

A token is 256 random bits shown once to the user who makes it; only its SHA-256 is stored
(``ApiToken.token_hash``), as the calendar feed does (``dialogue.ical``): a fast hash is enough
for a random secret of that size, and it lets a request find its token with one indexed
lookup."""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coordinator.access import Action, Actor, can, get_for, visible
from coordinator.models import Membership

from .models import ApiToken

#: Every token starts with it, so a leaked one is recognised (secret scanners, logs).
PREFIX = "lp_"
#: ``last_used_at`` is written at most this often per token: not one UPDATE per request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    """The SHA-256 hex digest of ``raw``."""
    return hashlib.sha256(raw.encode()).hexdigest()


def tokens_of(actor: Actor) -> QuerySet:
    """The actor's own tokens in the current municipality that are not revoked, newest first
    (a token is its owner's alone: ``coordinator.policies``, ``api.apitoken``)."""
    return visible(actor, ApiToken.objects.filter(revoked_at__isnull=True))


def create_token(actor: Actor, name: str) -> tuple[ApiToken, str]:
    """Make a token named ``name`` for the actor's user in the actor's municipality, with the
    actor's role and organisation. Returns ``(token, raw)``: ``raw`` is not stored, show it
    once. ``PermissionDenied`` for an actor who may not hold one (community representatives:
    the portal has no API); ``ValidationError`` for an empty name."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter a name for the token.")})
    if actor.membership is None:
        raise PermissionDenied
    token = ApiToken(user=actor.user, municipality_id=actor.municipality_id, name=name,
                     role=actor.role, organisation_id=actor.organisation_id)
    if not can(actor, Action.ADD, token):
        raise PermissionDenied(_("Your role does not allow this."))
    raw = PREFIX + secrets.token_urlsafe(32)
    token.token_hash = hash_token(raw)
    token.full_clean(exclude=["token_hash", "municipality", "user", "organisation"])
    token.save()
    return token, raw


def revoke_token(actor: Actor, pk) -> ApiToken:
    """Revoke the actor's own token ``pk``; it is refused from the next request on. ``Http404``
    for a token that is not the actor's or is revoked already."""
    token = get_for(actor, ApiToken.objects.filter(revoked_at__isnull=True), pk, Action.CHANGE)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def token_for(raw: str) -> ApiToken | None:
    """The working token whose secret is ``raw``, with ``user`` and ``membership`` (the
    membership it acts through) set; None when there is none: unknown or revoked, the user
    inactive, or the user's membership of the token's municipality ended or no longer in the
    role and organisation the token was made with. Call with tenancy scopes disabled: the
    token alone says which municipality it belongs to. Two queries, and an UPDATE of
    ``last_used_at`` at most once a minute."""
    if not isinstance(raw, str) or not raw.startswith(PREFIX) or not 20 <= len(raw) <= 100:
        return None
    token = (ApiToken._base_manager.select_related("user")
             .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
             .first())
    if token is None:
        return None
    membership = (Membership.objects.select_related("municipality", "organisation")
                  .filter(user_id=token.user_id, municipality_id=token.municipality_id).first())
    if (membership is None or membership.role != token.role
            or membership.organisation_id != token.organisation_id):
        return None
    token.membership = membership
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken._base_manager.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
