"""The erasure engine: delete or anonymise records so that nothing of them stays behind.

django-simple-history keeps a full copy of a record at every change (and one more when it is
deleted), so deleting the row alone leaves its personal data readable in the history panel and
the admin site. Here an erasure reaches:

- the record and everything Django's ``on_delete`` rules delete with it (``Collector``), and
  the links of the many-to-many tables (an interaction that named a person loses the link);
- the history rows of every deleted record (the deletion's own "-" row included) and their
  many-to-many history rows;
- history rows of *other* records that pointed at it: many-to-many history rows are deleted
  (the link is gone from history too), a foreign key in a history row is set to empty;
- files: every ``FileField`` of a deleted record (evidence files, PDF and JSON exports) is
  deleted from storage once the transaction commits (never before: a rollback keeps them);
- search: Linchpin has no separate search index, only trigram indexes on the tables themselves
  (``coordinator.search``), so a deleted or blanked row is gone from search at once.

The read-access log (``sharing.AccessEvent``) keeps the *numbers* of the records a partner saw
(never their content) until its own retention ends: it is the record of who consulted what
(CJEU C-579/21), which an erasure must not rewrite.

Counts go into a ``Tally`` per retention class (``coordinator.retention``); nothing here keeps
a name, a text or an id of what was erased.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import asdict, dataclass

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import F, Q
from django.db.models.deletion import Collector

from coordinator.concurrency import LOCK_FIELD, Versioned
from coordinator.policies import POLICIES
from coordinator.retention import REDACTED, RETENTION, base_label

#: Primary keys per statement (SQLite's limit on variables is far above; PostgreSQL's too).
BATCH = 500
#: A name shorter than this is not searched for in notes: too many false matches.
MIN_NAME_LENGTH = 3


@dataclass
class Tally:
    """What one erasure did within one retention class: ``records`` deleted, records
    ``anonymised``, ``history`` rows deleted or blanked, ``files`` deleted from storage,
    records ``kept`` because another record still needs them (``on_delete=PROTECT``)."""

    records: int = 0
    anonymised: int = 0
    history: int = 0
    files: int = 0
    kept: int = 0

    def __bool__(self):
        return any(asdict(self).values())


class Counts(defaultdict):
    """Retention class key -> ``Tally``; ``as_json()`` keeps the classes that did something."""

    def __init__(self):
        super().__init__(Tally)

    def of(self, model) -> Tally:
        rule = RETENTION.get(base_label(model))
        return self[rule.retention if rule else "other"]

    def as_json(self) -> dict:
        return {key: asdict(tally) for key, tally in sorted(self.items()) if tally}


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), BATCH):
        yield values[start:start + BATCH]


# --------------------------------------------------------------------------- history models


def history_model(model):
    """The django-simple-history model of ``model``, or None."""
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute).model if attribute else None


@functools.cache
def _history_models() -> tuple[tuple, tuple]:
    """``(regular, m2m)``: every history model, and every many-to-many history model."""
    regular, m2m = [], []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if "m2m_history_id" in names:
            m2m.append(model)
        elif "history_id" in names and hasattr(model, "instance_type"):
            regular.append(model)
    return tuple(regular), tuple(m2m)


def _m2m_history_of(history) -> list:
    """The many-to-many history models whose rows hang off ``history`` rows."""
    return [m for m in _history_models()[1] if m._meta.get_field("history").related_model is history]


@functools.cache
def history_references(model) -> tuple:
    """``(history model, field, is_m2m)`` for every foreign key of a history model (regular or
    many-to-many) that points at ``model``: where other records' history names it."""
    found = []
    regular, m2m = _history_models()
    for history in (*regular, *m2m):
        for field in history._meta.concrete_fields:
            if (field.is_relation and field.related_model is model
                    and field.name not in ("history", "history_user", "history_relation")):
                found.append((history, field, history in m2m))
    return tuple(found)


