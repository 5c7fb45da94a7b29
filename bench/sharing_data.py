"""Information-sharing agreements and per-record grants on top of ``bench.data`` (issue 7,
"Performance").

``build(bench, spec)`` takes the first ``spec.partners`` organisations of the big municipality
(``bench-0001``) as partner organisations and gives each:

- one agreement, active since a year ago with no end, covering interaction notes
  (``InformationCategory.INTERACTION_NOTES``), with the organisation as its party. Partners of
  even rank (``bench-partner-01``, ``-03``...: index 0, 2...) have agreements limited to
  ``spec.community_share`` of the municipality's communities (at least one): their interaction
  list filters ``community_id IN (...)``; the others cover every community;
- its django-guardian group (``PartnerGroup``, group ``bench-partner-NN``) and one partner
  professional (user ``bench-partner-NN``, role ``partner_professional``);

and writes ``spec.grants`` per-record grants (``InteractionGrant``: direct foreign key, the
``view_interaction`` permission) of distinct (group, interaction) pairs drawn at random from the
big municipality's interactions, each under its group's agreement, granted by the bench
coordinator.

The grants go in with ``bench.data``'s writer (``COPY`` on PostgreSQL, batched ``INSERT``
elsewhere), the rest with ``bulk_create``: no django-simple-history rows. Organisations are the
builder's own, so ``bench.data.existing()`` still recognises the country. Everything is tied to
``bench-`` names: ``delete()`` removes exactly it, with plain ``DELETE`` statements (the ORM
would load 100,000 grants to write their history on the way out), and must run before
``bench.data.delete()``, whose raw deletes of interactions and organisations the grants and
parties would otherwise hold back.
"""

import random
import time as time_module
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.utils import timezone

from . import data

PARTNER_PREFIX = "bench-partner-"
AGREEMENT_PREFIX = "Bench agreement "
NATIONAL_GRANTS = 100_000


@dataclass(frozen=True)
class SharingSpec:
    """What to build on the country of ``bench.data``. ``grants`` is capped by the number of
    distinct (partner, interaction) pairs of the big municipality; ``partners`` by its
    organisations."""

    partners: int = 50
    grants: int = NATIONAL_GRANTS
    community_share: float = 0.05
    seed: int = 7

    def __post_init__(self):
        if self.partners < 1:
            raise ValueError("partners must be at least 1")
        if self.grants < 0:
            raise ValueError("grants cannot be negative")
        if not 0 < self.community_share <= 1:
            raise ValueError("community_share must be in (0, 1]")


@dataclass
class SharingData:
    """The partner professional measured (of the first partner organisation, whose agreement
    is limited to some communities when the municipality has more than one), their agreement,
    and rows per model name."""

    partner: object
    agreement: object
    counts: dict[str, int] = field(default_factory=dict)


def _partner_name(index: int) -> str:
    return f"{PARTNER_PREFIX}{index + 1:02d}"


def _big_ids(bench: data.BenchData, name: str) -> list[int]:
    return list(data.model(name)._base_manager.filter(municipality=bench.municipality)
                .order_by("pk").values_list("pk", flat=True))


def _agreements(bench: data.BenchData):
    return data.model("Agreement")._base_manager.filter(
        municipality=bench.municipality, title__startswith=AGREEMENT_PREFIX)


def expected_counts(bench: data.BenchData, spec: SharingSpec) -> dict[str, int]:
    """Rows per model name that ``build(bench, spec)`` writes on this country."""
    with data.scopes_disabled():
        organisations = len(_big_ids(bench, "Organisation"))
        interactions = len(_big_ids(bench, "Interaction"))
    partners = min(spec.partners, organisations)
    return {"Agreement": partners, "InteractionGrant": min(spec.grants, partners * interactions)}


def existing(bench: data.BenchData, spec: SharingSpec) -> SharingData | None:
    """The sharing data already built on ``bench`` if its counts are those of ``spec``."""
    with data.scopes_disabled():
        agreements = _agreements(bench)
        counts = {
            "Agreement": agreements.count(),
            "InteractionGrant": data.model("InteractionGrant")._base_manager.filter(
                agreement__in=agreements).count(),
        }
        if counts != expected_counts(bench, spec) or not counts["Agreement"]:
            return None
        return _result(bench, counts)


def _result(bench: data.BenchData, counts: dict[str, int]) -> SharingData:
    User = bench.coordinator.__class__
    return SharingData(
        partner=User._base_manager.get(username=_partner_name(0)),
        agreement=_agreements(bench).get(title=f"{AGREEMENT_PREFIX}{1:02d}"),
        counts=counts,
    )


