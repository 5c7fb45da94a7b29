"""A municipality's change stamp: a number in the cache that moves whenever one of its records
is written, so that a page built from the municipality's records can be kept in the cache
under the stamp it was built with and is never read back once something has changed
(generational caching): the dashboard's panels and the menu (``coordinator.fragments``), the
list filters' form, and values worked out per record of a list page (:func:`per_record`).

Every ``save()``, ``delete()`` and many-to-many change of a model instance that has a
``municipality_id`` (and of a ``Municipality`` itself) moves the stamp of that municipality
once its transaction commits: a page built between the write and the commit reads the old
data under the old stamp, which no one asks for afterwards. Writes that send no signal
(``QuerySet.update()``, ``bulk_create()``, raw SQL) do not move it: a cached page built from
them is at most its time-to-live old, which is why a cache keyed on the stamp must also expire.
"""

import time
from collections.abc import Callable, Collection

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

#: Where a database connection keeps the municipalities whose move its transaction has queued.
QUEUED = "_linchpin_stamps_queued"

#: The stamp's key in the cache; never expires by itself (the cache may evict it: a missing
#: stamp starts again above every earlier one, so nothing cached under an older one is read).
KEY = "linchpin:municipality-stamp:{}"


def stamp(municipality_id: int) -> int:
    """The current stamp of the municipality ``municipality_id``: an ``int`` that differs from
    every stamp read before one of its records was written. One cache read; a missing stamp is
    created (with ``add``, so two requests at once agree on it)."""
    key = KEY.format(municipality_id)
    value = cache.get(key)
    if value is None:
        first = _new_stamp()
        cache.add(key, first, timeout=None)
        value = cache.get(key, first)  # a cache that keeps nothing: every stamp is new
    return int(value)


def mark_changed(municipality_id: int, using: str = "default") -> None:
    """Move the stamp of ``municipality_id`` once the current transaction on ``using``
    commits (at once outside a transaction). A transaction that writes a thousand records of
    one municipality moves it once."""
    connection = connections[using]
    if not connection.in_atomic_block:
        move_now(municipality_id)
        return
    # Django replaces its list of commit callbacks at every commit and (savepoint) rollback:
    # the set of municipalities already queued is valid as long as that list is the same one.
    queued_with = connection.__dict__.get(QUEUED)
    if queued_with is None or queued_with[0] is not connection.run_on_commit:
        queued_with = (connection.run_on_commit, set())
        connection.__dict__[QUEUED] = queued_with
    if municipality_id in queued_with[1]:
        return
    queued_with[1].add(municipality_id)
    transaction.on_commit(lambda: move_now(municipality_id), using=using, robust=True)


def move_now(municipality_id: int) -> None:
    """Move the stamp of ``municipality_id`` at once, whatever transaction is open (for
    :func:`mark_changed` at commit time, and benchmarks that measure a page after a change)."""
    key = KEY.format(municipality_id)
    try:
        cache.incr(key)
    except ValueError:  # no stamp yet, or evicted
        cache.add(key, _new_stamp(), timeout=None)


def per_record[V](municipality_id: int, name: str, ids: Collection[int],
                  compute: Callable[[list[int]], dict[int, V]]) -> dict[int, V]:
    """``compute(ids)``: a value derived from the records of ``municipality_id`` only, for each
    record id of ``ids`` (a list page's rows), kept in the cache per record under ``name``,
    the municipality's stamp and today's date for ``LINCHPIN_FRAGMENT_CACHE_SECONDS``.

    One cache read for the whole batch; ``compute`` is called once, with the ids not found, and
    must return ``{id: value}`` for each of them (a value of ``None`` is not kept). When the
    setting is 0 every value is computed. Only for values that depend on nothing but the
    municipality's records and the day (not on the user: the same value is read back for every
    user of the municipality)."""
    ids = list(dict.fromkeys(ids))
    seconds = settings.LINCHPIN_FRAGMENT_CACHE_SECONDS
    if seconds <= 0 or not ids:
        return compute(ids)
    prefix = (f"linchpin:{name}:{municipality_id}:{stamp(municipality_id)}:"
              f"{timezone.localdate().isoformat()}:")
    found = cache.get_many([f"{prefix}{pk}" for pk in ids])
    values = {pk: found[f"{prefix}{pk}"] for pk in ids if f"{prefix}{pk}" in found}
    missing = [pk for pk in ids if pk not in values]
    if missing:
        computed = compute(missing)
        cache.set_many({f"{prefix}{pk}": value for pk, value in computed.items()
                        if value is not None}, timeout=seconds)
        values.update(computed)
    return values


def _new_stamp() -> int:
    """A first stamp larger than any earlier one of the same key, even after the cache lost
    it (the clock in nanoseconds; later moves add 1)."""
    return time.time_ns()


def _municipality_of(instance) -> int | None:
    from .models import Municipality  # the models are loaded when a signal is sent

    if isinstance(instance, Municipality):
        return instance.pk
    return getattr(instance, "municipality_id", None)


def _written(sender, instance, **kwargs) -> None:
    municipality_id = _municipality_of(instance)
    if municipality_id is not None:
        mark_changed(municipality_id, using=kwargs.get("using")
                     or router.db_for_write(type(instance)))


def _relations_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _written(sender, instance, using=kwargs.get("using"))


def connect() -> None:
    """Connect the receivers to every model's signals (``CoordinatorConfig.ready``)."""
    post_save.connect(_written, dispatch_uid="linchpin_stamp_saved")
    post_delete.connect(_written, dispatch_uid="linchpin_stamp_deleted")
    m2m_changed.connect(_relations_changed, dispatch_uid="linchpin_stamp_relations")
