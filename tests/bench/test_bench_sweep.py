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