def _erase_history(model, pks) -> int:
    """Delete the history rows of the records ``pks`` of ``model`` with their many-to-many
    history rows, and remove ``model``'s records from other records' history. Returns rows."""
    rows = 0
    history = history_model(model)
    for batch in _chunks(pks):
        if history is not None:
            ids = list(history.objects.filter(id__in=batch).values_list("history_id", flat=True))
            for id_batch in _chunks(ids):
                for m2m in _m2m_history_of(history):
                    rows += m2m.objects.filter(history_id__in=id_batch).delete()[0]
                rows += history.objects.filter(history_id__in=id_batch).delete()[0]
        for other, field, is_m2m in history_references(model):
            rows_of = other.objects.filter(**{f"{field.attname}__in": batch})
            if is_m2m:
                rows += rows_of.delete()[0]
            else:
                rows += rows_of.update(**{field.attname: None})
    return rows


# --------------------------------------------------------------------------- delete


def _file_names(model, rows) -> list[tuple]:
    """``(storage, name)`` of the stored files of ``rows`` (instances) of ``model``."""
    found = []
    for field in model._meta.concrete_fields:
        if isinstance(field, models.FileField):
            for row in rows:
                name = getattr(row, field.attname)
                name = getattr(name, "name", name)
                if name:
                    found.append((field.storage, name))
    return found


def delete_records(records, counts: Counts) -> None:
    """Delete ``records`` (instances or a queryset, of any models) with the full reach described
    in the module docstring, adding to ``counts``. Raises ``ProtectedError`` (or
    ``RestrictedError``) before anything is deleted when a record another one protects is
    among them; call inside a transaction (a savepoint to carry on after it)."""
    records = list(records)
    if not records:
        return
    collector = Collector(using=DEFAULT_DB_ALIAS, origin=records[0])
    by_model = defaultdict(list)
    for record in records:  # Collector.collect() takes records of one model at a time
        by_model[type(record)].append(record)
    for group in by_model.values():
        collector.collect(group)
    doomed: dict[type, set] = defaultdict(set)
    files: dict[type, list] = defaultdict(list)
    for model, rows in collector.data.items():
        doomed[model].update(row.pk for row in rows)
        files[model] += _file_names(model, rows)
    for queryset in collector.fast_deletes:  # read before they go: their ids and files
        model = queryset.model
        if any(isinstance(f, models.FileField) for f in model._meta.concrete_fields):
            rows = list(queryset)
            files[model] += _file_names(model, rows)
            doomed[model].update(row.pk for row in rows)
        else:
            doomed[model].update(queryset.values_list("pk", flat=True))
    collector.delete()
    for model, pks in doomed.items():
        if model._meta.auto_created:
            # A link row: its trace in history goes with the records it linked (above).
            continue
        tally = counts.of(model)
        tally.records += len(pks)
        tally.history += _erase_history(model, pks)
    for model, found in files.items():
        counts.of(model).files += len(found)
        for storage, name in found:
            transaction.on_commit(functools.partial(storage.delete, name), robust=True)


def delete_each(queryset, counts: Counts) -> None:
    """Delete the records of ``queryset`` in batches; when a batch holds a protected record,
    delete its records one by one and count those kept (``Tally.kept``)."""
    from django.db.models import ProtectedError, RestrictedError

    model = queryset.model
    pks = list(queryset.values_list("pk", flat=True))
    for batch in _chunks(pks):
        try:
            with transaction.atomic():
                delete_records(model._base_manager.filter(pk__in=batch), counts)
        except (ProtectedError, RestrictedError):
            for pk in batch:
                try:
                    with transaction.atomic():
                        delete_records(model._base_manager.filter(pk=pk), counts)
                except (ProtectedError, RestrictedError):
                    counts.of(model).kept += 1


# --------------------------------------------------------------------------- anonymise


def _blank(field):
    if field.is_relation or field.null:
        return None
    if isinstance(field, models.JSONField):
        return field.get_default()
    return ""


def _redacted(field):
    """What an erased value becomes in a history row: ``REDACTED`` for text that can hold it."""
    if isinstance(field, models.CharField | models.TextField) and not field.choices and (
            field.max_length is None or field.max_length >= len(REDACTED)):
        return REDACTED
    return _blank(field)


