"""The completeness check (issue 4; 004 "at the very least" the seven elements)."""

from actionplans import services
from actionplans.models import (
    Goal,
    GoalScope,
    Indicator,
    IndicatorKind,
    Intervention,
    PartnerRole,
    PreventionLevel,
)


def by_element(results):
    return {r["element"]: r for r in results}


def test_result_shape(version):
    results = services.check_completeness(version)
    assert [r["element"] for r in results] == [1, 2, 3, 4, 5, 6, 7]
    for r in results:
        assert set(r) == {"element", "title", "complete", "missing", "warnings"}
        assert isinstance(r["missing"], list) and isinstance(r["warnings"], list)


def test_an_empty_version_misses_every_element(version):
    results = services.check_completeness(version)
    assert not services.is_complete(results)
    assert all(not r["complete"] for r in results)
    e = by_element(results)
    assert any("right-wing" in m for m in e[1]["missing"])
    assert any("protective factor" in m for m in e[1]["missing"])
    assert any("vision" in m for m in e[2]["missing"])
    assert any("political sponsor" in m for m in e[3]["missing"])
    assert any("\"polarisation\"" in m for m in e[4]["missing"])
    assert any("formal network" in m for m in e[5]["missing"])
    assert any("informal network" in m for m in e[5]["missing"])
    assert any("overall coordinator" in m for m in e[6]["missing"])
    assert any("intervention" in m for m in e[7]["missing"])


def test_a_complete_version_misses_nothing(complete_version):
    results = services.check_completeness(complete_version)
    assert services.is_complete(results), [r["missing"] for r in results]
    assert all(not r["warnings"] for r in results), [r["warnings"] for r in results]


def test_the_network_is_read_live(complete_version, association):
    association.delete()
    e = by_element(services.check_completeness(complete_version))
    assert not e[5]["complete"]
    assert any("informal network" in m for m in e[5]["missing"])


def test_warns_on_goals_without_intervention_and_interventions_without_indicator(
        complete_version):
    v = complete_version
    Goal.objects.create(version=v, description="Resilient families", scope=GoalScope.SPECIFIC,
                        prevention_level=PreventionLevel.SPECIFIC)
    Intervention.objects.create(version=v, title="Parent coaching",
                                prevention_level=PreventionLevel.SPECIFIC)
    counted = Intervention.objects.create(version=v, title="Mentoring",
                                          responsible=PartnerRole.objects.first().organisation,
                                          prevention_level=PreventionLevel.SPECIFIC)
    Indicator.objects.create(intervention=counted, kind=IndicatorKind.OUTPUT,
                             description="Pairs formed")
    e = by_element(services.check_completeness(v))
    assert e[2]["warnings"] == ['Goal "Resilient families" has no intervention.']
    assert 'Intervention "Parent coaching" has no indicator.' in e[7]["warnings"]
    assert any("Mentoring" in w and "output only" in w for w in e[7]["warnings"])
    # An intervention without a responsible partner is missing, not just a warning.
    assert any("Parent coaching" in m for m in e[7]["missing"])
    # Warnings do not make an element incomplete.
    assert e[2]["complete"]
