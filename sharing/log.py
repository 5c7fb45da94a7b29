"""The read-access log: writing it (the recorder ``coordinator.access`` calls), reading it per
agreement and per record, exporting it, and purging it after the agreements' retention.

Issue 7 "Enforcement": every response that shows shared records to a partner professional
writes one access event, one INSERT per request; the municipal admin reads it per agreement and
per record ("who saw this record, when, and why": CJEU C-579/21, the data subject's right to
know who consulted their data and when) and exports it as CSV. Nothing here edits or deletes an
event except ``purge``, run by ``manage.py purge_access_events``.

Per-record look-ups test membership in a JSON list: ``object_ids @> [pk]`` on PostgreSQL (GIN
index, migration 0002), ``EXISTS (SELECT 1 FROM json_each(object_ids) WHERE value = pk)`` on
SQLite, whose Django backend has no ``contains`` on JSON fields.
"""

from __future__ import annotations

import csv
import datetime
import functools
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import FormMixin
from django.views.generic.list import MultipleObjectMixin

from coordinator.access import AccessRecord

from .models import AccessEvent, Agreement

#: Labels of the records whose log can be read per record, with the page "Who saw this".
LOGGED_MODELS = (
    "networks.community", "networks.organisation", "networks.person",
    "engagement.interaction", "engagement.commitment",
    "actionplans.actionplan", "actionplans.actionplanversion",
)
#: Retention (days) of an event none of whose agreements exists any more: the model default.
DEFAULT_RETENTION_DAYS = Agreement._meta.get_field("access_log_retention_days").default
PURGE_BATCH = 2000


def write_events(records: list[AccessRecord]) -> None:
    """The recorder registered with ``coordinator.access``: one ``AccessEvent`` per record (one
    per model shown), all in one INSERT."""
    now = timezone.now()
    AccessEvent._base_manager.bulk_create([
        AccessEvent(municipality_id=r.municipality_id, at=now, user_id=r.user_id,
                    organisation_id=r.organisation_id, agreement_ids=list(r.agreement_ids),
                    view=r.view[:120], category=r.category, model=r.model,
                    object_ids=list(r.object_ids))
        for r in records
    ])


def _json_list_contains(queryset: models.QuerySet, field: str, value: int) -> models.QuerySet:
    """Events whose JSON list ``field`` holds the integer ``value``."""
    if connection.vendor == "sqlite":
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        column = connection.ops.quote_name(field)
        return queryset.filter(RawSQL(
            f"EXISTS (SELECT 1 FROM json_each({table}.{column}) WHERE json_each.value = %s)",
            [int(value)], output_field=models.BooleanField()))
    return queryset.filter(**{f"{field}__contains": [int(value)]})


def for_agreement(queryset: models.QuerySet, agreement_id: int) -> models.QuerySet:
    """What partners saw under agreement ``agreement_id``."""
    return _json_list_contains(queryset, "agreement_ids", agreement_id)


def for_record(queryset: models.QuerySet, label: str, pk: int) -> models.QuerySet:
    """Who saw the record ``pk`` of the model ``label`` ("app.model")."""
    return _json_list_contains(queryset.filter(model=label), "object_ids", pk)


def agreement_titles(events: Iterable[AccessEvent]) -> dict[int, str]:
    """``{agreement id: title}`` for the agreements the ``events`` name; one query. An agreement
    deleted since keeps its id in the log and is shown by number."""
    ids = {pk for event in events for pk in event.agreement_ids}
    if not ids:
        return {}
    return dict(Agreement.objects.filter(pk__in=ids).values_list("pk", "title"))


#: The pages that show shared records and are neither a list nor the page of one record, by
#: URL name, as the log names them to a reader.
PAGES = {
    "dashboard": gettext_lazy("Dashboard"),
    "record_search": gettext_lazy("Search for a record"),
    "sociogram:graph": gettext_lazy("Sociogram"),
    "sociogram:payload": gettext_lazy("Sociogram"),
    "sociogram:graphml": gettext_lazy("Sociogram (GraphML download)"),
    "dialogue:network_overview": gettext_lazy("Building the network"),
    "dialogue:calendar_feed_ics": gettext_lazy("Calendar feed"),
    "dialogue:meeting_ics": gettext_lazy("Meeting (calendar file)"),
    "sharing_grants:shared_with_you": gettext_lazy("Shared with you individually"),
    "api:api-root": gettext_lazy("API"),
}


@functools.cache
def _views() -> dict[str, type]:
    """``{URL name ("namespace:name"): view class}`` of the site's URLconf."""
    found = {}

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns,
                     f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif pattern.name:
                callback = pattern.callback
                view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
                if view is not None:
                    found.setdefault(namespace + pattern.name, view)

    walk(get_resolver().url_patterns)
    return found


def _model_of(view: type) -> type[models.Model] | None:
    model = getattr(view, "model", None)
    if model is None and getattr(view, "queryset", None) is not None:
        model = view.queryset.model
    return model if isinstance(model, type) and issubclass(model, models.Model) else None


