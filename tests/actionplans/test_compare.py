"""Side-by-side comparison of two versions (issue 4)."""

import pytest

from actionplans import services
from actionplans.models import Definition, Goal, GoalScope, Indicator, PreventionLevel


@pytest.fixture
def pair(approved_version, coordinator):
    return approved_version, services.new_draft_from(approved_version, by=coordinator)


def by_element(results):
    return {r["element"]: r for r in results}


def test_identical_versions_have_no_changes(pair):
    results = services.compare_versions(*pair)
    assert [r["element"] for r in results] == [1, 2, 3, 4, 5, 6, 7]
    assert not any(r["has_changes"] for r in results)


def test_changed_fields_added_removed_and_changed_items(pair):
    old, new = pair
    new.vision = "A new vision"
    new.save()
    Goal.objects.create(version=new, description="Welcome newcomers", scope=GoalScope.GENERAL,
                        prevention_level=PreventionLevel.GENERAL)
    Definition.objects.get(version=new, term="polarisation").delete()
    indicator = Indicator.objects.get(version=new, description="Classes reached")
    indicator.target = 80
    indicator.save()

    e = by_element(services.compare_versions(old, new))
    assert e[2]["fields"] == [{"label": "Vision", "before": old.vision, "after": "A new vision"}]
    assert e[2]["added"] == [{"kind": "Goal", "item": "Welcome newcomers"}]
    assert e[4]["removed"] == [{"kind": "Definition", "item": "polarisation"}]
    assert e[7]["changed"] == [{"kind": "Indicator", "item": "Classes reached", "changes": [
        {"label": "Target", "before": "60", "after": "80"}]}]
    assert not e[3]["has_changes"] and not e[5]["has_changes"]


def test_an_edited_item_is_changed_not_removed_and_added(pair):
    old, new = pair
    goal = Goal.objects.get(version=new)
    goal.prevention_level = PreventionLevel.SPECIFIC
    goal.save()
    e = by_element(services.compare_versions(old, new))[2]
    assert not e["added"] and not e["removed"]
    assert e["changed"][0]["changes"][0]["label"] == "Prevention level"


def test_versions_of_different_plans_are_not_compared(approved_version, municipality):
    _plan, other = services.create_plan(municipality, "Another plan")
    with pytest.raises(ValueError):
        services.compare_versions(approved_version, other)
