"""National-scale synthetic data for the benchmarks (issue 8 "Fast pages at national scale",
issue 7 "Performance").

``build(spec)`` writes ``spec.municipalities`` municipalities (slugs ``bench-0001``,
``bench-0002``...; ``bench-0001`` is the big one, a city) with their communities,
organisations, people, interactions and commitments, the many-to-many links between them, and
five staff users of the big municipality (``bench-coordinator`` and ``bench-staff-1..4``).
At ``scale=1`` that is the national figure of the issues: 400 municipalities, 8,000
communities, 20,000 organisations, 100,000 people, 1,000,000 interactions (with about
950,000 links to people and 500,000 to organisations) and 200,000 commitments, spread
unevenly: the big municipality holds ``big_share`` of every table (10 % by default) and the
others a Zipf-like share each (the second about 5 %, the smallest about 0.07 %).

Rows go straight into the tables, not through ``Model.save()``: ``COPY`` on PostgreSQL (the
1,000,000 interactions in seconds), batched ``INSERT`` on other databases (SQLite, for the smoke
test). So no django-simple-history rows are written (the benchmark does not read history) and
``Organisation.save()``'s engagement-level gate is not run: every organisation is at the
dialogue level without municipal funding, which the gate always allows, so the data is still
valid. Every row is owned by a ``bench-`` municipality or user, so the data never mixes with the
demo's, and ``delete()`` removes exactly it.

The data is deterministic for a given ``Spec`` (a seeded ``random.Random``), and ids are
interleaved across municipalities as in a real national database: interactions are numbered in
the order they happened, the other tables in a shuffled order, never one municipality after the
other (which would make "the newest rows of one municipality" artificially cheap or dear).

Models are resolved by class name through the app registry (``model("Interaction")``), never
imported, so the builder survives models moving between apps; a field added later is filled
with its default (``ImproperlyConfigured`` if it has none and is not nullable).
"""

import contextlib
import io
import json
import math
import random
import time as time_module
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

try:  # The access layer (issue 7) makes tenancy fail closed with django-scopes.
    from django_scopes import scopes_disabled
except ImportError:  # pragma: no cover - before django-scopes is a dependency
    scopes_disabled = contextlib.nullcontext

SLUG_PREFIX = "bench-"
USERNAME_PREFIX = "bench-"
COORDINATOR_USERNAME = "bench-coordinator"
STAFF_USERNAMES = tuple(f"bench-staff-{n}" for n in range(1, 5))

#: Row counts of the whole country at ``scale=1`` (issues 7 and 8).
NATIONAL = {
    "Community": 8_000,
    "Organisation": 20_000,
    "Person": 100_000,
    "Interaction": 1_000_000,
    "Commitment": 200_000,
}

#: Rows per ``COPY`` or per ``INSERT`` batch: large enough to amortise the round trip, small
#: enough to keep the buffer at a few tens of megabytes.
COPY_BATCH = 100_000
INSERT_BATCH = 2_000

