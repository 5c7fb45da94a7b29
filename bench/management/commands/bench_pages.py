"""``python manage.py bench_pages``: how fast the list pages, the people search and the
dashboard are at national scale, against a bare list (issue 8, "Fast pages at national scale").

Builds the national-scale data of ``bench.data`` on the configured database (or reuses it with
``--reuse``), signs in the coordinator of the big municipality (``bench-0001``) and requests,
through Django's test ``Client`` in this process (the project's full middleware, no network),
each page and the bare list (``bench.views.bare_list``: 50 interactions of the same
municipality, mounted only in ``bench.urls``), alternating which goes first, after two warm-up
requests of each. Prints one JSON line per page on stdout (progress goes to stderr)::

    {"page": "people list", "page_ms": median, "bare_ms": median, "ratio": bare_ms / page_ms,
     "queries": n}

Each page is measured as a user sees it again when nothing changed: what it keeps in the
cache under the municipality's change stamp (the dashboard's panels, the menu, a list's filter
form and number of results, the communities' proposed steps) comes from the cache. The pages
named "... after a change" are measured right after a record of the municipality was written,
so all of that is built again: the dashboard (every panel's queries and rendering) and the
community list (the list that keeps the most).

``ratio`` 1.0 means as fast as the bare list; the target of issue 8 is 0.8 or more on
PostgreSQL. ``queries`` is the number of SQL queries of one request of the page. A benchmark,
never a timed test: ``tests/bench`` only checks that it runs on a tiny SQLite country
(``--municipalities 3 --scale 0.0001 --runs 1``).
"""

import json
import math
import statistics
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from bench import data
from bench.command import NationalScaleCommand
from coordinator import changes

#: Rows per page of the interaction list (``ScopedListView.paginate_by``), to clamp "page 50"
#: to the last page on a small country.
PAGE_SIZE = 25
DEEP_PAGE = 50
#: Pages measured when a record of the municipality was written since the last view, so what
#: they keep in the cache is built again (``coordinator.changes``).
AFTER_A_CHANGE = " after a change"


class Command(NationalScaleCommand):
    help = ("Benchmark the list pages, the people search and the dashboard at national scale "
            "against a bare list of 50 interactions; one JSON line per page.")
    bench_name = "bench_pages"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--runs", type=int, default=7,
                            help="Timed runs of each page and of the bare list (default 7).")
        parser.add_argument("--only", action="append", default=[], metavar="PAGE",
                            help="Measure only this page (its JSON name); may be repeated.")

    def handle(self, *args, **options):
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1")
        bench = self.bench_data(self.spec(options), options["reuse"])
        with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False,
                               ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            client = Client()
            client.force_login(bench.coordinator)
            pages = pages_to_measure(bench)
            unknown = set(options["only"]) - {name for name, _url in pages}
            if unknown:
                raise CommandError(f"Unknown page(s) {sorted(unknown)}; "
                                   f"choose from {[name for name, _url in pages]}.")
            bare_url = reverse("bench_bare_list")
            for name, url in pages:
                if options["only"] and name not in options["only"]:
                    continue
                before = None
                if name.endswith(AFTER_A_CHANGE):
                    def before(municipality_id=bench.municipality.pk):
                        changes.move_now(municipality_id)
                result = self._measure(client, name, url, bare_url, options["runs"], before)
                self.stdout.write(json.dumps(result))

    def _measure(self, client: Client, name: str, url: str, bare_url: str, runs: int,
                 before=None) -> dict:
        """Medians over ``runs`` alternating requests of the page and of the bare list, in
        milliseconds, and the query count of one more request of the page. ``before()``, if
        given, runs before each request of the page, untimed."""
        before = before or (lambda: None)
        for _ in range(2):  # warm-up: template loading, connection, caches
            _get(client, bare_url)
            before()
            _get(client, url)
        timings = {url: [], bare_url: []}
        for run in range(runs):
            for target in (bare_url, url) if run % 2 == 0 else (url, bare_url):
                if target == url:
                    before()
                started = time.perf_counter()
                _get(client, target)
                timings[target].append((time.perf_counter() - started) * 1000)
        before()
        with CaptureQueriesContext(connection) as queries:
            _get(client, url)
        page_ms = statistics.median(timings[url])
        bare_ms = statistics.median(timings[bare_url])
        return {"page": name, "page_ms": round(page_ms, 2), "bare_ms": round(bare_ms, 2),
                "ratio": round(bare_ms / page_ms, 3), "queries": len(queries)}


def pages_to_measure(bench: data.BenchData) -> list[tuple[str, str]]:
    """(JSON name, URL) of every page measured, for the big municipality of ``bench``. The deep
    interaction page is page 50, or the last page of a smaller country. Call it under the bench
    URLconf."""
    with data.scopes_disabled():
        interactions = data.model("Interaction")._base_manager.filter(
            municipality=bench.municipality).count()
    deep = min(DEEP_PAGE, max(1, math.ceil(interactions / PAGE_SIZE)))
    people = _url("networks:person_list")
    interaction_list = _url("engagement:interaction_list", "interaction_list")
    return [
        ("people list", people),
        ("people search", f"{people}?{urlencode({'q': bench.search_term})}"),
        ("interaction list", interaction_list),
        (f"interaction list page {deep}", f"{interaction_list}?page={deep}"),
        ("commitment list", _url("engagement:commitment_list", "commitment_list")),
        ("community list", _url("networks:community_list")),
        (f"community list{AFTER_A_CHANGE}", _url("networks:community_list")),
        ("organisation list", _url("networks:organisation_list")),
        ("dashboard", _url("dashboard")),
        (f"dashboard{AFTER_A_CHANGE}", _url("dashboard")),
    ]


def _url(*names: str) -> str:
    """The path of the first URL name that exists (names change when apps move)."""
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    raise CommandError(f"None of the URL names {names} exists.")


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise CommandError(f"GET {url} answered {response.status_code}, not 200.")
