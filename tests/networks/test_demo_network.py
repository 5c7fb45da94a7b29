"""The demo shows the network step by step (issue 9): contacts at two levels for the formal
partners, goals with reviews in every municipality, and engagement steps the records would
move on."""

import pytest
from django.db import transaction
from django_scopes import scopes_disabled

from demo.loader import MUNICIPALITY_MODULES, load_demo
from engagement.models import PreconditionGoal
from networks.models import Community, Organisation, PartnerLevel, Person
from networks.steps import proposed_steps

SLUGS = [module.MUNICIPALITY["slug"] for module in MUNICIPALITY_MODULES]
#: Tells pytest-django to set up the test database before the module fixture runs.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic(), scopes_disabled():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("slug", SLUGS)
def test_formal_partners_have_contacts_at_both_levels(loaded, slug):
    formal = Organisation.objects.filter(municipality__slug=slug).in_network("formal")
    both = [o for o in formal.with_contact_levels()
            if o.strategic_count and o.operational_count]
    assert len(both) >= 2, slug


@pytest.mark.parametrize("slug", SLUGS)
def test_every_municipality_has_reviewed_goals(loaded, slug):
    goals = PreconditionGoal.objects.filter(municipality__slug=slug)
    assert {"short", "long"} <= set(goals.values_list("term", flat=True))
    assert goals.filter(reviews__isnull=False).distinct().count() >= 2
    assert goals.review_overdue().exists(), slug


def test_some_key_partners_rely_on_one_person(loaded):
    missing = Organisation.objects.missing_contact_levels()
    assert missing.filter(name="Mosque association of Vilvoorde").exists()
    assert not missing.filter(name="SPIOR").exists()  # a director and a volunteer
    assert Organisation.objects.filter(name="SPIOR").key_partners().exists()


def test_the_records_propose_another_step_for_some_communities(loaded):
    communities = list(Community.objects.all())
    proposal = proposed_steps([c.pk for c in communities])
    ahead = [c for c in communities if proposal[c.pk] > c.engagement_step]
    assert ahead, "no community whose records show a later step"
    assert {c.municipality.slug for c in ahead} >= {"vilvoorde"}
    assert any(proposal[c.pk] < c.engagement_step for c in communities)


def test_person_levels_are_set_only_with_an_organisation(loaded):
    assert not Person.objects.exclude(partner_level="").filter(organisation__isnull=True).exists()
    assert Person.objects.filter(partner_level=PartnerLevel.STRATEGIC).count() >= 8