def delete(log: Callable[[str], None] = lambda message: None) -> None:
    """Remove the agreements, parties, community limits, per-record grants and access events of
    the ``bench-`` municipalities with plain ``DELETE``s, and the ``bench-partner-`` groups and
    users."""
    Agreement, Grant = data.model("Agreement"), data.model("InteractionGrant")
    Party, Review = data.model("AgreementParty"), data.model("AgreementReview")
    AccessEvent, PartnerGroup = data.model("AccessEvent"), data.model("PartnerGroup")
    through, source, _target = data._through(Agreement, "communities")
    with data.scopes_disabled(), transaction.atomic():
        ids = data._bench_municipality_ids()
        if ids:
            placeholders = ", ".join(["%s"] * len(ids))
            agreements = (f"SELECT {data._column(Agreement, 'pk')} FROM {data._table(Agreement)} "
                          f"WHERE municipality_id IN ({placeholders})")  # noqa: S608
            with connection.cursor() as cursor:
                for owned, column in ((Grant, "agreement"), (through, source), (Party, "agreement"),
                                      (Review, "agreement")):
                    cursor.execute(f"DELETE FROM {data._table(owned)} "  # noqa: S608
                                   f"WHERE {data._column(owned, column)} IN ({agreements})", ids)
                for owned in (Agreement, AccessEvent):
                    cursor.execute(f"DELETE FROM {data._table(owned)} "  # noqa: S608
                                   f"WHERE municipality_id IN ({placeholders})", ids)
        groups = Group.objects.filter(name__startswith=PARTNER_PREFIX)
        PartnerGroup._base_manager.filter(group__in=groups).delete()
        groups.delete()
        User = data.model("Membership")._meta.get_field("user").related_model
        User._base_manager.filter(username__startswith=PARTNER_PREFIX).delete()
    log("deleted the bench sharing data")


def build(bench: data.BenchData, spec: SharingSpec,
          log: Callable[[str], None] = lambda message: None) -> SharingData:
    """Build the sharing data of ``spec`` on ``bench`` (see the module docstring) in one
    transaction, then ``VACUUM ANALYZE`` its tables on PostgreSQL (as ``bench.data.build``).
    Call ``delete()`` first. ``ValueError`` when the big municipality has no organisation."""
    started = time_module.perf_counter()
    rng = random.Random(spec.seed)
    writer = data._Writer()
    Agreement, Party = data.model("Agreement"), data.model("AgreementParty")
    PartnerGroup, Grant = data.model("PartnerGroup"), data.model("InteractionGrant")
    Membership = data.model("Membership")
    User = bench.coordinator.__class__
    today = timezone.localdate()
    with data.scopes_disabled(), transaction.atomic():
        organisations = _big_ids(bench, "Organisation")[: spec.partners]
        if not organisations:
            raise ValueError("The big municipality has no organisation to be a partner.")
        communities = _big_ids(bench, "Community")
        interactions = _big_ids(bench, "Interaction")
        limited = max(1, round(len(communities) * spec.community_share))
        agreements = Agreement._base_manager.bulk_create([
            Agreement(
                municipality=bench.municipality, title=f"{AGREEMENT_PREFIX}{index + 1:02d}",
                purpose="Benchmark: the partner's interaction list at national scale.",
                categories=["interaction_notes"], lawful_basis="public_task",
                starts_on=today - timedelta(days=365), review_on=today + timedelta(days=180),
                state="active", created_by=bench.coordinator, signed_off_by="Bench Coordinator",
                signed_off_on=today - timedelta(days=366),
            )
            for index in range(len(organisations))
        ])
        through, source, target = data._through(Agreement, "communities")
        through._base_manager.bulk_create([
            through(**{source: agreement.pk, target: community})
            for index, agreement in enumerate(agreements)
            if index % 2 == 0 and len(communities) > 1
            for community in rng.sample(communities, min(limited, len(communities)))
        ])
        Party._base_manager.bulk_create([
            Party(agreement=agreement, organisation_id=organisation, contact_name="Bench Contact")
            for agreement, organisation in zip(agreements, organisations, strict=True)
        ])
        groups = Group.objects.bulk_create([Group(name=_partner_name(index))
                                            for index in range(len(organisations))])
        if not all(group.pk for group in groups):  # backends without RETURNING
            groups = list(Group.objects.filter(name__startswith=PARTNER_PREFIX).order_by("name"))
        PartnerGroup._base_manager.bulk_create([
            PartnerGroup(organisation_id=organisation, group=group)
            for organisation, group in zip(organisations, groups, strict=True)
        ])
        unusable = make_password(None)  # force_login only
        users = [User._base_manager.create(username=_partner_name(index), first_name="Bench",
                                           last_name=f"Partner {index + 1}", password=unusable)
                 for index in range(len(organisations))]
        Membership._base_manager.bulk_create([
            Membership(user=user, municipality=bench.municipality, role="partner_professional",
                       organisation_id=organisation)
            for user, organisation in zip(users, organisations, strict=True)
        ])
        permission = Permission.objects.get(content_type__app_label="engagement",
                                            codename="view_interaction")
        pairs = len(organisations) * len(interactions)
        grants = min(spec.grants, pairs)
        writer.write(Grant, ("group", "permission", "content_object", "agreement", "granted_by"), (
            (groups[pair % len(groups)].pk, permission.pk, interactions[pair // len(groups)],
             agreements[pair % len(groups)].pk, bench.coordinator.pk)
            for pair in sorted(rng.sample(range(pairs), grants))
        ))
        writer.tables.update({Agreement._meta.db_table, Party._meta.db_table, through._meta.db_table})
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        tables = ", ".join(connection.ops.quote_name(table) for table in sorted(writer.tables))
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
    counts = {"Agreement": len(agreements), "InteractionGrant": grants}
    log(f"sharing data built in {time_module.perf_counter() - started:.1f} s: {counts}")
    with data.scopes_disabled():
        return _result(bench, counts)
