from .models import Reminder, ReminderState


def reminder_count(request) -> dict:
    """``reminder_count``: the signed-in staff member's due reminders in the current
    municipality, one ``COUNT`` on the inbox index, evaluated only when a template uses it."""
    actor = getattr(request, "actor", None)
    if actor is None or not actor.is_staff_member:
        return {}

    found = []

    def count():
        if not found:
            found.append(Reminder.objects.filter(municipality_id=actor.municipality_id,
                                       recipient_id=actor.user.pk,
                                       state=ReminderState.DUE).count())
        return found[0]

    return {"reminder_count": count}
