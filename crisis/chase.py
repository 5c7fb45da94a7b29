"""Chasing unanswered check-ins (issue 11: "an unanswered check-in is chased after a set number
of hours (Celery, by the responsible user)"), run by the task ``crisis.tasks.chase_check_ins``.

For every (incident, responsible user) with check-ins due (``services.due_for_chase``), in its
own transaction: the due rows are claimed (``SELECT ... FOR UPDATE SKIP LOCKED``: a second run
at the same moment skips them), one e-mail lists them, and only after the mail backend accepted
it are they marked chased (``chased_at``, ``chase_count + 1``) and the timeline told. So:

- nothing is marked unless its e-mail left: an SMTP error rolls the group back and is raised
  after the other groups were done, and the task retries with backoff (``MAIL_ERRORS``);
- nothing is sent twice: a chased check-in is not due again before another interval, and a
  run that finds its rows claimed by another sends nothing;
- a worker that dies between the send and the commit leaves the rows due; the redelivered task
  sends the same e-mail again with the same ``Message-ID`` (derived from the rows and their
  chase count), which mail systems use to drop the duplicate (as ``reminders.delivery``).

The e-mail names the organisations and key figures that have not answered, and nothing of what
anyone said: no answer, no community (a community's name can tell its faith or origin), no
title or description of the incident (free text), only its kind and day and a link.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from coordinator.access import Action, actor_for, can, visible
from coordinator.languages import language_for
from coordinator.mail import MAIL_ERRORS, stable_message_id, templated_message

from . import services
from .models import CheckIn, Incident

logger = logging.getLogger(__name__)


@dataclass
class ChaseResult:
    """What one run did: ``sent`` e-mails, ``chased`` check-ins, the ``failed`` groups
    ``(incident id, user id)`` whose e-mail could not be sent (left due, retried)."""

    sent: int = 0
    chased: int = 0
    failed: list[tuple[int, int]] = field(default_factory=list)


def due_groups(now: datetime.datetime) -> list[tuple[int, int, int]]:
    """``(municipality id, incident id, responsible user id)`` of every group with check-ins
    due, across municipalities (the run belongs to none)."""
    with scopes_disabled():
        return list(services.due_for_chase(now).filter(responsible__isnull=False)
                    .values_list("municipality_id", "incident_id", "responsible_id")
                    .distinct().order_by("municipality_id", "incident_id", "responsible_id"))


def chase_all(now: datetime.datetime | None = None) -> ChaseResult:
    """Chase every group due at ``now`` (default: now). Raises the first of ``MAIL_ERRORS``
    met, after every other group was done (those sent stay sent: a retry does not send them
    again)."""
    now = now or timezone.now()
    result = ChaseResult()
    first_error = None
    for municipality_id, incident_id, user_id in due_groups(now):
        try:
            chased = chase_group(municipality_id, incident_id, user_id, now)
        except MAIL_ERRORS as error:
            logger.warning("Chase of incident %s for user %s not sent (%s): retried",
                           incident_id, user_id, type(error).__name__)
            result.failed.append((incident_id, user_id))
            first_error = first_error or error
            continue
        if chased:
            result.sent += 1
            result.chased += chased
    if first_error is not None:
        raise first_error
    return result


def chase_group(municipality_id: int, incident_id: int, user_id: int,
                now: datetime.datetime) -> int:
    """E-mail user ``user_id`` the check-ins of incident ``incident_id`` that are due and they
    may see, and mark them chased; returns how many (0: nothing sent). Raises ``MAIL_ERRORS``
    with nothing marked."""
    from django.contrib.auth import get_user_model

    with scope(municipality=municipality_id):
        user = get_user_model().objects.filter(pk=user_id).first()
        actor = actor_for(user, municipality_id)
        incident = Incident.objects.filter(pk=incident_id).first()
        if incident is None or not user or not user.email or not can(actor, Action.VIEW,
                                                                     incident):
            # Nobody to tell (left, deactivated, no address, no longer allowed): the check-ins
            # stay due and show as unanswered on the incident page.
            logger.warning("Check-ins of incident %s due but user %s cannot be told",
                           incident_id, user_id)
            return 0
        with transaction.atomic():
            rows = list(
                visible(actor, services.due_for_chase(now).filter(
                    incident_id=incident_id, responsible_id=user_id))
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("organisation", "person").order_by("pk"))
            if not rows:
                return 0
            build_message(incident, user, rows).send()
            # An update, not save(): a chase is no edit of the answer, so it neither raises the
            # row's lock_version (an answer being typed is not refused) nor writes history.
            CheckIn.objects.filter(pk__in=[r.pk for r in rows]).update(
                chased_at=now, chase_count=F("chase_count") + 1)
            services.note(incident, None, _(
                "Reminder e-mailed to %(user)s: %(n)s check-ins unanswered after %(hours)s "
                "hours.") % {"user": user.get_full_name() or user.get_username(),
                             "n": len(rows), "hours": incident.chase_after_hours})
        return len(rows)


def message_key(incident_id: int, user_id: int, rows) -> str:
    """The idempotency key of one chase: the same rows at the same chase count give the same
    key, so every attempt to send one reminder carries one ``Message-ID``."""
    claimed = ",".join(f"{r.pk}.{r.chase_count}" for r in sorted(rows, key=lambda r: r.pk))
    digest = hashlib.sha256(claimed.encode()).hexdigest()[:20]
    return f"crisis.chase.{incident_id}.{user_id}.{digest}"


def _link(path: str) -> str:
    return settings.LINCHPIN_BASE_URL.rstrip("/") + path if settings.LINCHPIN_BASE_URL else path


def who(check_in: CheckIn) -> str:
    """The name the e-mail gives a check-in: its organisation's or key figure's, never its
    community's."""
    if check_in.organisation_id:
        return check_in.organisation.name
    if check_in.person_id:
        return check_in.person.name
    return _("a member of the network")


def build_message(incident: Incident, user, rows):
    """The reminder to ``user`` for ``rows`` (check-ins of ``incident``). Plain values only
    reach the templates."""
    key = message_key(incident.pk, user.pk, rows)
    language = language_for(user, incident.municipality_id)  # the recipient's
    with translation.override(language):
        context = {
            "name": user.get_full_name() or user.get_username(),
            "municipality": incident.municipality.name,
            "kind": str(incident.get_kind_display()).lower(),
            "day": formats.date_format(timezone.localtime(incident.occurred_at), "j F Y"),
            "hours": incident.chase_after_hours,
            "count": len(rows),
            "names": sorted((who(r) for r in rows), key=str.casefold),
            "url": _link(reverse("crisis:incident_detail", args=[incident.pk])),
        }
    message = templated_message("crisis_chase", context, user.email, language=language)
    message.extra_headers.update({"Message-ID": stable_message_id(key),
                                  "X-Linchpin-Idempotency-Key": key})
    return message
