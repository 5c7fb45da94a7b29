"""Delivery of one digest: the outbox side of the reminders (issue 12 "Exactly once").

``deliver(digest_id)`` locks the digest row (``SELECT ... FOR UPDATE``), returns if it was
sent, renders the e-mail, hands it to the mail backend and marks the row sent in the same
transaction, after the backend accepted it. The task (:mod:`reminders.tasks`) acknowledges the
broker message only after it returned (``acks_late``) and is redelivered when its worker
dies (``reject_on_worker_lost``); SMTP and network errors retry with backoff.

What "exactly once" means toward the mail server: at least once, always with the same
``Message-ID`` (and ``X-Linchpin-Idempotency-Key``), derived from the digest's key. If a
worker dies after the server accepted the e-mail but before the commit, the redelivered task
sends it again with the same ``Message-ID``, which mail systems use to drop duplicates; the
digest row, marked sent once, is the record of what was delivered.

The body never carries special-category data or confidential content: the kinds, their
counts, due dates and links, and the names of the subjects only for kinds whose names are
safe to send (organisations, agreements: ``Kind.titles_in_email``).
"""

import logging
import smtplib
import socket
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django_scopes import scopes_disabled

from coordinator.languages import language_for
from coordinator.mail import language_headers, stable_message_id

from .models import Digest, DigestState, ReminderState
from .registry import KINDS

logger = logging.getLogger(__name__)

#: Errors of an e-mail delivery worth retrying (``smtplib.SMTPException`` and network errors).
MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, socket.gaierror)


def message_id(digest) -> str:
    """The ``Message-ID`` of ``digest``'s e-mail: the same at every attempt."""
    return stable_message_id(f"reminders.{digest.key}")


def deliver(digest_id: int) -> str:
    """Send digest ``digest_id`` unless it was sent: "sent", "empty" (nothing left due: marked
    sent without an e-mail), "already" or "missing". Raises :data:`MAIL_ERRORS` (nothing is
    marked; the task retries)."""
    # Out of scope on purpose: a task knows the digest by id only; the digest names its
    # municipality and every read below is of its own reminders.
    with scopes_disabled():
        Digest.objects.filter(pk=digest_id, state=DigestState.PENDING).update(
            attempts=F("attempts") + 1)
        with transaction.atomic():
            digest = (Digest.objects.select_for_update(of=("self",))
                      .select_related("recipient", "municipality").filter(pk=digest_id).first())
            if digest is None:
                return "missing"
            if digest.state == DigestState.SENT:
                return "already"
            items = list(digest.reminders.filter(state=ReminderState.DUE)
                         .prefetch_related("subject").order_by("kind", "due_on", "pk"))
            user = digest.recipient
            outcome = "empty"
            if items and user.is_active and user.email:
                build_message(digest, items).send()  # the default mailer (MAILERS)
                outcome = "sent"
            digest.state = DigestState.SENT
            digest.sent_at = timezone.now()
            digest.sent_count = len(items) if outcome == "sent" else 0
            digest.save(update_fields=["state", "sent_at", "sent_count"])
            return outcome


def _link(path: str) -> str:
    return settings.LINCHPIN_BASE_URL.rstrip("/") + path if settings.LINCHPIN_BASE_URL else ""


def _subject_link(reminder) -> str:
    try:
        return _link(reminder.subject.get_absolute_url()) if reminder.subject else ""
    except (AttributeError, NoReverseMatch):
        return ""


def build_message(digest, reminders) -> EmailMultiAlternatives:
    """The e-mail of ``digest`` listing ``reminders`` (due ones, sorted by kind). Only plain
    values reach the templates, never model instances."""
    user = digest.recipient
    # In the recipient's language (their own, else their municipality's): issue 12, "one
    # digest per user per day in their language".
    language = language_for(user, digest.municipality_id)
    with translation.override(language):
        sections = []
        for name, group in groupby(reminders, key=lambda r: r.kind):
            group = list(group)
            kind = KINDS.get(name)
            sections.append({
                "label": str(kind.label) if kind else name,
                "count": len(group),
                "items": [{"title": r.title if kind and kind.titles_in_email else "",
                           "due_on": r.due_on, "overdue": r.due_on < digest.day,
                           "url": _subject_link(r)} for r in group],
            })
        context = {
            "name": user.get_full_name() or user.get_username(),
            "municipality": digest.municipality.name,
            "sections": sections,
            "inbox_url": _link(reverse("reminders:inbox")),
        }
        subject = ngettext(
            "Linchpin: %(count)d reminder in %(municipality)s",
            "Linchpin: %(count)d reminders in %(municipality)s",
            len(reminders),
        ) % {"count": len(reminders), "municipality": digest.municipality.name}
        text = render_to_string("reminders/emails/digest.txt", context)
        html = render_to_string("reminders/emails/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[user.email],
        headers={"Message-ID": message_id(digest), "X-Linchpin-Idempotency-Key": digest.key,
                 **language_headers(language)},
    )
    message.attach_alternative(html, "text/html")
    return message
