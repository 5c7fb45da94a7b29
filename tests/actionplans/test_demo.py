"""The demo plans (issue 4 "Done when"): a complete, approved Sarcelles plan with a draft
successor and a partial Vilvoorde draft; loading twice changes nothing."""

from actionplans import services
from actionplans.demo import SARCELLES_TITLE, VILVOORDE_TITLE, load_demo_plans
from actionplans.models import ActionPlan, ActionPlanVersion, SectionComment, VersionState
from demo.loader import load_demo


def test_demo_plans(db):
    load_demo()
    plans = load_demo_plans()
    sarcelles = plans["sarcelles"]
    assert sarcelles.title == SARCELLES_TITLE
    v1, v2 = sarcelles.versions.order_by("number")
    assert v1.state == VersionState.APPROVED and v1.approved_by.username == "sarcelles-admin"
    assert v1.council_decision_reference
    assert services.is_complete(services.check_completeness(v1))
    assert v2.state == VersionState.DRAFT and v2.based_on == v1
    assert any(r["has_changes"] for r in services.compare_versions(v1, v2))
    assert SectionComment.objects.filter(version=v2).count() == 2

    vilvoorde = plans["vilvoorde"]
    assert vilvoorde.title == VILVOORDE_TITLE
    draft = vilvoorde.versions.get()
    results = services.check_completeness(draft)
    assert not services.is_complete(results)
    assert any(r["complete"] for r in results)  # partial, not empty

    counts = (ActionPlan.objects.count(), ActionPlanVersion.objects.count())
    load_demo_plans()
    assert (ActionPlan.objects.count(), ActionPlanVersion.objects.count()) == counts


def test_demo_plans_skip_missing_municipalities(db):
    assert load_demo_plans() == {}
