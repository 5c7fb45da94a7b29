"""``python manage.py bench_sharing``: what the information-sharing agreements cost a partner
professional's interaction list at national scale (issue 7, "Performance").

Builds, or reuses with ``--reuse``, the national-scale country of ``bench.data`` (400
municipalities, 1,000,000 interactions) and on it the sharing data of ``bench.sharing_data``:
50 partner organisations of the big municipality (``bench-0001``), each with an active
agreement covering interaction notes (half of them limited to 5 % of the communities), its
partner professional, and 100,000 per-object grants (``InteractionGrant``).

It then requests, through Django's test ``Client`` in this process (the project's full
middleware, no network), the real interaction list ``/interactions/`` (first page of 25 plus
its count):

- ``partner_list_ms``: signed in as ``bench-partner-01``, the partner professional whose
  agreement is limited to some communities: the list is filtered by the agreements in force
  today (read once per request) and ``community_id IN (...)``, and the response writes one
  read-access event (one ``INSERT``, part of the page's cost; the command fails if there is not
  exactly one);
- ``plain_fk_ms``: "the same page filtered by municipality only": the same partner requests
  ``bench.views.plain_interaction_list`` (mounted only in ``bench.urls``), the same view class,
  template, filter form, pagination and count with the access layer's filter replaced by the
  plain ``municipality_id`` foreign key, and no access event. Not the coordinator's page: a
  coordinator's filter form lists the municipality's 800 communities, which a partner's does
  not, and would make the partner look cheaper than the filter they pay for.

Two warm-up requests of each, then ``--runs`` (at least 7 by default) alternating pairs.
Prints one JSON line on stdout (progress goes to stderr)::

    {"partner_list_ms": median, "plain_fk_ms": median, "ratio": partner / plain,
     "queries": n}

``queries`` is the number of SQL queries of one partner request. Target: ``ratio`` <= 1.5 on
PostgreSQL. A benchmark, never a timed test: ``tests/bench`` only checks that it runs on a tiny
SQLite country.
"""

import json
import statistics
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import data, sharing_data
from bench.command import NationalScaleCommand
from bench.management.commands.bench_pages import _get, _url


class Command(NationalScaleCommand):
    help = ("Benchmark a partner professional's interaction list (agreements and 100,000 "
            "per-object grants) against the coordinator's; one JSON line.")
    bench_name = "bench_sharing"
    scale_help = ("Fraction of the national row counts (default 1: 1,000,000 interactions, "
                  "100,000 grants).")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--runs", type=int, default=7,
                            help="Timed runs of each page (default 7).")
        parser.add_argument("--partners", type=int, default=50)

    def handle(self, *args, **options):
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1")
        spec = self.spec(options)
        try:
            sharing_spec = sharing_data.SharingSpec(
                partners=options["partners"],
                grants=round(sharing_data.NATIONAL_GRANTS * options["scale"]))
        except ValueError as error:
            raise CommandError(str(error)) from error
        bench, sharing = self._data(spec, sharing_spec, options["reuse"])
        with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False,
                               ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            client = Client()
            client.force_login(sharing.partner)
            url = _url("engagement:interaction_list", "interaction_list")
            plain_url = reverse("bench_plain_interaction_list")
            self.stdout.write(json.dumps(measure(client, url, plain_url, options["runs"])))

    def _data(self, spec, sharing_spec, reuse):
        """The bench data (``bench_data``; the sharing data built on it goes first when it is
        built again) and the sharing data of ``sharing_spec``, reused when it matches."""
        bench = self.bench_data(spec, reuse, before_delete=sharing_data.delete)
        found = sharing_data.existing(bench, sharing_spec)
        if found is not None:
            self.log("reusing the bench sharing data")
            return bench, found
        sharing_data.delete(log=self.log)
        try:
            return bench, sharing_data.build(bench, sharing_spec, log=self.log)
        except ValueError as error:
            raise CommandError(str(error)) from error


def measure(client: Client, url: str, plain_url: str, runs: int) -> dict:
    """Medians in milliseconds of ``runs`` alternating requests of the partner's page ``url``
    and of ``plain_url``, their ratio, and the query count of one more request of ``url``,
    which must write exactly one
    read-access event (``CommandError`` otherwise: a partner who sees nothing, or a log written
    row by row, would make the figure meaningless)."""
    for _ in range(2):  # warm-up: template loading, connection, caches
        _get(client, plain_url)
        _get(client, url)
    timings = {url: [], plain_url: []}
    for run in range(runs):
        for target in (plain_url, url) if run % 2 == 0 else (url, plain_url):
            started = time.perf_counter()
            _get(client, target)
            timings[target].append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    table = data.model("AccessEvent")._meta.db_table
    inserts = [q for q in queries if q["sql"].lstrip().upper().startswith("INSERT")
               and table in q["sql"]]
    if len(inserts) != 1:
        raise CommandError(f"The partner's page wrote {len(inserts)} access-log INSERTs, not 1: "
                           "does the partner see any interaction?")
    partner_ms = statistics.median(timings[url])
    plain_ms = statistics.median(timings[plain_url])
    return {"partner_list_ms": round(partner_ms, 2), "plain_fk_ms": round(plain_ms, 2),
            "ratio": round(partner_ms / plain_ms, 3), "queries": len(queries)}
