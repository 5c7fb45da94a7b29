"""Readable change history for detail pages, from django-simple-history records."""

from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import DeletedObject

from .retention import REDACTED


@dataclass
class HistoryRow:
    when: object
    who: str
    action: str
    changes: list = field(default_factory=list)  # [(field label, old, new)]
    reason: str = ""  # why, when the change was saved with one (simple_history's change reason)


_ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def history_rows(obj, limit: int = 20) -> list[HistoryRow]:
    """The last ``limit`` changes of ``obj``, newest first, with the fields each changed.

    Runs one query however long the history is (many-to-many changes are not diffed here)."""
    model = type(obj)
    records = list(obj.history.select_related("history_user")[: limit + 1])
    names = [
        f.name for f in model._meta.concrete_fields
        if f.editable and f.name != "id" and not f.many_to_many
    ]
    rows = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(
                previous, included_fields=names, foreign_keys_are_objs=True
            )
            for change in delta.changes:
                model_field = model._meta.get_field(change.field)
                changes.append(
                    (model_field.verbose_name, _display(model_field, change.old),
                     _display(model_field, change.new))
                )
        user = record.history_user
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "",
                action=_ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
                reason=_reason(record.history_change_reason),
            )
        )
    return rows


def _reason(stored: str | None) -> str:
    """A change reason in the reader's language: the application's own reasons are stored as
    their English message (``gettext_noop``) and translated here; a reason a user typed is
    shown as typed."""
    return gettext(stored) if stored else ""


def _display(model_field, value):
    if isinstance(value, DeletedObject):
        # simple_history's stand-in for a related record it cannot load: an empty foreign key
        # (pk None) is empty like any other field; a record deleted since is said so, in the
        # reader's language (its own text is "Deleted user (pk=3)", untranslated).
        return "—" if value.pk is None else _ACTIONS["-"]
    if value in (None, "", []):
        return "—"
    if value == REDACTED:
        # An erased value (coordinator.retention): history says it was removed, never what.
        return _("removed")
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value
