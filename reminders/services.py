"""What a user does with a reminder: snooze it until a day, or dismiss it with a reason; what a
municipal admin sets: the intervals before a relationship goes quiet. Each checks access again
(``require``) whatever view called it."""

from django.conf import settings
from django.db import transaction

from coordinator.access import Action, require

from .models import QuietIntervals, Reminder, ReminderState

#: The engagement levels a municipality sets an interval for, closest first.
QUIET_LEVELS = ("partnership", "collaboration", "dialogue")


def _locked(actor, reminder) -> Reminder:
    require(actor, reminder, Action.CHANGE)
    return Reminder.objects.select_for_update().get(pk=reminder.pk)


@transaction.atomic
def snooze(actor, reminder, until) -> Reminder:
    """Hide ``reminder`` until ``until`` (a date after today); the sweep of that day makes it
    due again and puts it in that day's e-mail."""
    reminder = _locked(actor, reminder)
    reminder.state, reminder.snoozed_until = ReminderState.SNOOZED, until
    reminder.save(update_fields=["state", "snoozed_until"])
    return reminder


@transaction.atomic
def dismiss(actor, reminder, reason: str) -> Reminder:
    """Close ``reminder`` for its period with ``reason``; the same thing comes back only in a
    later period (next week while overdue, next month while quiet)."""
    reminder = _locked(actor, reminder)
    reminder.state, reminder.dismiss_reason = ReminderState.DISMISSED, reason
    reminder.snoozed_until = None
    reminder.save(update_fields=["state", "dismiss_reason", "snoozed_until"])
    return reminder


def quiet_after_days(municipality_id: int) -> dict[str, int]:
    """Engagement level -> days without contact before a relationship of that level is going
    quiet in municipality ``municipality_id``: its own intervals where set, else
    ``LINCHPIN_QUIET_AFTER_DAYS``. One query."""
    days = dict(settings.LINCHPIN_QUIET_AFTER_DAYS)
    own = QuietIntervals.objects.filter(municipality_id=municipality_id).first()
    if own is not None:
        for level in QUIET_LEVELS:
            value = getattr(own, QuietIntervals.field_for(level))
            if value is not None:
                days[level] = value
    return days


@transaction.atomic
def save_quiet_intervals(actor, values: dict[str, int | None]) -> bool:
    """Set the actor's municipality's intervals: ``values`` maps a field of
    :class:`QuietIntervals` (``partnership_days``, ...) to days, or None for the default.
    Raises ``PermissionDenied`` unless the actor may change them (the municipal admin) and
    ``ValidationError`` for days out of bounds. Returns whether anything changed (the history
    keeps each change and who made it)."""
    intervals = (QuietIntervals.objects.select_for_update()
                 .filter(municipality_id=actor.municipality_id).first()
                 or QuietIntervals(municipality_id=actor.municipality_id))
    require(actor, intervals, Action.CHANGE)
    fields = [QuietIntervals.field_for(level) for level in QUIET_LEVELS]
    if intervals.pk and all(getattr(intervals, f) == values.get(f) for f in fields):
        return False
    if not intervals.pk and all(values.get(f) is None for f in fields):
        return False
    for name in fields:
        setattr(intervals, name, values.get(name))
    intervals.updated_by = actor.user
    intervals.full_clean(exclude=["municipality"])
    intervals._history_user = actor.user
    intervals.save()
    return True
