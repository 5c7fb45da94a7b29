"""``bench_sharing`` keeps working: it builds a tiny country with agreements and per-record
grants on SQLite, measures the partner's and the coordinator's interaction lists once and prints
one JSON line. Never a timed test: the figures are not checked."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from bench import data, sharing_data
from coordinator import access
from coordinator.access import actor_for, visible

pytestmark = pytest.mark.django_db

TINY = {"municipalities": 3, "scale": 0.001, "big_share": 0.5, "partners": 3}


def _run(**options) -> dict:
    out = StringIO()
    call_command("bench_sharing", runs=1, stdout=out, **{**TINY, **options})
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def test_bench_sharing_prints_one_line():
    line = _run()
    assert set(line) == {"partner_list_ms", "plain_fk_ms", "ratio", "queries"}
    assert line["partner_list_ms"] > 0 and line["plain_fk_ms"] > 0 and line["queries"] > 0
    assert line["ratio"] == pytest.approx(line["partner_list_ms"] / line["plain_fk_ms"], rel=0.01)


def test_build_gives_partners_agreements_and_grants():
    _run()
    bench = data.existing(data.Spec(municipalities=3, scale=0.001, big_share=0.5))
    spec = sharing_data.SharingSpec(partners=3, grants=100)
    built = sharing_data.existing(bench, spec)
    assert built.counts == {"Agreement": 3, "InteractionGrant": 100}
    Grant = data.model("InteractionGrant")
    assert Grant.objects.count() == 100
    assert not Grant.objects.exclude(content_object__municipality=bench.municipality).exists()
    same_organisation = F("group__partner__organisation")
    assert not Grant.objects.exclude(agreement__parties__organisation=same_organisation).exists()
    # The measured partner's agreement is limited to some communities: it sees some of the big
    # municipality's interactions, not all, and none elsewhere.
    Interaction = data.model("Interaction")
    seen = visible(actor_for(built.partner, bench.municipality.pk), Interaction.objects.all())
    assert built.agreement.communities.exists()
    assert 0 < seen.count() < Interaction.objects.filter(municipality=bench.municipality).count()


def test_partner_page_writes_one_access_event_per_request():
    _run()
    AccessEvent = data.model("AccessEvent")
    # 2 warm-ups + 1 run + 1 counted request, each one event.
    assert AccessEvent.objects.count() == 4
    assert all(event.object_ids for event in AccessEvent.objects.all())


def test_reuse_keeps_the_data_and_a_page_that_logs_nothing_fails(monkeypatch):
    _run()
    Grant = data.model("InteractionGrant")
    first = list(Grant.objects.values_list("pk", flat=True))
    _run(reuse=True)
    assert list(Grant.objects.values_list("pk", flat=True)) == first
    monkeypatch.setattr(access, "_access_recorders", [])  # the read-access log not written
    with pytest.raises(CommandError, match="wrote 0 access-log INSERTs"):
        _run(reuse=True)
    monkeypatch.undo()
    data.model("Agreement").objects.filter(title=f"{sharing_data.AGREEMENT_PREFIX}01").update(
        state="suspended")
    with pytest.raises(CommandError, match="answered 403"):  # no agreement in force: no list
        _run(reuse=True)


def test_data_that_does_not_match_is_rebuilt():
    _run()
    Grant = data.model("InteractionGrant")
    Grant.objects.filter(pk=Grant.objects.first().pk).delete()
    _run(reuse=True)
    assert Grant.objects.count() == 100
    _run()
    assert data.model("Agreement").objects.count() == 3


def test_plain_page_lists_the_whole_municipality_and_logs_nothing(client, settings):
    """The yardstick is the same list with the municipality filter only: the partner sees more
    rows there than on their own page, and no access event is written."""
    _run()
    settings.ROOT_URLCONF = "bench.urls"
    bench = data.existing(data.Spec(municipalities=3, scale=0.001, big_share=0.5))
    built = sharing_data.existing(bench, sharing_data.SharingSpec(partners=3, grants=100))
    AccessEvent = data.model("AccessEvent")
    before = AccessEvent.objects.count()
    client.force_login(built.partner)
    plain = client.get("/bench/plain-interactions/")
    own = client.get("/interactions/")
    assert plain.status_code == own.status_code == 200
    assert plain.context["paginator"].count == 500  # every interaction of bench-0001
    assert 0 < own.context["paginator"].count < 500
    assert AccessEvent.objects.count() == before + 1  # the partner's own page only