def anonymise(model, pks, fields, counts: Counts) -> None:
    """Blank ``fields`` of the records ``pks`` of ``model`` and replace them by ``REDACTED`` in
    every history row of those records (history shows that a value was removed, not what it
    was). The edit version goes up, so a form opened before cannot write the value back."""
    pks = list(pks)
    live = {name: _blank(model._meta.get_field(name)) for name in fields}
    if issubclass(model, Versioned):
        live[LOCK_FIELD] = F(LOCK_FIELD) + 1
    history = history_model(model)
    tally = counts.of(model)
    for batch in _chunks(pks):
        tally.anonymised += model._base_manager.filter(pk__in=batch).update(**live)
        if history is not None:
            tally.history += history.objects.filter(id__in=batch).update(
                **{name: _redacted(model._meta.get_field(name)) for name in fields})


def redact_superseded(instance, fields) -> int:
    """Replace by ``REDACTED`` every value of ``fields`` in the history rows of ``instance``
    that is neither its current value nor empty: a special-category value that was cleared or
    changed is not kept in history (GDPR Art. 5(1)(c), 9). One UPDATE per field. Returns the
    number of history rows changed."""
    history = history_model(type(instance))
    if history is None or instance.pk is None:
        return 0
    changed = 0
    for name in fields:
        current = getattr(instance, name)
        changed += (history.objects.filter(id=instance.pk)
                    .exclude(**{name: current}).exclude(**{name: ""}).exclude(**{name: REDACTED})
                    .update(**{name: REDACTED}))
    return changed


# --------------------------------------------------------------------------- names in notes


def name_pattern(name: str):
    """A case-insensitive pattern of ``name`` as a whole word sequence, or None when ``name``
    is too short to search for."""
    name = " ".join(name.split())
    if len(name) < MIN_NAME_LENGTH:
        return None
    words = r"\s+".join(re.escape(word) for word in name.split(" "))
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def free_text_models():
    """``(model, rule)`` of every installed model whose rule names free-text fields."""
    for label, rule in RETENTION.items():
        if rule.free_text:
            try:
                yield apps.get_model(label), rule
            except LookupError:  # an app that is not installed
                continue


def mentions(name: str, municipality_id: int):
    """``(model, record, [field names])`` of the records of the municipality whose free text
    (``Rule.free_text``) names ``name``: a database filter (contains, any case) confirmed by
    ``name_pattern`` (a whole word sequence)."""
    pattern = name_pattern(name)
    if pattern is None:
        return
    longest = max(name.split(), key=len)
    for model, rule in free_text_models():
        lookup = POLICIES[model._meta.label_lower].municipality
        condition = Q()
        for field in rule.free_text:
            condition |= Q(**{f"{field}__icontains": longest})
        rows = model._base_manager.filter(condition, **{lookup: municipality_id}).order_by("pk")
        for row in rows.iterator(chunk_size=BATCH):
            fields = [f for f in rule.free_text if pattern.search(getattr(row, f) or "")]
            if fields:
                yield model, row, fields


def redact_name(name: str, municipality_id: int, counts: Counts, exclude=()) -> None:
    """Replace ``name`` by ``REDACTED`` in the free text of the municipality's records and in
    those records' history rows (``exclude``: ``(model, pk)`` pairs left alone)."""
    pattern = name_pattern(name)
    if pattern is None:
        return
    excluded = set(exclude)
    found = [(model, row, fields) for model, row, fields in mentions(name, municipality_id)
             if (model, row.pk) not in excluded]
    for model, row, fields in found:
        values = {f: pattern.sub(REDACTED, getattr(row, f)) for f in fields}
        if issubclass(model, Versioned):
            values[LOCK_FIELD] = F(LOCK_FIELD) + 1
        tally = counts.of(model)
        tally.anonymised += model._base_manager.filter(pk=row.pk).update(**values)
        history = history_model(model)
        if history is None:
            continue
        for old in history.objects.filter(id=row.pk):
            new = {f: pattern.sub(REDACTED, getattr(old, f) or "") for f in fields}
            if any(new[f] != (getattr(old, f) or "") for f in new):
                history.objects.filter(history_id=old.history_id).update(**new)
                tally.history += 1
