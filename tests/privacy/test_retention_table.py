"""The retention table (coordinator/retention.py) covers every model of the project, names only
fields that exist, and every rule the daily run applies can be evaluated."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from coordinator import retention
from coordinator.policies import POLICIES
from coordinator.retention import CLASSES, RETENTION, Method, base_label, missing_rules
from privacy import runs
from tests.urlwalk import project_models

from .conftest import days_ago


def test_every_model_of_the_project_has_a_retention_class():
    """A new model (its history and its many-to-many tables follow it) fails here until its
    rule is written in coordinator.retention.RETENTION."""
    missing = missing_rules(project_models())
    assert not missing, (
        f"No retention rule for {missing}: add one to coordinator/retention.py RETENTION "
        "(class, lawful basis, personal fields, method, anchor).")


def test_a_model_without_a_rule_is_caught_with_its_history(monkeypatch):
    table = dict(RETENTION)
    del table["networks.person"]
    monkeypatch.setattr(retention, "RETENTION", table)
    person_models = [m for m in project_models() if base_label(m) == "networks.person"]
    # The person, its history, its link table to communities and that table's history.
    assert len(person_models) >= 4
    assert retention.missing_rules(person_models) == ["networks.person"]


def test_every_rule_is_an_installed_model_with_the_fields_it_names():
    for label, rule in RETENTION.items():
        model = apps.get_model(label)
        names = {f.name for f in model._meta.get_fields()}
        named = {*rule.personal, *rule.special, *rule.erase_fields, *rule.free_text}
        assert named <= names, f"{label}: no field(s) {named - names}"
        assert rule.retention in CLASSES, label
        if rule.method in (Method.DELETE, Method.ANONYMISE):
            assert rule.anchor is not None and CLASSES[rule.retention].has_period, label
        if rule.method == Method.ANONYMISE:
            assert rule.erase_fields, label


def test_every_new_model_has_an_access_policy():
    models = [m for m in apps.get_app_config("privacy").get_models()
              if not hasattr(m, "instance_type")]
    assert {m._meta.label_lower for m in models} <= set(POLICIES)


@pytest.mark.parametrize("label", [label for label, rule in RETENTION.items()
                                   if rule.method in (Method.DELETE, Method.ANONYMISE)])
def test_every_rule_of_the_run_can_be_evaluated(municipality, label):
    rule = RETENTION[label]
    days = runs.periods(municipality.pk)[rule.retention]
    assert list(runs.expired(label, municipality.pk, days, days_ago(0))) == []


def test_the_limits_of_a_class_are_enforced():
    contacts = CLASSES["contacts"]
    assert contacts.min_days <= contacts.default_days <= contacts.max_days
    contacts.check(contacts.min_days)
    with pytest.raises(ValidationError):
        contacts.check(contacts.min_days - 1)
    with pytest.raises(ValidationError):
        contacts.check(contacts.max_days + 1)
    with pytest.raises(ValidationError):
        CLASSES["in_use"].check(100)
