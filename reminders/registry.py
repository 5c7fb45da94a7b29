"""The reminder kinds: each a function of one municipality's sweep that yields what is due.

A kind is registered with :func:`register` and called as ``kind(sweep)`` with a
:class:`Sweep` (the municipality, the day, its staff read once); it yields :class:`Due`
items. Kinds of apps not built yet (crisis check-ins, indicators of interventions) register
here the same way; each kind only reads, the sweep writes.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import cached_property


@dataclass(frozen=True)
class Due:
    """One thing due for one user: ``recipient_id`` (a user pk), ``subject`` (the record, or
    a ``(model class, pk)`` pair), ``due_on``, ``period`` (which occurrence: see
    ``Reminder.period``) and ``title`` (the inbox label, at most 200 characters)."""

    recipient_id: int
    subject: object
    due_on: date
    period: str
    title: str


@dataclass
class Sweep:
    """What a kind gets: ``municipality``, ``today`` and the municipality's active staff with an
    e-mail address (``roles``: user pk -> role), read once per sweep."""

    municipality: object
    today: date
    roles: dict[int, str] = field(default_factory=dict)

    @cached_property
    def coordinators(self) -> list[int]:
        from coordinator.models import Role

        return sorted(pk for pk, role in self.roles.items() if role == Role.COORDINATOR)

    def holders(self, roles) -> list[int]:
        """The staff holding one of ``roles``, in pk order."""
        return sorted(pk for pk, role in self.roles.items() if role in roles)

    def owner_or(self, user_id, fallback: list[int]) -> list[int]:
        """``[user_id]`` when that user is active staff here, else ``fallback``."""
        return [user_id] if user_id in self.roles else fallback


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  #: plural, for the inbox and the e-mail ("Commitments coming due")
    find: Callable[[Sweep], Iterable[Due]]
    #: may the e-mail name the subjects (organisation names, agreement titles)? Else it
    #: gives only the count, the due dates and links.
    titles_in_email: bool = False


KINDS: dict[str, Kind] = {}


def register(name: str, label, titles_in_email: bool = False):
    """Decorator: register ``find(sweep) -> Iterable[Due]`` as the kind ``name``."""

    def decorate(find):
        KINDS[name] = Kind(name, label, find, titles_in_email)
        return find

    return decorate


def iso_week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"
