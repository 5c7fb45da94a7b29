"""Meetings in the calendar coordinators already use: an ``.ics`` invitation per meeting and a
personal feed of a user's meetings and due commitments at a secret, revocable address.

The ``icalendar`` library is not installed, so a small writer of RFC 5545 does the little that
is needed: escaped text values (3.3.11), lines folded at 75 octets (3.1), CRLF line ends, UTC
date-times (3.3.5, form 2) and all-day dates (``VALUE=DATE``).

The feed's address carries only a random token (256 bits); only its SHA-256 is stored
(``CalendarFeed.token_hash``), as for invitation links (``coordinator.users.services``). The
feed shows titles, times, the name of the place and a link back: never notes, agendas,
attendance or the names of those invited, since calendar providers keep copies.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from coordinator.access import Action, Actor, require, visible
from engagement.models import Commitment

from .models import CalendarFeed, Meeting

PRODID = "-//Linchpin//Meetings and commitments//EN"
#: The window a feed covers, in days before and after today.
FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 366
#: At most this many meetings and this many commitments in one feed.
FEED_LIMIT = 500
#: A meeting without an end time lasts this long in a calendar.
DEFAULT_DURATION = datetime.timedelta(hours=2)


# --------------------------------------------------------------------------- RFC 5545


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line ends as
    ``\\n``; other control characters dropped."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(char for char in text if char >= " " or char == "\t")


def fold(line: str) -> str:
    """One content line folded at 75 octets (RFC 5545 3.1): continuation lines start with a
    space; a UTF-8 character is never split."""
    out, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        limit = 75 if not out else 74  # the leading space of a continuation counts
        if size + width > limit:
            out.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n ".join(out)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Event:
    """One VEVENT: ``start``/``end`` are aware datetimes, or dates for an all-day event (``end``
    exclusive)."""

    uid: str
    summary: str
    start: object
    end: object
    url: str = ""
    location: str = ""
    description: str = ""


def _when(name: str, value) -> str:
    if isinstance(value, datetime.datetime):
        return f"{name}:{utc(value)}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def calendar(events, name: str = "") -> str:
    """A VCALENDAR of ``events`` (``Event``), as text with CRLF line ends."""
    stamp = utc(timezone.now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp}",
                  _when("DTSTART", event.start), _when("DTEND", event.end),
                  f"SUMMARY:{escape(event.summary)}"]
        if event.location:
            lines.append(f"LOCATION:{escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


# --------------------------------------------------------------------------- events


def _uid(kind: str, pk: int) -> str:
    host = settings.LINCHPIN_BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "linchpin"
    return f"{kind}-{pk}@{host}"


def _link(path: str) -> str:
    return settings.LINCHPIN_BASE_URL.rstrip("/") + path


def meeting_event(meeting: Meeting, description: str = "") -> Event:
    """The event of one meeting: at its times in the site's time zone, or all day without a
    start time. The place is the safe space's name and address."""
    if meeting.starts_at is None:
        start, end = meeting.held_on, meeting.held_on + datetime.timedelta(days=1)
    else:
        zone = timezone.get_default_timezone()
        start = datetime.datetime.combine(meeting.held_on, meeting.starts_at, tzinfo=zone)
        end = (datetime.datetime.combine(meeting.held_on, meeting.ends_at, tzinfo=zone)
               if meeting.ends_at else start + DEFAULT_DURATION)
    space = meeting.safe_space
    location = f"{space.name}, {space.place}" if space is not None else ""
    return Event(uid=_uid("meeting", meeting.pk), summary=meeting.title, start=start, end=end,
                 url=_link(meeting.get_absolute_url()), location=location,
                 description=description)


