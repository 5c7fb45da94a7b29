"""The retention run: apply ``coordinator.retention.RETENTION`` to one municipality.

For every rule of method ``DELETE`` or ``ANONYMISE`` whose class has a period, the records of
the municipality matching the rule's ``when`` whose ``anchor`` date is older than the period
(the municipality's ``RetentionSetting`` or the class default) are deleted or anonymised with
the reach of ``privacy.erasure``; the read-access log is purged under its agreements' periods
(``sharing.log.purge``). Everything happens in one transaction; the run then writes an
``ErasureRun`` with the counts per class (never content). A run that fails is rolled back and
recorded as failed with the error's type only.

Idempotent: what a run erased is gone (or blank) for the next one, which finds nothing more
until another record's period is up. Records another record still protects (an assessment
concluded by a memorandum that is still current) are kept and counted as ``kept``.
"""

import datetime
import logging
from functools import reduce
from operator import or_

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coordinator.policies import POLICIES
from coordinator.retention import CLASSES, RETENTION, Method

from .erasure import Counts, anonymise, delete_each
from .models import ErasureRun, RetentionSetting, RunStatus

logger = logging.getLogger(__name__)


def periods(municipality_id: int) -> dict[str, int]:
    """Retention class key -> days for the municipality: its settings over the defaults (only
    classes with a period)."""
    days = {key: c.default_days for key, c in CLASSES.items() if c.has_period}
    settings = RetentionSetting._base_manager.filter(municipality_id=municipality_id)
    for key, value in settings.values_list("retention_class", "days"):
        if key in days and CLASSES[key].configurable:
            days[key] = value
    return days


def expired(label: str, municipality_id: int, days: int, today: datetime.date):
    """The records of model ``label`` of the municipality past their period under the rule."""
    rule = RETENTION[label]
    model = apps.get_model(label)
    queryset = model._base_manager.filter(**{POLICIES[label].municipality: municipality_id})
    if rule.when is not None:
        queryset = queryset.filter(rule.when)
    if rule.method == Method.ANONYMISE:
        # Only records that still hold something to erase: a second run finds nothing.
        queryset = queryset.filter(reduce(or_, [~Q(**{name: ""}) for name in rule.erase_fields]))
    anchor = rule.anchor
    cutoff = today - datetime.timedelta(days=days)
    if isinstance(anchor, str):
        return queryset.filter(**{f"{anchor}__lt": cutoff})
    return queryset.annotate(retention_anchor=anchor).filter(retention_anchor__lt=cutoff)


def erase_expired(municipality_id: int, today: datetime.date | None = None) -> Counts:
    """Delete or anonymise what is past its period in the municipality; returns the counts.
    Call inside a transaction."""
    from sharing import log

    today = today or timezone.localdate()
    days = periods(municipality_id)
    counts = Counts()
    for label, rule in RETENTION.items():
        if rule.method not in (Method.DELETE, Method.ANONYMISE) or rule.retention not in days:
            continue
        try:
            apps.get_model(label)
        except LookupError:  # an app that is not installed here
            continue
        queryset = expired(label, municipality_id, days[rule.retention], today)
        if rule.method == Method.DELETE:
            delete_each(queryset, counts)
        else:
            anonymise(queryset.model, list(queryset.values_list("pk", flat=True)),
                      rule.erase_fields, counts)
    purged = log.purge(municipality_id=municipality_id)
    if purged:
        counts["access_log"].records += purged
    return counts


def run_retention(municipality_id: int, today: datetime.date | None = None) -> ErasureRun:
    """One retention run of one municipality (see the module docstring). Never raises: a
    failure is logged and recorded as a failed ``ErasureRun``."""
    started = timezone.now()
    try:
        with transaction.atomic():
            counts = erase_expired(municipality_id, today)
            return ErasureRun.objects.create(
                municipality_id=municipality_id, started_at=started, finished_at=timezone.now(),
                status=RunStatus.DONE, counts=counts.as_json())
    except Exception as error:  # noqa: BLE001 - any failure is recorded; the next day retries
        logger.exception("Retention run of municipality %s failed", municipality_id)
        return ErasureRun.objects.create(
            municipality_id=municipality_id, started_at=started, finished_at=timezone.now(),
            status=RunStatus.FAILED, error=type(error).__name__[:120])
