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
import sys
import time

from django.core.management.base import BaseCommand
from django.db import connection

from bench import data
from reminders.sweep import sweep_all


class Command(BaseCommand):
    help = "Benchmark the daily reminders' sweep of every municipality; one JSON line."

    def add_arguments(self, parser):
        parser.add_argument("--reuse", action="store_true",
                            help="Reuse the bench data if it matches the requested size.")
        parser.add_argument("--municipalities", type=int, default=400)
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--big-share", type=float, default=0.10)

    def _log(self, message):
        print(message, file=sys.stderr)

    def handle(self, *args, **options):
        spec = data.Spec(municipalities=options["municipalities"], scale=options["scale"],
                         big_share=options["big_share"])
        bench = data.existing(spec) if options["reuse"] else None
        if bench is None:
            data.delete(log=self._log)
            bench = data.build(spec, log=self._log)
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
