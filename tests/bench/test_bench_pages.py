"""``bench_pages`` keeps working: it builds a tiny country on SQLite, measures every page once and
prints one JSON line per page. Never a timed test: the figures are not checked."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from bench import data

pytestmark = pytest.mark.django_db

TINY = {"municipalities": 3, "scale": 0.0001}


def _run(**options) -> list[dict]:
    out = StringIO()
    call_command("bench_pages", runs=1, stdout=out, **TINY, **options)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_bench_pages_prints_one_line_per_page(settings):
    settings.LINCHPIN_FRAGMENT_CACHE_SECONDS = 60  # as in production
    lines = _run()
    assert [line["page"] for line in lines] == [
        "people list", "people search", "interaction list", "interaction list page 1",
        "commitment list", "community list", "community list after a change",
        "organisation list", "dashboard", "dashboard after a change",
    ]
    for line in lines:
        assert set(line) == {"page", "page_ms", "bare_ms", "ratio", "queries"}
        assert line["page_ms"] > 0 and line["bare_ms"] > 0 and line["queries"] > 0
    queries = {line["page"]: line["queries"] for line in lines}
    # The panels come from the cache, unless a record was written since the last view; so do the
    # community list's number of results and proposed steps.
    assert queries["dashboard"] < queries["dashboard after a change"] - 3
    assert queries["community list"] < queries["community list after a change"]


def test_build_is_exact_tagged_and_reusable():
    spec = data.Spec(**TINY)
    built = data.build(spec)
    assert built.counts == spec.totals() == {
        "Community": 3, "Organisation": 3, "Person": 10, "Interaction": 100, "Commitment": 20,
    }
    assert built.municipality.slug == "bench-0001"
    Interaction = data.model("Interaction")
    assert Interaction.objects.filter(municipality=built.municipality).count() == 10
    assert not Interaction.objects.exclude(municipality__slug__startswith="bench-").exists()
    assert data.existing(spec).municipality == built.municipality
    assert data.existing(data.Spec(municipalities=4, scale=0.0001)) is None

    data.delete()
    assert data.existing(spec) is None
    assert not Interaction.objects.exists()


def test_reuse_keeps_the_data():
    _run()
    Interaction = data.model("Interaction")
    Interaction.objects.filter(pk=Interaction.objects.first().pk).update(follow_up="marker")
    _run(reuse=True, only=["dashboard"])
    assert Interaction.objects.filter(follow_up="marker").exists()


@pytest.mark.parametrize("reuse", [False, True])
def test_data_that_does_not_match_is_rebuilt(reuse):
    """Without ``--reuse`` always; with it when the counts differ from the requested size."""
    _run(only=["dashboard"])
    Interaction = data.model("Interaction")
    extra = Interaction.objects.first()
    extra.pk = None
    extra.follow_up = "marker"
    extra.save()
    _run(only=["dashboard"], reuse=reuse)
    assert not Interaction.objects.filter(follow_up="marker").exists()
    assert Interaction.objects.count() == data.Spec(**TINY).totals()["Interaction"]