FIRST_NAMES = (
    "Amina", "Bram", "Chloé", "Daan", "Elif", "Fatima", "Gert", "Hanna", "Ibrahim", "Jana",
    "Karim", "Lotte", "Mehmet", "Nadia", "Olivier", "Priya", "Quentin", "Rania", "Sem", "Tess",
    "Umar", "Vera", "Wout", "Yasmin", "Zeynep", "Aaliyah", "Bilal", "Camille", "Dirk", "Emma",
    "Farid", "Greet", "Hamza", "Inge", "Joris", "Khadija", "Lucas", "Mila", "Noah", "Oumaima",
)
#: The people search of ``bench_pages`` looks for ``SURNAMES[0]``: one person in 48.
SURNAMES = (
    "Jansen", "De Vries", "El Amrani", "Peeters", "Yilmaz", "Dubois", "Martin", "Bakker",
    "Visser", "Smit", "Mertens", "Kaya", "Bernard", "Öztürk", "Janssens", "Lefebvre", "Mulder",
    "Bouzid", "Claes", "Moreau", "Hendriks", "Demir", "Leroy", "Van Dijk", "Wouters", "Haddad",
    "Roux", "Dekker", "Maes", "Çelik", "Fontaine", "Brouwer", "Willems", "Benali", "Girard",
    "Meijer", "Goossens", "Aydın", "Laurent", "De Boer", "Jacobs", "Mansour", "Simon", "Vos",
    "Lambert", "Şahin", "Michel", "Kok",
)
ROLES = (
    "Youth worker", "Teacher", "Community police officer", "Imam", "Pastor", "Social worker",
    "Chair", "Secretary", "Volunteer", "Mental health nurse", "Sports coach", "Librarian",
    "Neighbourhood manager", "Key figure", "Parent", "Student", "", "",
)
PLACES = (
    "North", "South", "Harbour", "Old Town", "Riverside", "Station", "Market", "Park", "Canal",
    "Hill", "West End", "Mill", "Bridge", "Church Street", "Garden", "Lake",
)
COMMUNITY_NOUNS = (
    "youth", "parents", "residents", "mosque congregation", "parish", "football supporters",
    "students", "shopkeepers", "Turkish-speaking families", "Moroccan-Dutch women",
    "Syrian newcomers", "gamers", "elderly residents", "Eritrean community", "Polish workers",
)
ORGANISATION_WORDS = (
    "Youth Centre", "Primary School", "Secondary School", "Police Team", "Mental Health Service",
    "Social Work Team", "Family Support", "Mosque Association", "Church Council",
    "Sports Club", "Cultural Association", "Library", "Neighbourhood Association",
    "Women's Network", "Student Union",
)
HEARD = (
    "Parking around the community centre is a daily worry.",
    "Housing repairs take months; families feel ignored.",
    "Traffic safety at the school crossing.",
    "Young people have nowhere to go in the evening.",
    "Parents worry about what their children see online.",
    "Fear after the attack reported in the news.",
    "Wish for a meeting place that belongs to nobody.",
    "Questions about the new neighbourhood plan.",
    "Concern about hate graffiti near the mosque.",
    "Interest in a joint sports tournament.",
    "Language classes for mothers are full.",
    "Distrust of the police after a stop-and-search.",
)
FOLLOW_UP = (
    "Invite them to the next network meeting.",
    "Ask the housing department for a date.",
    "Send the minutes in plain language.",
    "Introduce the youth worker.",
    "",
)
PROMISES = (
    "Ask the housing corporation for a repair schedule",
    "Organise a meeting with the traffic department",
    "Find a neutral venue for the dialogue evening",
    "Send the minutes of the meeting",
    "Fund the summer sports tournament",
    "Introduce the community police officer",
    "Report back on the complaint about the bus line",
    "Translate the invitation into Arabic and Turkish",
)
GATHERING = ("library", "supermarket", "youth_centre", "place_of_worship", "sports_club",
             "school", "community_centre", "online")
LANGUAGES = ("Dutch", "French", "English", "Arabic", "Turkish", "Tamazight", "Polish")


def model(name: str) -> type[models.Model]:
    """The installed model whose class is called ``name`` ("Interaction"), whichever app holds
    it. Raises ``LookupError`` if no app, or more than one, has such a model."""
    found = [m for m in apps.get_models() if m.__name__ == name]
    if len(found) != 1:
        raise LookupError(f"Expected one installed model called {name!r}, found {len(found)}.")
    return found[0]


def _choices(model_class, field_name: str) -> list[str]:
    """The stored values of a field's choices."""
    return [value for value, _label in model_class._meta.get_field(field_name).flatchoices]


