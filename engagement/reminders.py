"""Reminders of the commitments the municipality made: underdelivering destroys trust, so a
promise that falls due is put in front of the person responsible before the community has to
ask (002 step 4 "never overpromise"; 001 "Reciprocity").

Rules:

- A commitment is due when it is open and ``due_on <= today + LINCHPIN_COMMITMENT_DUE_SOON_DAYS``
  (overdue ones included: ``CommitmentQuerySet.due_within``).
- Recipient: the commitment's owner when they are an active staff member of its municipality
  with an e-mail address, else every such coordinator of that municipality.
- One e-mail per recipient and municipality, listing only that municipality's commitments: what
  was promised, to whom, by when, a link. No community data (kind, ethnicity, faith) leaves the
  application this way.
- Once per commitment and due date: ``Commitment.reminded_for_due_on`` is claimed atomically
  (a conditional ``UPDATE`` that only one run can win) before sending. A changed due date makes
  the commitment due for a reminder again. When no e-mail carrying a commitment went out (SMTP
  error), its claim is released and the error re-raised, so the Celery task's retry sends it.
  A commitment counts as reminded once one of its recipients was sent it; a worker killed
  between claim and send loses that reminder rather than sending it twice.
"""

import logging
import smtplib
import socket
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django_scopes import scope, scopes_disabled

from coordinator.access import STAFF
from coordinator.models import Membership, Role

from .models import Commitment, CommitmentStatus

logger = logging.getLogger(__name__)

#: Errors of an e-mail delivery worth retrying (``smtplib.SMTPException`` and network errors).
MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, socket.gaierror)


@dataclass
class ReminderRun:
    """What one run did: ``emails`` sent, ``commitments`` reminded, ``errors`` (mail errors
    of the e-mails that did not go out; their commitments were released)."""

    emails: int = 0
    commitments: int = 0
    errors: list[Exception] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"emails": self.emails, "commitments": self.commitments, "errors": len(self.errors)}


def commitments_to_remind(today: date | None = None):
    """Open commitments due within ``LINCHPIN_COMMITMENT_DUE_SOON_DAYS`` days of ``today`` (or
    overdue) not yet reminded for their current due date, all municipalities."""
    return (
        Commitment.objects.due_within(settings.LINCHPIN_COMMITMENT_DUE_SOON_DAYS, today)
        .exclude(reminded_for_due_on=F("due_on"))
        .select_related("municipality")
        .order_by("municipality_id", "due_on", "pk")
    )


def send_commitment_reminders(today: date | None = None) -> ReminderRun:
    """Send the reminders due on ``today`` (default: the local date), one municipality at a time.

    Raises the first of :data:`MAIL_ERRORS` met, after every e-mail that could go out went
    out and the commitments of the others were released for the next try.
    """
    today = today or timezone.localdate()
    by_municipality = defaultdict(list)
    # The sweep finds what is due in every municipality at once; each municipality's
    # reminders are then sent inside its own scope.
    with scopes_disabled():
        for commitment in commitments_to_remind(today):
            by_municipality[commitment.municipality].append(commitment)

    run = ReminderRun()
    for municipality, commitments in by_municipality.items():
        with scope(municipality=municipality.pk):
            _remind_municipality(municipality, commitments, today, run)
    if run.errors:
        raise run.errors[0]
    return run


def recipients(municipality, commitments) -> dict:
    """``{user: [commitment, ...]}`` for ``commitments`` of ``municipality`` (see module rules).
    Commitments with nobody to tell are left out (and logged)."""
    members = (
        Membership.objects.filter(municipality=municipality, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    )
    staff = {m.user_id: m.user for m in members if m.role in STAFF}
    coordinators = [m.user for m in members if m.role == Role.COORDINATOR]
    plan = defaultdict(list)
    for commitment in commitments:
        owner = staff.get(commitment.owner_id)
        targets = [owner] if owner else coordinators
        if not targets:
            logger.warning("Commitment %s has no one to remind in its municipality", commitment.pk)
        for user in targets:
            plan[user].append(commitment)
    return plan


def _claim(commitment) -> bool:
    """Mark ``commitment`` reminded for its due date; False when another run already did, or
    it was closed or rescheduled meanwhile. Atomic: a single conditional UPDATE."""
    return (
        Commitment.objects.filter(
            pk=commitment.pk, status=CommitmentStatus.OPEN, due_on=commitment.due_on
        )
        .exclude(reminded_for_due_on=commitment.due_on)
        .update(reminded_for_due_on=commitment.due_on)
        == 1
    )


def _release(pks) -> None:
    """Undo the claims on ``pks`` (those still claimed for their current due date)."""
    if pks:
        Commitment.objects.filter(pk__in=pks, reminded_for_due_on=F("due_on")).update(
            reminded_for_due_on=None
        )


def _remind_municipality(municipality, commitments, today, run: ReminderRun) -> None:
    plan = recipients(municipality, commitments)
    to_claim = {c.pk: c for items in plan.values() for c in items}
    claimed = {pk for pk, commitment in to_claim.items() if _claim(commitment)}
    delivered = set()
    for user, items in plan.items():
        items = [c for c in items if c.pk in claimed]
        if not items:
            continue
        message = reminder_message(user, municipality, items, today)
        try:
            message.send()  # the default mailer (MAILERS["default"], from EMAIL_URL)
        except MAIL_ERRORS as exc:
            logger.warning(
                "Commitment reminder to user %s not sent (%s)", user.pk, type(exc).__name__
            )
            run.errors.append(exc)
            continue
        run.emails += 1
        delivered.update(c.pk for c in items)
    _release(claimed - delivered)
    run.commitments += len(delivered)


def _link(commitment) -> str:
    base = getattr(settings, "LINCHPIN_BASE_URL", "").rstrip("/")
    if not base:
        return ""
    try:
        return base + commitment.get_absolute_url()
    except NoReverseMatch:
        return ""


def reminder_message(user, municipality, commitments, today):
    """The e-mail to ``user`` about ``commitments`` (all of ``municipality``), in the site's
    language. Only plain values reach the templates, never model instances, so no community
    field can slip into an e-mail."""
    items = [
        {
            "description": c.description,
            "made_to": c.made_to,
            "due_on": c.due_on,
            "overdue": c.due_on < today,
            "url": _link(c),
        }
        for c in commitments
    ]
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": user.get_full_name() or user.get_username(),
            "municipality": municipality.name,
            "commitments": items,
            "overdue_count": sum(item["overdue"] for item in items),
            "days": settings.LINCHPIN_COMMITMENT_DUE_SOON_DAYS,
            "site_url": getattr(settings, "LINCHPIN_BASE_URL", ""),
        }
        subject = ngettext(
            "Linchpin: %(count)d commitment in %(municipality)s is due",
            "Linchpin: %(count)d commitments in %(municipality)s are due",
            len(items),
        ) % {"count": len(items), "municipality": municipality.name}
        text = render_to_string("engagement/emails/commitment_reminder.txt", context)
        html = render_to_string("engagement/emails/commitment_reminder.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message
