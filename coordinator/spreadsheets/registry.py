"""The resources of the apps, registered by the apps themselves in ``AppConfig.ready()``.

``coordinator`` is the lowest layer: it offers the list pages (``ScopedListView``) their export
and the import pages their resources without importing a higher app. Each app declares one
``ScopedResource`` per model in ``<app>/resources.py`` and calls :func:`register_resource`."""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Entry:
    """One registered resource: ``key`` (the model's ``"app.model"`` label, or the name a list
    view asks for), the ``resource`` class and, when records of it may be imported, the
    ``import_slug`` of its import page (``/spreadsheets/import/<slug>/``)."""

    key: str
    resource: type
    import_slug: str | None = None

    @property
    def model(self):
        return self.resource._meta.model

    @property
    def verbose_name_plural(self) -> str:
        """The model's plural name, for templates (a template would call ``model``, a class,
        and read the name of an empty instance)."""
        return self.model._meta.verbose_name_plural


_entries: dict[str, Entry] = {}


def register_resource(key: str, resource: type, *, import_slug: str | None = None) -> None:
    """Register ``resource`` (a ``ScopedResource`` subclass) under ``key`` (``"app.model"``).
    ``import_slug`` makes the model importable under that URL slug. Registering the same again
    is a no-op (``ready()`` may run twice in tests); another resource under a taken key or slug
    raises ``ImproperlyConfigured``."""
    key = key.lower()
    entry = Entry(key, resource, import_slug)
    existing = _entries.get(key)
    if existing is not None:
        if existing.resource is resource:
            return
        raise ImproperlyConfigured(f"A spreadsheet resource is already registered for {key}.")
    if import_slug and any(e.import_slug == import_slug for e in _entries.values()):
        raise ImproperlyConfigured(f"The import slug {import_slug!r} is taken.")
    _entries[key] = entry


def entry_for(key: str | None) -> Entry | None:
    """The entry registered under ``key``, or None."""
    return _entries.get(key.lower()) if key else None


def entry_for_slug(slug: str) -> Entry | None:
    """The importable entry of ``slug``, or None."""
    return next((e for e in _entries.values() if e.import_slug and e.import_slug == slug), None)


def importable() -> list[Entry]:
    """The entries whose records may be imported, in the order they were registered."""
    return [e for e in _entries.values() if e.import_slug]
