"""``python manage.py bench_sweep``: the daily reminders' sweep at national scale (issue 12).

Builds, or reuses with ``--reuse``, the country of ``bench.data`` (400 municipalities, 100,000
people) and runs :func:`reminders.sweep.sweep_all` synchronously in this process, without
enqueueing deliveries (the e-mails are separate tasks). Prints one JSON line::

    {"municipalities": n, "people": n, "sweep_s": seconds, "queries": n,
     "queries_per_municipality": q}

Target: ``sweep_s`` under 30 on PostgreSQL; queries grow with municipalities, not people.
A benchmark, never a timed test (``tests/bench`` only checks that it runs on a tiny country).
"""

import json
import time

from django.db import connection

from bench.command import NationalScaleCommand
from reminders.sweep import sweep_all


class Command(NationalScaleCommand):
    help = "Benchmark the daily reminders' sweep of every municipality; one JSON line."
    bench_name = "bench_sweep"

    def handle(self, *args, **options):
        bench = self.bench_data(self.spec(options), options["reuse"])
        # A counter, not CaptureQueriesContext: that one keeps at most 9,000 queries (the count
        # stopped there) and times every query, which the sweep's time would include.
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(1)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            results = sweep_all(enqueue=False)
            elapsed = time.perf_counter() - started
        swept = max(len(results), 1)
        self.stdout.write(json.dumps({
            "municipalities": len(results),
            "people": bench.counts.get("Person", 0),
            "sweep_s": round(elapsed, 2),
            "queries": len(queries),
            "queries_per_municipality": round(len(queries) / swept, 1),
        }))