@dataclass(frozen=True)
class Spec:
    """What to build. ``scale`` multiplies every national count (``scale=0.0001`` gives a
    smoke-test country of about 100 interactions); each table keeps at least one row per
    municipality. ``big_share`` is the fraction of every table in ``bench-0001``."""

    municipalities: int = 400
    scale: float = 1.0
    big_share: float = 0.10
    seed: int = 8

    def __post_init__(self):
        if self.municipalities < 1:
            raise ValueError("municipalities must be at least 1")
        if not 0 < self.scale <= 10:
            raise ValueError("scale must be in (0, 10]")
        if not 0 < self.big_share <= 1:
            raise ValueError("big_share must be in (0, 1]")

    def totals(self) -> dict[str, int]:
        """Rows per model name for the whole country."""
        return {name: max(self.municipalities, round(count * self.scale))
                for name, count in NATIONAL.items()}

    def weights(self) -> list[float]:
        """Each municipality's share of every table, summing to 1: ``big_share`` for the first,
        the rest split in proportion to ``rank ** -0.8`` (a Zipf-like spread of towns)."""
        if self.municipalities == 1:
            return [1.0]
        ranks = [(rank + 1) ** -0.8 for rank in range(1, self.municipalities)]
        total = sum(ranks)
        return [self.big_share] + [(1 - self.big_share) * r / total for r in ranks]

    def allocation(self, total: int) -> list[int]:
        """``total`` rows split over the municipalities by ``weights()`` (largest remainder,
        so the counts sum exactly to ``total``)."""
        weights = self.weights()
        exact = [total * w for w in weights]
        counts = [math.floor(x) for x in exact]
        by_remainder = sorted(range(len(exact)), key=lambda i: counts[i] - exact[i])
        for index in by_remainder[: total - sum(counts)]:
            counts[index] += 1
        return counts


@dataclass
class BenchData:
    """What ``build()`` or ``existing()`` found: the big municipality, its coordinator, the
    search term that matches about one person in 48, and rows per model name."""

    municipality: models.Model
    coordinator: models.Model
    search_term: str
    counts: dict[str, int] = field(default_factory=dict)


