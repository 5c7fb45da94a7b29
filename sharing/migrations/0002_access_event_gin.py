"""GIN indexes (jsonb_path_ops) on the read-access log's JSON lists, on PostgreSQL only: the
per-record ("who saw this record") and per-agreement look-ups are ``@>`` containment tests.
SQLite has no such index; ``sharing.log`` scans there with ``json_each``."""

from django.db import migrations

INDEXES = (
    ("access_event_objects_gin", "object_ids"),
    ("access_event_agreements_gin", "agreement_ids"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("sharing", "AccessEvent")._meta.db_table)
    for name, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} jsonb_path_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
