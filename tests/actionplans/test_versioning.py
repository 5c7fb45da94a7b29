"""States, freezing and deep copy of versions (issue 4 "States"; 004)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from actionplans import services
from actionplans.models import (
    ITEM_MODELS,
    ActionPlanVersion,
    AnalysisFactor,
    FactorKind,
    FrozenVersionError,
    Goal,
    Indicator,
    IndicatorMeasurement,
    Intervention,
    PartnerRole,
    VersionState,
)


def test_create_plan_starts_with_an_empty_draft(version):
    assert version.number == 1
    assert version.state == VersionState.DRAFT
    assert version.municipality_id == version.plan.municipality_id


def test_approval_records_who_when_and_the_council_decision(approved_version, admin_user):
    v = ActionPlanVersion.objects.get(pk=approved_version.pk)
    assert v.state == VersionState.APPROVED
    assert v.approved_by == admin_user
    assert v.approved_at is not None
    assert v.council_decision_reference == "Council decision 2025-12"
    assert v.plan.in_force() == v


@pytest.mark.parametrize("change", ["field", "item_create", "item_update", "item_delete",
                                    "version_delete", "m2m_item"])
def test_an_approved_version_is_frozen(approved_version, change):
    v = approved_version
    with pytest.raises(FrozenVersionError):
        if change == "field":
            v.vision = "Changed after adoption"
            v.save()
        elif change == "item_create":
            AnalysisFactor.objects.create(version=v, kind=FactorKind.RISK, description="New")
        elif change == "item_update":
            goal = Goal.objects.get(version=v)
            goal.description = "Changed"
            goal.save()
        elif change == "item_delete":
            Intervention.objects.get(version=v).delete()
        elif change == "version_delete":
            v.delete()
        elif change == "m2m_item":
            PartnerRole.objects.create(version=v, organisation=PartnerRole.objects.first()
                                       .organisation, role="New")
    v.refresh_from_db()
    assert v.vision != "Changed after adoption"
    assert Goal.objects.get(version=v).description != "Changed"


def test_a_stale_instance_cannot_unfreeze_a_version(approved_version):
    stale = ActionPlanVersion.objects.get(pk=approved_version.pk)
    stale.state = VersionState.DRAFT
    with pytest.raises(FrozenVersionError):
        stale.save()


def test_frozen_error_is_a_permission_denied():
    assert issubclass(FrozenVersionError, PermissionDenied)


def test_new_draft_is_a_deep_copy(approved_version, coordinator):
    old = approved_version
    draft = services.new_draft_from(old, by=coordinator)
    assert (draft.number, draft.state, draft.based_on) == (2, VersionState.DRAFT, old)
    assert draft.vision == old.vision
    for model in ITEM_MODELS:
        old_keys = set(model.objects.filter(version=old).values_list("key", flat=True))
        new_keys = set(model.objects.filter(version=draft).values_list("key", flat=True))
        assert old_keys == new_keys, model
    # Links between items point into the copy; links to the network stay.
    intervention = Intervention.objects.get(version=draft)
    assert intervention.goal.version == draft
    assert intervention.responsible == Intervention.objects.get(version=old).responsible
    indicator = Indicator.objects.filter(version=draft).first()
    assert indicator.intervention == intervention
    assert IndicatorMeasurement.objects.get(version=draft).indicator.version == draft
    assert [p.name for p in PartnerRole.objects.get(version=draft).people.all()] == [
        "Head teacher"]
    # The draft is editable, the original is untouched.
    draft.vision = "Updated"
    draft.save()
    old.refresh_from_db()
    assert old.vision != "Updated"


def test_new_draft_only_from_a_frozen_version_and_one_at_a_time(approved_version, coordinator,
                                                                 municipality):
    _plan, open_version = services.create_plan(municipality, "Another plan")
    with pytest.raises(services.TransitionError):
        services.new_draft_from(open_version, by=coordinator)
    services.new_draft_from(approved_version, by=coordinator)
    with pytest.raises(services.TransitionError):
        services.new_draft_from(approved_version, by=coordinator)


def test_approving_supersedes_the_version_in_force(approved_version, coordinator, admin_user):
    draft = services.new_draft_from(approved_version, by=coordinator)
    services.send_to_consultation(draft, coordinator)
    services.approve(draft, admin_user, "Council decision 2026-3")
    approved_version.refresh_from_db()
    assert approved_version.state == VersionState.SUPERSEDED
    assert approved_version.superseded_at is not None
    assert draft.plan.in_force() == draft
    assert draft.plan.versions.filter(state=VersionState.APPROVED).count() == 1


def test_the_database_allows_one_approved_and_one_open_version(approved_version):
    plan = approved_version.plan
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlanVersion.objects.create(plan=plan, number=5, state=VersionState.APPROVED)
    ActionPlanVersion.objects.create(plan=plan, number=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlanVersion.objects.create(plan=plan, number=7,
                                         state=VersionState.IN_CONSULTATION)


def test_only_a_municipal_admin_approves(complete_version, coordinator, other_municipality):
    from coordinator.models import Role
    from tests.factories import member

    services.send_to_consultation(complete_version, coordinator)
    with pytest.raises(PermissionDenied):
        services.approve(complete_version, coordinator, "Ref 1")
    outsider_admin = member(other_municipality, Role.MUNICIPAL_ADMIN)
    with pytest.raises(PermissionDenied):
        services.approve(complete_version, outsider_admin, "Ref 1")


def test_approval_needs_consultation_a_reference_and_a_complete_plan(
        complete_version, version, coordinator, admin_user):
    with pytest.raises(services.TransitionError):
        services.approve(complete_version, admin_user, "Ref 1")  # still a draft
    services.send_to_consultation(complete_version, coordinator)
    with pytest.raises(services.TransitionError):
        services.approve(complete_version, admin_user, "  ")
    complete_version.vision = ""
    complete_version.save()
    with pytest.raises(services.TransitionError):
        services.approve(complete_version, admin_user, "Ref 1")


def test_consultation_and_back(version, coordinator):
    version = services.send_to_consultation(version, coordinator)
    assert version.state == VersionState.IN_CONSULTATION
    assert version.sent_to_consultation_at
    with pytest.raises(services.TransitionError):
        services.send_to_consultation(version, coordinator)
    version = services.return_to_draft(version, coordinator)
    assert version.state == VersionState.DRAFT


def test_history_is_kept_on_versions_and_items(approved_version):
    assert approved_version.history.count() >= 3  # created, filled, consultation, approved
    goal = Goal.objects.get(version=approved_version)
    assert goal.history.count() == 1
    assert approved_version.plan.history.exists()
