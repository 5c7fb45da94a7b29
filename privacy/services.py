"""Data protection actions of the municipal admin: the retention periods and the exports. Each
checks the actor again (``require_user``), whatever view called it. Erasure on request:
``privacy.on_request``; the daily run: ``privacy.runs``."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from coordinator.access import Action, require_user
from coordinator.retention import CLASSES

from .models import ExportKind, PrivacyExport, RetentionSetting


def save_periods(municipality_id: int, by, days: dict[str, int]) -> list[str]:
    """Set the municipality's period of each configurable class in ``days`` (key -> days),
    validated against the class's limits (``ValidationError``); a period equal to the default
    removes the setting. Returns the keys that changed."""
    require_user(by, municipality_id, Action.CHANGE, "privacy.retentionsetting")
    changed = []
    with transaction.atomic():
        current = {s.retention_class: s for s in RetentionSetting.objects.filter(
            municipality_id=municipality_id)}
        for key, value in days.items():
            retention_class = CLASSES[key]
            retention_class.check(value)
            setting = current.get(key)
            if value == retention_class.default_days:
                if setting is not None:
                    setting.delete()
                    changed.append(key)
                continue
            if setting is None:
                RetentionSetting.objects.create(municipality_id=municipality_id,
                                                retention_class=key, days=value, updated_by=by)
                changed.append(key)
            elif setting.days != value:
                setting.days, setting.updated_by = value, by
                setting.save(update_fields=["days", "updated_by", "updated_at"])
                changed.append(key)
    return changed


def request_export(municipality_id: int, by, subject=None) -> PrivacyExport:
    """Queue a subject-access export of ``subject`` (a person or an organisation of the
    municipality), or the data map when ``subject`` is None: a pending ``PrivacyExport`` and,
    once the transaction commits, the Celery task ``render_export``."""
    from networks.models import Person

    from .tasks import render_export

    require_user(by, municipality_id, Action.ADD, "privacy.privacyexport")
    if subject is not None and subject.municipality_id != municipality_id:
        raise PermissionDenied
    if subject is None:
        export = PrivacyExport(kind=ExportKind.DATA_MAP)
    elif isinstance(subject, Person):
        export = PrivacyExport(kind=ExportKind.SUBJECT_ACCESS, person=subject)
    else:
        export = PrivacyExport(kind=ExportKind.SUBJECT_ACCESS, organisation=subject)
    export.municipality_id = municipality_id
    export.requested_by = by
    export.save()
    transaction.on_commit(lambda: render_export.delay(export.pk))
    return export
