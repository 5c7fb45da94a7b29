"""The subject-access export (GDPR Art. 15) of one person or organisation: everything Linchpin
holds that names them, as one JSON-ready dictionary (``collect``), rendered as a PDF for the
person and a machine-readable JSON file (``privacy.tasks``).

It holds:

- ``subject``: the record itself, every field, and ``history``: every version of it (what
  changed, when; not who on the staff changed it);
- ``records``: every record that names them through a link (an interaction they took part in,
  a concern they raised, an assessment of the organisation, a role in the action plan...),
  each with its fields and history; links to user accounts, the read-access log and exports
  are not records about them and are left out;
- ``earlier_links``: records whose history shows a link to them that is gone now;
- ``mentions``: records whose free text writes their name (``coordinator.retention``
  ``Rule.free_text``) without a link: another person of the same name may be meant;
- ``access_events``: from the read-access log, which partner organisation consulted their data
  (their record or a record naming them), when, and under which agreement (CJEU C-579/21:
  the data subject may learn the dates and purposes of consultation; the identity of the
  employees who consulted is not required, so it is left out; C-154/21: the recipients must be
  named, here the organisations).

The admin checks it for other people's data before sending it (Art. 15(4)).
"""

import datetime
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from coordinator.retention import REDACTED, base_label, base_model
from sharing import log
from sharing.models import AccessEvent

from .erasure import _history_models, history_model, history_references, mentions

#: Models that link to a subject without being a record about them.
NOT_ABOUT_THEM = frozenset({
    "coordinator.membership", "coordinator.invitation", "sharing.accessevent",
    "sharing.partnergroup", "privacy.privacyexport", "privacy.erasurerequest",
})
#: Fields never shown: internal bookkeeping.
HIDDEN = frozenset({"id", "municipality", "lock_version", "key", "token_hash",
                    "reminded_for_due_on"})


class _Names:
    """``str()`` of related records, read once each."""

    def __init__(self):
        self.cache = {}

    def of(self, model, pk):
        if pk is None:
            return ""
        key = (model, pk)
        if key not in self.cache:
            record = model._base_manager.filter(pk=pk).first()
            self.cache[key] = str(record) if record is not None else f"#{pk}"
        return self.cache[key]


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds") if timezone.is_aware(
            value) else value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value == REDACTED:
        return _("removed")
    return value


def _value(field, raw, names: _Names):
    if field.is_relation:
        return names.of(field.related_model, raw)
    if field.choices and raw not in (None, ""):
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, models.FileField):
        return str(getattr(raw, "name", raw) or "")
    return _plain(raw)


def fields_of(record, names: _Names) -> dict:
    """Field label -> shown value of every field of ``record`` that is not bookkeeping,
    many-to-many links included (as lists)."""
    result = {}
    for field in record._meta.concrete_fields:
        if field.name in HIDDEN:
            continue
        raw = getattr(record, field.attname)
        if raw in (None, "", [], {}):
            continue
        result[str(field.verbose_name)] = _value(field, raw, names)
    for field in record._meta.many_to_many:
        linked = [str(r) for r in getattr(record, field.name).all()]
        if linked:
            result[str(field.verbose_name)] = linked
    return result


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def history_of(record, names: _Names) -> list[dict]:
    """Every version of ``record``, oldest first: when, what happened, and the fields that
    changed from the version before (all filled fields for the first)."""
    history = history_model(type(record))
    if history is None:
        return []
    tracked = [f for f in history._meta.concrete_fields
               if f.name not in HIDDEN and not f.name.startswith("history_")]
    rows, previous = [], None
    for version in history.objects.filter(id=record.pk).order_by("history_date", "history_id"):
        values = {str(f.verbose_name): _value(f, getattr(version, f.attname), names)
                  for f in tracked}
        changed = {k: v for k, v in values.items()
                   if (previous is None and v not in (None, "", [], {}))
                   or (previous is not None and previous.get(k) != v)}
        rows.append({"when": _plain(version.history_date),
                     "action": _ACTIONS.get(version.history_type, version.history_type),
                     "values": changed})
        previous = values
    return rows


def _project_models():
    from django.conf import settings

    base = str(settings.BASE_DIR)
    for config in apps.get_app_configs():
        if str(config.path).startswith(base) and "site-packages" not in str(config.path):
            yield from config.get_models()


def _links(subject):
    """``(model, field)`` of every foreign key or many-to-many field of a project model that
    points at ``subject``'s model, history models and ``NOT_ABOUT_THEM`` left out."""
    target = type(subject)
    for model in _project_models():
        label = model._meta.label_lower
        if label in NOT_ABOUT_THEM or hasattr(model, "instance_type") or model is target:
            continue
        for field in (*model._meta.concrete_fields, *model._meta.many_to_many):
            if field.is_relation and field.related_model is target:
                yield model, field