class _Writer:
    """Writes rows straight into a model's table: ``COPY`` on PostgreSQL, batched
    ``executemany`` elsewhere. Columns not given are filled with the field's default."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.now = timezone.now()
        self.tables: set[str] = set()  # every table written, for VACUUM ANALYZE

    def next_id(self, model_class) -> int:
        table = connection.ops.quote_name(model_class._meta.db_table)
        column = connection.ops.quote_name(model_class._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}")  # noqa: S608
            return cursor.fetchone()[0] + 1

    def _filled(self, model_class, names: Sequence[str]) -> tuple[list[str], tuple]:
        """The columns of ``names`` plus every other insertable column, and the constant values
        of the latter (defaults, ``now`` for ``auto_now(_add)``, NULL, or an empty string)."""
        columns = [model_class._meta.get_field(name).column for name in names]
        given = {model_class._meta.get_field(name).attname for name in names}
        extra = []
        for fld in model_class._meta.concrete_fields:
            if fld.attname in given or fld.primary_key or getattr(fld, "generated", False):
                continue
            if fld.db_default is not models.NOT_PROVIDED:
                continue  # the database fills it
            if getattr(fld, "auto_now", False) or getattr(fld, "auto_now_add", False):
                value = self.now
            elif fld.has_default():
                value = fld.get_default()
            elif fld.null:
                value = None
            elif fld.blank and isinstance(fld, models.CharField | models.TextField):
                value = ""
            else:
                raise ImproperlyConfigured(
                    f"bench.data has no value for {model_class.__name__}.{fld.name}: give one in "
                    "the builder or a default in the model."
                )
            columns.append(fld.column)
            extra.append(value)
        return columns, tuple(extra)

    def write(self, model_class, names: Sequence[str], rows: Iterable[tuple]) -> int:
        """Insert ``rows`` (tuples in the order of the field ``names``); returns the count.
        When ``names`` includes the primary key, resets its sequence afterwards."""
        columns, extra = self._filled(model_class, names)
        self.tables.add(model_class._meta.db_table)
        table = connection.ops.quote_name(model_class._meta.db_table)
        column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
        written = 0
        batch = []
        size = COPY_BATCH if self.postgres else INSERT_BATCH
        with connection.cursor() as cursor:
            for row in rows:
                batch.append(row + extra)
                if len(batch) >= size:
                    written += self._flush(cursor, table, column_list, batch)
                    batch = []
            written += self._flush(cursor, table, column_list, batch)
            if model_class._meta.pk.name in names or model_class._meta.pk.attname in names:
                for sql in connection.ops.sequence_reset_sql(no_style(), [model_class]):
                    cursor.execute(sql)
        return written

    def _flush(self, cursor, table, column_list, batch) -> int:
        if not batch:
            return 0
        if self.postgres:
            buffer = io.StringIO()
            buffer.writelines("\t".join(map(_copy_text, row)) + "\n" for row in batch)
            buffer.seek(0)
            cursor.copy_expert(f"COPY {table} ({column_list}) FROM STDIN", buffer)
        else:
            placeholders = ", ".join(["%s"] * len(batch[0]))
            cursor.executemany(
                f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})",  # noqa: S608
                [tuple(map(_adapt, row)) for row in batch],
            )
        return len(batch)


def _copy_text(value) -> str:
    """``value`` in PostgreSQL's ``COPY`` text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, list | dict):
        value = json.dumps(value)
    return (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def _adapt(value):
    """``value`` as a DB-API parameter for the other backends (SQLite)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value


def _through(model_class, field_name: str):
    """The auto-created many-to-many table of ``model_class.field_name`` and the attnames of
    its two sides (source, target)."""
    m2m = model_class._meta.get_field(field_name)
    through = m2m.remote_field.through
    return through, m2m.m2m_field_name() + "_id", m2m.m2m_reverse_field_name() + "_id"


def _bench_municipality_ids() -> list[int]:
    Municipality = model("Municipality")
    return list(Municipality._base_manager.filter(slug__startswith=SLUG_PREFIX)
                .order_by("slug").values_list("pk", flat=True))


def _count(model_class, municipality_ids: list[int]) -> int:
    return model_class._base_manager.filter(municipality_id__in=municipality_ids).count()


def existing(spec: Spec) -> BenchData | None:
    """The bench data already in the database if it is exactly what ``build(spec)`` would make
    (same number of municipalities and of rows per model), else None."""
    with scopes_disabled():
        ids = _bench_municipality_ids()
        if len(ids) != spec.municipalities:
            return None
        counts = {name: _count(model(name), ids) for name in NATIONAL}
        if counts != spec.totals():
            return None
        return _result(counts)


def _result(counts: dict[str, int]) -> BenchData:
    Municipality = model("Municipality")
    User = model("Membership")._meta.get_field("user").related_model
    return BenchData(
        municipality=Municipality._base_manager.get(slug=f"{SLUG_PREFIX}0001"),
        coordinator=User._base_manager.get(username=COORDINATOR_USERNAME),
        search_term=SURNAMES[0],
        counts=counts,
    )


def delete(log: Callable[[str], None] = lambda message: None) -> None:
    """Remove every ``bench-`` municipality and user and everything they own. The big tables and
    their many-to-many links go by one ``DELETE`` each (the ORM would load a million rows to
    cascade); what else a bench municipality may own goes through the ORM's cascade."""
    with scopes_disabled(), transaction.atomic():
        ids = _bench_municipality_ids()
        if ids:
            log(f"Deleting the bench data of {len(ids)} municipalities")
            placeholders = ", ".join(["%s"] * len(ids))
            with connection.cursor() as cursor:
                for name in ("Interaction", "Person", "Organisation", "Community"):
                    owner = model(name)
                    for m2m in owner._meta.local_many_to_many:
                        through, source, _target = _through(owner, m2m.name)
                        cursor.execute(
                            f"DELETE FROM {_table(through)} WHERE {_column(through, source)} IN "
                            f"(SELECT {_column(owner, 'pk')} FROM {_table(owner)} "
                            f"WHERE municipality_id IN ({placeholders}))",  # noqa: S608
                            ids,
                        )
                for name in ("Commitment", "Interaction", "Person", "Community", "Organisation"):
                    owner = model(name)
                    cursor.execute(
                        f"DELETE FROM {_table(owner)} WHERE municipality_id IN ({placeholders})",  # noqa: S608
                        ids,
                    )
            model("Municipality")._base_manager.filter(pk__in=ids).delete()
        User = model("Membership")._meta.get_field("user").related_model
        User._base_manager.filter(username__startswith=USERNAME_PREFIX).delete()


def _table(model_class) -> str:
    return connection.ops.quote_name(model_class._meta.db_table)


def _column(model_class, name: str) -> str:
    fld = model_class._meta.pk if name == "pk" else model_class._meta.get_field(name.removesuffix("_id"))
    return connection.ops.quote_name(fld.column)


def _interleaved(counts: list[int], rng: random.Random) -> list[int]:
    """Municipality indexes, each repeated its count, shuffled: the order rows are numbered in."""
    order = [index for index, count in enumerate(counts) for _ in range(count)]
    rng.shuffle(order)
    return order


def build(spec: Spec, log: Callable[[str], None] = lambda message: None) -> BenchData:
    """Build the data of ``spec`` in one transaction (see the module docstring), then, on
    PostgreSQL, ``VACUUM ANALYZE`` the tables written: the planner needs their new row counts,
    and index-only scans (the list counts) need the visibility map that a live database's
    autovacuum keeps, which freshly copied rows lack (``ANALYZE`` alone when called inside a
    transaction, where ``VACUUM`` cannot run). Does not look for existing bench data: call
    ``existing()`` or ``delete()`` first. Returns what was built."""
    builder = Builder(spec, log)
    with scopes_disabled(), transaction.atomic():
        builder.check_choices()
        for step in (builder.municipalities, builder.communities, builder.organisations,
                     builder.people, builder.network_links, builder.interactions,
                     builder.commitments):
            started = time_module.perf_counter()
            step()
            log(f"{step.__name__}: {time_module.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        started = time_module.perf_counter()
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        tables = ", ".join(connection.ops.quote_name(table) for table in sorted(builder.writer.tables))
        with connection.cursor() as cursor:
            cursor.execute(f"{command} {tables}")
        log(f"{command}: {time_module.perf_counter() - started:.1f} s")
    with scopes_disabled():
        return _result(spec.totals())


class Builder:
    """The steps of ``build()``, in order, each writing one table and its links; the ids of
    what each municipality owns (``communities_of[m]``...: lists of primary keys, ``m`` the
    municipality's index) are kept for the later steps."""

    def __init__(self, spec: Spec, log: Callable[[str], None]):
        self.spec = spec
        self.log = log
        self.rng = random.Random(spec.seed)
        self.writer = _Writer()
        self.today = timezone.localdate()
        self.alloc = {name: spec.allocation(total) for name, total in spec.totals().items()}
        self.n = spec.municipalities
        self.Municipality, self.Membership = model("Municipality"), model("Membership")
        self.Community, self.Organisation = model("Community"), model("Organisation")
        self.Person, self.Interaction = model("Person"), model("Interaction")
        self.Commitment = model("Commitment")
        self.User = self.Membership._meta.get_field("user").related_model
        self.municipality_ids: list[int] = []
        self.staff_ids: list[int] = []
        self.communities_of: list[list[int]] = [[] for _ in range(self.n)]
        self.organisations_of: list[list[int]] = [[] for _ in range(self.n)]
        self.people_of: list[list[int]] = [[] for _ in range(self.n)]
        self.interactions_of: list[list[int]] = [[] for _ in range(self.n)]

    def check_choices(self) -> None:
        """The literal choice values written below still exist (``ImproperlyConfigured``)."""
        for model_class, name, values in (
            (self.Commitment, "status", {"open", "delivered", "dropped"}),
            (self.Membership, "role", {"coordinator"}),
            (self.Organisation, "engagement_level", {"dialogue"}),
        ):
            if not values <= set(_choices(model_class, name)):
                raise ImproperlyConfigured(f"bench.data writes {model_class.__name__}.{name} values "
                                           f"{sorted(values)}: update it to the model's choices.")

    def _staff_or_none(self, m: int) -> int | None:
        """One of the big municipality's staff for its rows; nobody elsewhere."""
        return self.rng.choice(self.staff_ids) if m == 0 else None

    def municipalities(self) -> None:
        """The municipalities, and the big one's coordinator and four colleagues."""
        first = self.writer.next_id(self.Municipality)
        self.municipality_ids = list(range(first, first + self.n))
        weights = self.spec.weights()
        self.writer.write(self.Municipality, ("id", "name", "slug", "country", "population", "languages"), (
            (pk, f"Bench {i + 1:04d}", f"{SLUG_PREFIX}{i + 1:04d}", "Benchland",
             max(2_000, round(1_000_000 * w / weights[0])), ["Dutch", "French"])
            for i, (pk, w) in enumerate(zip(self.municipality_ids, weights, strict=True))
        ))
        unusable = make_password(None)  # force_login only: nobody signs in with a password
        staff = [
            self.User._base_manager.create(username=username, first_name="Bench", last_name=last_name,
                                           password=unusable)
            for username, last_name in [
                (COORDINATOR_USERNAME, "Coordinator"),
                *((u, f"Colleague {k}") for k, u in enumerate(STAFF_USERNAMES, 1)),
            ]
        ]
        self.Membership._base_manager.bulk_create(  # bulk: no history rows for synthetic staff
            self.Membership(user=user, municipality_id=self.municipality_ids[0], role="coordinator")
            for user in staff
        )
        self.staff_ids = [user.pk for user in staff]

    def communities(self) -> None:
        rng, today = self.rng, self.today
        first = self.writer.next_id(self.Community)
        kinds = _choices(self.Community, "kind")
        found = _choices(self.Community, "found_through")
        steps = _choices(self.Community, "engagement_step")

        def rows():
            for offset, m in enumerate(_interleaved(self.alloc["Community"], rng)):
                pk = first + offset
                self.communities_of[m].append(pk)
                number = len(self.communities_of[m])  # keeps (municipality, name) unique
                verified = None if rng.random() < 0.25 else today - timedelta(days=rng.randrange(700))
                yield (
                    pk, self.municipality_ids[m],
                    f"{rng.choice(PLACES)} {rng.choice(COMMUNITY_NOUNS)} {number}",
                    rng.choice(kinds), rng.choice(HEARD), rng.choice((None, rng.randrange(20, 20_000))),
                    rng.sample(GATHERING, rng.randrange(3)), rng.choice(found),
                    rng.sample(LANGUAGES, rng.randrange(1, 3)), self._staff_or_none(m),
                    rng.choice(steps), verified, self.writer.now,
                )

        self.writer.write(self.Community, (
            "id", "municipality", "name", "kind", "description", "estimated_size", "gathering_places",
            "found_through", "languages", "point_of_contact", "engagement_step", "last_verified_on",
            "created_at",
        ), rows())

    def organisations(self) -> None:
        rng = self.rng
        first = self.writer.next_id(self.Organisation)
        kinds = _choices(self.Organisation, "kind")

        def rows():
            # Inserted, not saved: Organisation.save()'s engagement-level gate does not run. Every
            # organisation is at the dialogue level without funding, which the gate always allows.
            for offset, m in enumerate(_interleaved(self.alloc["Organisation"], rng)):
                pk = first + offset
                self.organisations_of[m].append(pk)
                number = len(self.organisations_of[m])  # keeps (municipality, name) unique
                yield (pk, self.municipality_ids[m],
                       f"{rng.choice(PLACES)} {rng.choice(ORGANISATION_WORDS)} {number}",
                       rng.choice(kinds), rng.choice(HEARD), "dialogue", False, self.writer.now)

        self.writer.write(self.Organisation, (
            "id", "municipality", "name", "kind", "mandate", "engagement_level",
            "receives_municipal_funding", "created_at",
        ), rows())

    def people(self) -> None:
        rng = self.rng
        first = self.writer.next_id(self.Person)

        def rows():
            for offset, m in enumerate(_interleaved(self.alloc["Person"], rng)):
                pk = first + offset
                self.people_of[m].append(pk)
                organisations = self.organisations_of[m]
                organisation = rng.choice(organisations) if organisations and rng.random() < 0.7 else None
                yield (pk, self.municipality_ids[m], f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                       rng.choice(ROLES), organisation, rng.random() < 0.1,
                       rng.sample(LANGUAGES, rng.randrange(1, 3)), self.writer.now)

        self.writer.write(self.Person, ("id", "municipality", "name", "role", "organisation",
                                        "is_key_figure", "languages", "created_at"), rows())

    def network_links(self) -> None:
        """One community in ten is part of another; organisations and people belong to up to
        two communities of their municipality."""
        rng = self.rng
        through, source, target = _through(self.Community, "parents")
        self.writer.write(through, (source, target), (
            (child, parent)
            for ids in self.communities_of if len(ids) > 1
            for child in ids if rng.random() < 0.1
            for parent in [rng.choice(ids)] if parent != child
        ))
        for owner, owned in ((self.Organisation, self.organisations_of), (self.Person, self.people_of)):
            through, source, target = _through(owner, "communities")
            self.writer.write(through, (source, target), (
                (pk, community)
                for m, ids in enumerate(owned) if self.communities_of[m]
                for pk in ids
                for community in rng.sample(self.communities_of[m],
                                            min(len(self.communities_of[m]), rng.randrange(3)))
            ))

    def interactions(self) -> None:
        """Numbered in the order they happened across all municipalities, as a live system
        numbers them, over the last six years; about one person and half an organisation each."""
        rng, today = self.rng, self.today
        days = 6 * 365
        happened = sorted(
            (rng.randrange(days), m) for m, count in enumerate(self.alloc["Interaction"])
            for _ in range(count)
        )
        first = self.writer.next_id(self.Interaction)
        kinds = _choices(self.Interaction, "kind")
        people_links, organisation_links = [], []
        tz = timezone.get_current_timezone()

        def rows():
            for offset, (age, m) in enumerate(happened):
                pk = first + offset
                self.interactions_of[m].append(pk)
                occurred_on = today - timedelta(days=days - 1 - age)
                communities, people = self.communities_of[m], self.people_of[m]
                community = rng.choice(communities) if communities and rng.random() < 0.8 else None
                for person in rng.sample(people, min(len(people), rng.choice((0, 0, 1, 1, 1, 2, 2)))):
                    people_links.append((pk, person))
                if self.organisations_of[m] and rng.random() < 0.5:
                    organisation_links.append((pk, rng.choice(self.organisations_of[m])))
                yield (
                    pk, self.municipality_ids[m], rng.choice(kinds), occurred_on, community,
                    rng.choice(HEARD), rng.choice(HEARD), rng.choice(HEARD), rng.choice(FOLLOW_UP),
                    self._staff_or_none(m), datetime.combine(occurred_on, time(10), tz),
                )

        self.writer.write(self.Interaction, (
            "id", "municipality", "kind", "occurred_on", "community", "needs_heard",
            "interests_heard", "concerns_heard", "follow_up", "logged_by", "created_at",
        ), rows())
        for name, links in (("people", people_links), ("organisations", organisation_links)):
            through, source, target = _through(self.Interaction, name)
            self.writer.write(through, (source, target), links)
        # COPY sends no signals: the date of the latest contact is set here, as engagement's
        # signals keep it for interactions saved one by one.
        self.Community.objects.filter(
            municipality_id__in=self.municipality_ids).refresh_last_contacted()

    def commitments(self) -> None:
        """Due from two years ago to six months ahead; most of the old ones delivered, some
        dropped (with a reason, as the model requires), some still open (overdue)."""
        rng, today = self.rng, self.today
        first = self.writer.next_id(self.Commitment)

        def rows():
            for offset, m in enumerate(_interleaved(self.alloc["Commitment"], rng)):
                due_on = today + timedelta(days=rng.randrange(-730, 180))
                draw = rng.random()
                if due_on < today - timedelta(days=30):
                    status = "delivered" if draw < 0.75 else "dropped" if draw < 0.85 else "open"
                else:
                    status = "open" if draw < 0.8 else "delivered"
                communities, interactions = self.communities_of[m], self.interactions_of[m]
                yield (
                    first + offset, self.municipality_ids[m], rng.choice(PROMISES),
                    f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                    rng.choice(communities) if communities and rng.random() < 0.7 else None,
                    rng.choice(interactions) if interactions and rng.random() < 0.5 else None,
                    self._staff_or_none(m), due_on, status,
                    "The department withdrew its budget." if status == "dropped" else "",
                    None if status == "open" else due_on,
                )

        self.writer.write(self.Commitment, (
            "id", "municipality", "description", "made_to", "community", "interaction", "owner",
            "due_on", "status", "dropped_reason", "closed_on",
        ), rows())
