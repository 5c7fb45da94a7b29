"""``bench_sweep`` keeps working: a tiny country on SQLite, one JSON line. Never a timed test."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_bench_sweep_prints_one_line():
    out = StringIO()
    call_command("bench_sweep", municipalities=3, scale=0.001, big_share=0.5, stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    line = json.loads(lines[0])
    assert set(line) == {"municipalities", "people", "sweep_s", "queries",
                         "queries_per_municipality"}
    assert line["municipalities"] >= 3
    assert line["queries"] > 0


@pytest.mark.parametrize("command", ["bench_pages", "bench_sharing", "bench_sweep"])
def test_every_bench_refuses_the_production_settings_and_a_bad_size(command, settings):
    """The options and guards every bench shares (bench.command.NationalScaleCommand): no
    synthetic rows under the production settings without --force, a clear error for a size
    the data builder refuses; nothing is built either way."""
    from django.core.management.base import CommandError

    from coordinator.models import Municipality

    settings.SETTINGS_MODULE = "coordinator.settings.production"
    with pytest.raises(CommandError, match="refusing to run with the production settings"):
        call_command(command, municipalities=3, scale=0.001, stdout=StringIO())
    settings.SETTINGS_MODULE = "coordinator.settings.test"
    with pytest.raises(CommandError):
        call_command(command, municipalities=0, scale=0.001, stdout=StringIO())
    assert not Municipality.objects.filter(slug__startswith="bench-").exists()
