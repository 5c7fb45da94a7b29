"""Issue 8: every measured page runs the same number of queries with 10 interactions as with
10,000 (one municipality built by bench.data, on the test database). An empty list may skip
its query (a search that finds nobody, a dashboard list whose count is 0): both sizes have
something in each."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench import data
from bench.management.commands.bench_pages import pages_to_measure
from tests.clients import Client

pytestmark = pytest.mark.django_db


def _query_counts(spec: data.Spec) -> list[tuple[str, int]]:
    """(page, queries) of each measured page, "page 50" without its number."""
    data.delete()
    bench = data.build(spec)
    # A search that finds someone at any size (an empty page of results skips one query).
    bench.search_term = data.model("Person").objects.first().name.split()[-1]
    # A commitment due at any size: the dashboard reads a list only when its count is not 0.
    commitments = data.model("Commitment").objects.filter(municipality=bench.municipality)
    commitments.filter(pk=commitments.order_by("pk").first().pk).update(
        status="open", due_on=timezone.localdate())
    client = Client()
    client.force_login(bench.coordinator)
    counts = []
    with override_settings(ROOT_URLCONF="bench.urls"):
        for name, url in pages_to_measure(bench):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            counts.append((name.partition(" page ")[0], len(queries)))
    return counts


def test_same_number_of_queries_at_10_and_at_10000_interactions():
    small = _query_counts(data.Spec(municipalities=1, big_share=1, scale=0.00001))
    large = _query_counts(data.Spec(municipalities=1, big_share=1, scale=0.01))
    assert data.model("Interaction").objects.count() == 10_000
    assert small == large