def _model_named(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def page_name(view_name: str, model_label: str = "") -> str:
    """The page an event was written by (its URL name, such as ``interaction_list``), as a
    reader names it, in their language: "Interactions: list", "Community: record page", "Interaction: form",
    "API – Interactions: list", "Dashboard". A page this does not know is named by the records
    it showed ("Interactions"), else by its URL name."""
    if view_name in PAGES:
        return str(PAGES[view_name])
    view = _views().get(view_name)
    model = _model_of(view) if view is not None else None
    if model is not None:
        api = view_name.startswith("api:")
        if view_name.endswith("-list") or (not api and issubclass(view, MultipleObjectMixin)):
            name = _("%(records)s: list") % {
                "records": capfirst(model._meta.verbose_name_plural)}
        elif not api and issubclass(view, FormMixin):
            name = _("%(record)s: form") % {"record": capfirst(model._meta.verbose_name)}
        elif view_name.endswith("-detail") or (not api and issubclass(view, SingleObjectMixin)):
            name = _("%(record)s: record page") % {"record": capfirst(model._meta.verbose_name)}
        else:
            name = str(capfirst(model._meta.verbose_name_plural))
        return _("API – %(page)s") % {"page": name} if api else name
    shown = _model_named(model_label)
    if shown is not None:
        return str(capfirst(shown._meta.verbose_name_plural))
    return view_name


def records_name(model_label: str, plural: bool = True) -> str:
    """The kind of records an event showed (``engagement.interaction``), in the reader's
    language: "Interactions" (``plural``) or "interaction"; else the label as stored."""
    model = _model_named(model_label)
    if model is None:
        return model_label
    return str(capfirst(model._meta.verbose_name_plural) if plural else model._meta.verbose_name)


CSV_HEADER = ("when", "user", "organisation", "agreements", "page", "information category",
              "model", "records shown")


def csv_rows(queryset: models.QuerySet) -> Iterator[str]:
    """The CSV lines of ``queryset`` (events), header first, streamed in chunks. The queryset
    must have been built inside the request's municipality scope: its filter is fixed then, so
    the response may be consumed after the view returned."""

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())
    yield writer.writerow([_(h) for h in CSV_HEADER])
    events = queryset.select_related("user", "organisation").order_by("-at", "-pk")
    titles: dict[int, str] = {}
    chunk: list[AccessEvent] = []

    def emit(batch):
        missing = [e for e in batch if any(pk not in titles for pk in e.agreement_ids)]
        titles.update(agreement_titles(missing))
        for event in batch:
            yield writer.writerow([
                timezone.localtime(event.at).isoformat(timespec="seconds"),
                event.user.get_username() if event.user else "",
                str(event.organisation or ""),
                "; ".join(titles.get(pk, f"#{pk}") for pk in event.agreement_ids),
                event.view, event.get_category_display(), event.model,
                " ".join(str(pk) for pk in event.object_ids),
            ])

    for event in events.iterator(chunk_size=PURGE_BATCH):
        chunk.append(event)
        if len(chunk) >= PURGE_BATCH:
            yield from emit(chunk)
            chunk = []
    yield from emit(chunk)


def purge(now: datetime.datetime | None = None, municipality_id: int | None = None) -> int:
    """Delete the events older than their agreements' ``access_log_retention_days`` (an event
    under several agreements: the longest; under none that still exists: 730 days). Runs over
    every municipality (the caller leaves the scopes), or over ``municipality_id`` only (the
    daily retention run, ``privacy.runs``). Returns the number deleted.

    Only events older than the shortest retention of all are read, in batches of ids."""
    now = now or timezone.now()
    agreements = Agreement._base_manager.all()
    events = AccessEvent._base_manager.all()
    if municipality_id is not None:
        agreements = agreements.filter(municipality_id=municipality_id)
        events = events.filter(municipality_id=municipality_id)
    retention = dict(agreements.values_list("pk", "access_log_retention_days"))
    shortest = min([*retention.values(), DEFAULT_RETENTION_DAYS])
    candidates = (events.filter(at__lt=now - datetime.timedelta(days=shortest))
                  .values_list("pk", "at", "agreement_ids"))
    doomed: list[int] = []
    for pk, at, agreement_ids in candidates.iterator(chunk_size=PURGE_BATCH):
        kept_for = max((retention[a] for a in agreement_ids if a in retention),
                       default=DEFAULT_RETENTION_DAYS)
        if at < now - datetime.timedelta(days=kept_for):
            doomed.append(pk)
    # Deleted after the read (never under an open cursor), in batches of ids.
    deleted = 0
    for start in range(0, len(doomed), PURGE_BATCH):
        batch = doomed[start:start + PURGE_BATCH]
        deleted += AccessEvent._base_manager.filter(pk__in=batch).delete()[0]
    return deleted
