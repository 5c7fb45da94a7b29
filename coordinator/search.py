"""Free-text search of the lists: ``contains_any(queryset, fields, value)``.

The meaning is Django's ``icontains`` on every database: a row matches when any of ``fields``
contains ``value``, case-insensitively, anywhere in the text. On PostgreSQL that lookup compiles
to ``UPPER(column::text) LIKE UPPER('%value%')``, which the trigram indexes made by
``AddTrigramIndex`` in the apps' migrations (``pg_trgm``, GIN over exactly that ``UPPER(column)``)
answer without reading every row of the municipality (issue 8: a scan of 10,000 people took
most of the people search); so on PostgreSQL the condition is shaped for them:

- a field of a related record (``organisation__name``) becomes
  ``organisation_id = ANY(ARRAY(SELECT id FROM organisation WHERE UPPER(name) LIKE ...))``,
  so each table's own index answers and the planner can OR the three bitmaps, instead of
  joining every organisation to test its name row by row;
- no ``DISTINCT`` is needed as long as the fields follow only foreign keys.

On other databases (SQLite, the embedded default and the test suite) it is a plain
``icontains`` across the join: same rows, no index needed at that size. Special-category fields
(ethnicity, faith) must never be passed here.
"""

from collections.abc import Sequence

from django.db import connection, router
from django.db.migrations.operations.base import Operation, OperationCategory
from django.db.models import F, Lookup, Q, QuerySet


def contains_any(queryset: QuerySet, fields: Sequence[str], value: str) -> QuerySet:
    """``queryset`` narrowed to rows where any of ``fields`` (lookup paths such as ``"name"`` or
    ``"organisation__name"``) contains ``value`` (stripped, NUL characters dropped: no stored
    text holds one and PostgreSQL refuses them in a query; an empty value returns ``queryset``
    unchanged). Paths crossing a many-valued relation add ``DISTINCT``."""
    value = value.replace("\x00", "").strip()
    if not value or not fields:
        return queryset
    condition = Q()
    many_valued = False
    for path in fields:
        relation, _, rest = path.partition("__")
        field = queryset.model._meta.get_field(relation)
        if rest and (field.many_to_many or field.one_to_many):
            many_valued = True
        if rest and field.many_to_one and connection.vendor == "postgresql":
            condition |= _in_related(field, rest, value)
        else:
            condition |= Q(**{f"{path}__icontains": value})
    queryset = queryset.filter(condition)
    return queryset.distinct() if many_valued else queryset


def _in_related(field, rest: str, value: str) -> Q:
    """``field_id = ANY(ARRAY(SELECT pk FROM related WHERE <rest> contains value))``: the array
    is computed once (an InitPlan), so the outer table's index on ``field_id`` can join the
    bitmap OR of the other conditions."""
    from django.contrib.postgres.expressions import ArraySubquery

    related = field.related_model
    matching = contains_any(related.objects.all(), [rest], value).order_by().values("pk")
    return Q(_EqualsAny(F(field.attname), ArraySubquery(matching)))


class _EqualsAny(Lookup):
    """``lhs = ANY(rhs)``, ``rhs`` an array expression (PostgreSQL)."""

    lookup_name = "equals_any"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


class AddTrigramIndex(Operation):
    """Migration operation: on PostgreSQL, a GIN trigram index over ``UPPER(column)`` of
    ``model_name.field_name``, which serves ``icontains`` (hence ``contains_any``); needs the
    ``pg_trgm`` extension (``TrigramExtension()`` earlier in the migration graph). Does nothing
    on other databases, and is kept out of the model state on purpose: SQLite cannot build a GIN
    index, and an index in ``Meta.indexes`` would be rebuilt by every later SQLite table
    rebuild. Reversible (drops the index)."""

    reversible = True
    category = OperationCategory.ADDITION

    def __init__(self, model_name: str, field_name: str):
        self.model_name = model_name
        self.field_name = field_name

    def deconstruct(self):
        return self.__class__.__name__, [self.model_name, self.field_name], {}

    def state_forwards(self, app_label, state):
        pass

    def _applies(self, app_label, schema_editor) -> bool:
        return schema_editor.connection.vendor == "postgresql" and router.allow_migrate(
            schema_editor.connection.alias, app_label, model_name=self.model_name
        )

    def _names(self, app_label, state) -> tuple[str, str, str]:
        """(quoted table, quoted column, quoted index name) at ``state``."""
        model = state.apps.get_model(app_label, self.model_name)
        table = model._meta.db_table
        column = model._meta.get_field(self.field_name).column
        name = f"{table}_{column}_trgm"[-63:]  # PostgreSQL's identifier limit
        quote = connection.ops.quote_name
        return quote(table), quote(column), quote(name)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if self._applies(app_label, schema_editor):
            table, column, name = self._names(app_label, to_state)
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if self._applies(app_label, schema_editor):
            schema_editor.execute(f"DROP INDEX IF EXISTS {self._names(app_label, from_state)[2]}")

    def describe(self):
        return f"Create a trigram index on {self.model_name}.{self.field_name} (PostgreSQL only)"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name.lower()}_{self.field_name.lower()}_trgm"