def meeting_invitation(actor: Actor, meeting: Meeting) -> str:
    """The ``.ics`` of one meeting for ``actor`` (who may see it: ``require``), with the
    rationale and the agenda in its description, for those who take part."""
    require(actor, meeting, Action.VIEW)
    items = [item.title for item in visible(actor, meeting.agenda_items.all())]
    parts = [meeting.rationale.strip()] if meeting.rationale.strip() else []
    if items:
        parts.append("\n".join(f"{n}. {title}" for n, title in enumerate(items, start=1)))
    return calendar([meeting_event(meeting, "\n\n".join(parts))], name=meeting.title)


def commitment_event(commitment: Commitment) -> Event:
    return Event(uid=_uid("commitment", commitment.pk), summary=f"Due: {commitment}",
                 start=commitment.due_on, end=commitment.due_on + datetime.timedelta(days=1),
                 url=_link(commitment.get_absolute_url()))


def feed_records(actor: Actor, today: datetime.date | None = None) -> tuple[list, list]:
    """``(meetings, commitments)`` of the feed of ``actor``'s user: the meetings they organise
    and the open commitments they are responsible for, from ``FEED_PAST_DAYS`` ago to
    ``FEED_FUTURE_DAYS`` ahead (at most ``FEED_LIMIT`` of each), as the actor may see them
    (``visible()``). Two queries."""
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=FEED_PAST_DAYS)
    last = today + datetime.timedelta(days=FEED_FUTURE_DAYS)
    meetings = (visible(actor, Meeting.objects.filter(organiser=actor.user))
                .filter(held_on__gte=first, held_on__lte=last)
                .select_related("safe_space").order_by("held_on", "pk")[:FEED_LIMIT])
    commitments = (visible(actor, Commitment.objects.open().filter(owner=actor.user))
                   .filter(due_on__gte=first, due_on__lte=last)
                   .order_by("due_on", "pk")[:FEED_LIMIT])
    return list(meetings), list(commitments)


def feed_calendar(meetings, commitments, name: str = "") -> str:
    """The VCALENDAR of a feed's records (``feed_records``)."""
    return calendar([*(meeting_event(m) for m in meetings),
                     *(commitment_event(c) for c in commitments)], name=name)


# --------------------------------------------------------------------------- feed addresses


def hash_token(raw: str) -> str:
    """SHA-256 hex digest of a feed token: 256 random bits need no slow hash."""
    return hashlib.sha256(raw.encode()).hexdigest()


def current_feed(actor: Actor) -> CalendarFeed | None:
    """The actor's open feed in the current municipality, or None."""
    return (visible(actor, CalendarFeed.objects.filter(user=actor.user, revoked_at__isnull=True))
            .first())


def create_feed(actor: Actor) -> str:
    """Make a new feed address for the actor's user in the actor's municipality, revoking the
    open one (an address shown again would mean storing it). Returns the raw token, which is
    not stored: show it once. ``PermissionDenied`` without the right to a feed."""
    require(actor, CalendarFeed(user=actor.user, municipality_id=actor.municipality_id),
            Action.ADD)
    raw = secrets.token_urlsafe(32)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                revoke_feed(actor)
                CalendarFeed.objects.create(user=actor.user, municipality_id=actor.municipality_id,
                                            token_hash=hash_token(raw))
            return raw
        except IntegrityError:  # a second click made one meanwhile: revoke it and retry
            raw = secrets.token_urlsafe(32)
    raise IntegrityError("Could not make a calendar feed.")


def revoke_feed(actor: Actor) -> bool:
    """Revoke the actor's open feed; the address answers 404 from now on. True if one was
    open."""
    feed = current_feed(actor)
    if feed is None:
        return False
    require(actor, feed, Action.CHANGE)
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    return True


def feed_for_token(raw: str) -> CalendarFeed | None:
    """The open feed whose token is ``raw``, with its user, or None. Call with tenancy scopes
    disabled: the token alone says which municipality it belongs to."""
    if not isinstance(raw, str) or not 20 <= len(raw) <= 100:
        return None
    return (CalendarFeed.objects.select_related("user")
            .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
            .first())