def linked_records(subject):
    """``(record, link label)`` of every record that links to ``subject`` (see ``_links``)."""
    seen = set()
    for model, field in _links(subject):
        for record in model._base_manager.filter(**{field.name: subject}).order_by("pk"):
            if (model, record.pk) not in seen:
                seen.add((model, record.pk))
                yield record, str(field.verbose_name)


def linked_counts(subject) -> dict:
    """Model -> how many of its records link to ``subject`` (ids read, never whole rows)."""
    ids: dict = {}
    for model, field in _links(subject):
        ids.setdefault(model, set()).update(
            model._base_manager.filter(**{field.name: subject}).values_list("pk", flat=True))
    return {model: len(pks) for model, pks in ids.items() if pks}


def earlier_links(subject, current: set) -> list[dict]:
    """Records whose history links to ``subject`` and that do not link to it now: model,
    number, the link and when it was last seen."""
    found: dict[tuple, dict] = {}
    regular, _m2m = _history_models()
    for history, field, is_m2m in history_references(type(subject)):
        rows = history.objects.filter(**{field.attname: subject.pk})
        if is_m2m:
            pairs = rows.values_list("history__id", "history__history_date")
            owner = base_model(history)
        else:
            pairs = rows.values_list("id", "history_date")
            owner = history.instance_type
        if owner is type(subject) and history in regular:
            continue  # the subject's own history
        for pk, when in pairs:
            key = (owner, pk)
            if key in current:
                continue
            entry = found.setdefault(key, {
                "model": str(owner._meta.verbose_name), "id": pk,
                "link": str(field.verbose_name), "last_seen": when})
            entry["last_seen"] = max(entry["last_seen"], when)
    return [{**e, "last_seen": _plain(e["last_seen"])}
            for e in sorted(found.values(), key=lambda e: (e["model"], e["id"]))]


def access_events(municipality_id: int, records) -> list[dict]:
    """The read-access log's events that showed any of ``records`` (``(label, pk)`` pairs):
    when, which organisation, under which agreements, which record, the category."""
    events = AccessEvent._base_manager.filter(municipality_id=municipality_id)
    found = {}
    for label, pk in records:
        for event in log.for_record(events, label, pk).select_related("organisation"):
            entry = found.setdefault(event.pk, {"event": event, "records": []})
            entry["records"].append(f"{label} #{pk}")
    titles = log.agreement_titles([e["event"] for e in found.values()])
    rows = []
    for entry in sorted(found.values(), key=lambda e: (e["event"].at, e["event"].pk)):
        event = entry["event"]
        rows.append({
            "when": _plain(event.at),
            "organisation": str(event.organisation) if event.organisation else _("(removed)"),
            "agreements": [titles.get(pk, f"#{pk}") for pk in event.agreement_ids],
            "category": str(event.get_category_display()),
            "records": entry["records"],
        })
    return rows


def collect(subject) -> dict:
    """The whole export of ``subject`` (a ``networks.Person`` or ``networks.Organisation``) as
    a JSON-ready dictionary (see the module docstring). Call inside its municipality's scope
    or with scopes disabled."""
    names = _Names()
    records, current = [], {(type(subject), subject.pk)}
    for record, link in linked_records(subject):
        current.add((type(record), record.pk))
        records.append({
            "model": str(record._meta.verbose_name), "label": base_label(type(record)),
            "id": record.pk, "title": str(record), "link": link,
            "fields": fields_of(record, names), "history": history_of(record, names)})
    mentioned = []
    for model, record, fields in mentions(str(subject.name), subject.municipality_id):
        if (model, record.pk) in current:
            continue
        mentioned.append({
            "model": str(model._meta.verbose_name), "id": record.pk, "title": str(record),
            "fields": {str(model._meta.get_field(f).verbose_name): getattr(record, f)
                       for f in fields}})
    logged = [(subject._meta.label_lower, subject.pk)] + [(r["label"], r["id"]) for r in records]
    return {
        "generated_at": _plain(timezone.now()),
        "municipality": str(subject.municipality),
        "subject": {"kind": str(subject._meta.verbose_name), "id": subject.pk,
                    "name": str(subject), "fields": fields_of(subject, names),
                    "history": history_of(subject, names)},
        "records": records,
        "earlier_links": earlier_links(subject, current),
        "mentions": mentioned,
        "access_events": access_events(subject.municipality_id, logged),
    }


def _joined(values: dict) -> dict:
    return {k: ", ".join(str(i) for i in v) if isinstance(v, list) else v
            for k, v in values.items()}


def printable(data: dict) -> dict:
    """``data`` (from ``collect``) with list values written out, for the PDF."""
    def record(entry):
        return {**entry, "fields": _joined(entry.get("fields", {})),
                "history": [{**v, "values": _joined(v["values"])}
                            for v in entry.get("history", [])]}

    return {**data, "subject": record(data["subject"]),
            "records": [record(r) for r in data["records"]],
            "mentions": [record(m) for m in data["mentions"]]}
