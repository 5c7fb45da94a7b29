"""The engagement-level gate registry (networks/gates.py): vetting plugs its clearance check in
by registering it, and without any gate a raise is refused (fail closed)."""

import pytest
from django.core.exceptions import ValidationError

from networks import gates
from networks.models import EngagementLevel
from vetting.services import check_engagement_gate

from ..factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_gate(monkeypatch):
    """As if vetting were not installed: no gate registered."""
    monkeypatch.setattr(gates, "_gates", [])


def test_vetting_registers_its_gate_once():
    assert gates.registered_gates().count(check_engagement_gate) == 1
    gates.register_engagement_gate(check_engagement_gate)
    assert gates.registered_gates().count(check_engagement_gate) == 1


@pytest.mark.parametrize("field, value", [
    ("engagement_level", EngagementLevel.COLLABORATION),
    ("engagement_level", EngagementLevel.PARTNERSHIP),
    ("receives_municipal_funding", True),
])
def test_without_a_gate_every_raise_is_refused(no_gate, municipality, field, value):
    organisation = OrganisationFactory(municipality=municipality)
    setattr(organisation, field, value)
    for check in (organisation.full_clean, organisation.save):
        with pytest.raises(ValidationError) as exc:
            check()
        assert list(exc.value.message_dict) == [field]
        assert "No assessment of partners is installed" in exc.value.message_dict[field][0]


def test_without_a_gate_a_new_organisation_cannot_start_above_dialogue(no_gate, municipality):
    with pytest.raises(ValidationError):
        OrganisationFactory(municipality=municipality, engagement_level=EngagementLevel.PARTNERSHIP)


def test_without_a_gate_lowering_and_unrelated_changes_are_allowed(no_gate, municipality,
                                                                  monkeypatch):
    organisation = OrganisationFactory(municipality=municipality)
    # Reach partnership as if a gate had cleared it, then take the gate away again.
    monkeypatch.setattr(gates, "_gates", [lambda org: None])
    organisation.engagement_level = EngagementLevel.PARTNERSHIP
    organisation.receives_municipal_funding = True
    organisation.save()
    monkeypatch.setattr(gates, "_gates", [])
    organisation.name = "Renamed"
    organisation.save()
    organisation.engagement_level = EngagementLevel.COLLABORATION
    organisation.receives_municipal_funding = False
    organisation.full_clean()
    organisation.save()


def test_the_messages_of_every_gate_are_reported(monkeypatch, municipality):
    def level_gate(org):
        raise ValidationError({"engagement_level": "first gate"})

    def funding_gate(org):
        raise ValidationError({"receives_municipal_funding": "second gate"})

    monkeypatch.setattr(gates, "_gates", [level_gate, funding_gate])
    organisation = OrganisationFactory.build(municipality=municipality)
    with pytest.raises(ValidationError) as exc:
        gates.check_engagement_gates(organisation)
    assert exc.value.message_dict == {
        "engagement_level": ["first gate"], "receives_municipal_funding": ["second gate"],
    }
