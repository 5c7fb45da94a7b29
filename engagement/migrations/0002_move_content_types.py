"""Carry the moved models' content types from coordinator to engagement, so that their
permissions (and the admin's log entries) follow them instead of being left on stale content
types while new, empty ones are created. On a fresh database there is nothing to move: the
content types are created after ``migrate``."""

from django.db import migrations

MOVED = (
    "preconditions", "historicalpreconditions",
    "interaction", "historicalinteraction",
    "historicalinteraction_people", "historicalinteraction_organisations",
    "commitment", "historicalcommitment",
)


def _relabel(apps, schema_editor, old, new):
    content_type = apps.get_model("contenttypes", "ContentType")
    rows = content_type.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        # Never make a duplicate (app_label, model): if the new one exists already, keep it.
        if not rows.filter(app_label=new, model=model).exists():
            rows.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, "coordinator", "engagement")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, "engagement", "coordinator")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("engagement", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
