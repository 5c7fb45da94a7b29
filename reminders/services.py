"""What a user does with a reminder: snooze it until a day, or dismiss it with a reason. Both
check access again (``require_user``) whatever view called them."""

from django.db import transaction

from coordinator.access import Action, require

from .models import Reminder, ReminderState


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
