"""Reciprocity per community: what the municipality asked of a community against what it gave
back, the promises delivered and the concerns answered (002 step 4 "Dialogue and
collaboration": "never overpromise what you can deliver", "continue reciprocity"; 001
"Reciprocity and sustainability": "balancing the agendas of both communities and local
authorities").

``reciprocity(actor, community_ids, today=None) -> dict[int, Reciprocity]`` counts, for each
community, over the last 90 days and the last year (``WINDOWS``):

- **asks**: interactions with the community marked ``asked_of_community``, by ``occurred_on``;
- **promises delivered**: commitments to the community delivered, by ``closed_on``;
- **concerns raised** and, of those, **answered** (an answer date on or before today), by
  ``raised_on``, so that "answered 1 of 4" never gives more answers than concerns.

A window of ``days`` days covers ``today - days`` to ``today``, both included: a record exactly
90 days old counts in the 90-day window, one 91 days old does not. Records dated after today
(typing slips, imports) never count. Every count reaches the records through
``visible(actor, ...)``: one aggregate query per kind (three in all), however many communities
and windows are asked for.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coordinator.access import Actor, visible

from .models import Commitment, CommitmentStatus, Concern, Interaction

#: The windows counted, in days: "the last 90 days" and "the last year".
WINDOWS = (90, 365)


@dataclass(frozen=True)
class ReciprocityWindow:
    """The counts of one community over one window: ``days`` long, from ``since`` to the
    reciprocity's ``today`` (both included). All counts are ``int`` >= 0 and
    ``concerns_answered <= concerns_raised``."""

    days: int
    since: date
    asks: int = 0
    promises_delivered: int = 0
    concerns_raised: int = 0
    concerns_answered: int = 0

    @property
    def given_back(self) -> int:
        """Promises delivered plus concerns answered."""
        return self.promises_delivered + self.concerns_answered

    @property
    def one_sided(self) -> bool:
        """We asked more often than we delivered or answered (002: underdelivering harms the
        trust built up)."""
        return self.asks > self.given_back

    @property
    def period(self) -> str:
        """"In the last 90 days", "In the last year"."""
        if self.days == 365:
            return _("In the last year")
        return ngettext("In the last %(days)d day", "In the last %(days)d days",
                        self.days) % {"days": self.days}

    @property
    def sentence(self) -> str:
        """The counts in plain words: "In the last 90 days we asked 6 times, delivered 2
        promises and answered 1 of 4 concerns." """
        asked = ngettext("we asked once", "we asked %(n)d times", self.asks) % {"n": self.asks}
        if self.asks == 0:
            asked = _("we asked nothing")
        delivered = ngettext("delivered %(n)d promise", "delivered %(n)d promises",
                             self.promises_delivered) % {"n": self.promises_delivered}
        if self.concerns_raised == 0:
            answered = _("heard no new concern")
        else:
            answered = ngettext("answered %(answered)d of %(n)d concern",
                                "answered %(answered)d of %(n)d concerns",
                                self.concerns_raised) % {"answered": self.concerns_answered,
                                                         "n": self.concerns_raised}
        return _("%(period)s %(asked)s, %(delivered)s and %(answered)s.") % {
            "period": self.period, "asked": asked, "delivered": delivered, "answered": answered}


@dataclass(frozen=True)
class Reciprocity:
    """One community's reciprocity on ``today``: one ``ReciprocityWindow`` per entry of
    ``WINDOWS``, shortest first."""

    community_id: int
    today: date
    windows: tuple[ReciprocityWindow, ...]

    @property
    def is_empty(self) -> bool:
        """Nothing asked, delivered or raised in the longest window."""
        longest = self.windows[-1]
        return not (longest.asks or longest.promises_delivered or longest.concerns_raised)


def _per_window(queryset, date_field: str, community_ids, today, windows, extra=None) -> dict:
    """``{community_id: {name: count}}`` in one query: ``d<days>`` counts the rows dated in
    each window, ``<name>_d<days>`` each ``extra`` condition (``{name: Q}``) among them."""
    longest = today - timedelta(days=max(windows))
    rows = queryset.filter(community_id__in=community_ids,
                           **{f"{date_field}__gte": longest, f"{date_field}__lte": today})
    counts = {}
    for days in windows:
        in_window = Q(**{f"{date_field}__gte": today - timedelta(days=days)})
        counts[f"d{days}"] = Count("pk", filter=in_window)
        for name, condition in (extra or {}).items():
            counts[f"{name}_d{days}"] = Count("pk", filter=in_window & condition)
    found = rows.order_by().values("community_id").annotate(**counts)
    return {row.pop("community_id"): row for row in found}


def reciprocity(actor: Actor, community_ids: Iterable[int], today: date | None = None,
                windows: tuple[int, ...] = WINDOWS) -> dict[int, Reciprocity]:
    """``{community_id: Reciprocity}`` for each of ``community_ids`` (every id gets an entry,
    zeros when nothing is recorded or visible), on ``today`` (default: the local date), counted
    over ``windows`` (days). Only records ``actor`` may see count. Three queries."""
    ids = sorted(set(community_ids))
    today = today or timezone.localdate()
    if not ids:
        return {}
    asks = _per_window(visible(actor, Interaction.objects.filter(asked_of_community=True)),
                       "occurred_on", ids, today, windows)
    delivered = _per_window(
        visible(actor, Commitment.objects.filter(status=CommitmentStatus.DELIVERED)),
        "closed_on", ids, today, windows)
    concerns = _per_window(visible(actor, Concern.objects.all()), "raised_on", ids, today,
                           windows, extra={"answered": Q(answered_on__lte=today)})
    result = {}
    for community_id in ids:
        result[community_id] = Reciprocity(community_id, today, tuple(
            ReciprocityWindow(
                days=days, since=today - timedelta(days=days),
                asks=asks.get(community_id, {}).get(f"d{days}", 0),
                promises_delivered=delivered.get(community_id, {}).get(f"d{days}", 0),
                concerns_raised=concerns.get(community_id, {}).get(f"d{days}", 0),
                concerns_answered=concerns.get(community_id, {}).get(f"answered_d{days}", 0),
            ) for days in windows))
    return result


def reciprocity_for(actor: Actor, community, today: date | None = None) -> Reciprocity:
    """The ``Reciprocity`` of one community (a ``networks.Community``); three queries."""
    return reciprocity(actor, [community.pk], today)[community.pk]
