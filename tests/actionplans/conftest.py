"""Fixtures of the action plan tests: a municipality's network, a complete version (every
element filled, so ``check_completeness`` finds nothing missing) and a municipal admin."""

import datetime
from decimal import Decimal

import pytest

from actionplans import services
from actionplans.models import (
    AnalysisFactor,
    AnalysisSource,
    Definition,
    FactorKind,
    Goal,
    GoalScope,
    Indicator,
    IndicatorKind,
    IndicatorMeasurement,
    Intervention,
    KeyOrganisation,
    PartnerRole,
    PoliticalSponsor,
    PreventionLevel,
    ProtectionAim,
    ResourceCommitment,
    SharedInformation,
    SharedSubGoal,
    SourceKind,
    SponsorOffice,
    Urgency,
)
from coordinator.models import Role
from networks.models import OrganisationKind
from tests.factories import OrganisationFactory, PersonFactory, member


@pytest.fixture
def school(municipality):
    return OrganisationFactory(municipality=municipality, name="Secondary school",
                               kind=OrganisationKind.SCHOOL)


@pytest.fixture
def association(municipality):
    return OrganisationFactory(municipality=municipality, name="Mothers' association",
                               kind=OrganisationKind.COMMUNITY_ORGANISATION)


@pytest.fixture
def admin_user(municipality):
    return member(municipality, Role.MUNICIPAL_ADMIN)


@pytest.fixture
def plan_and_version(municipality, coordinator):
    return services.create_plan(municipality, "Living together", by=coordinator)


@pytest.fixture
def version(plan_and_version):
    return plan_and_version[1]


def fill_complete(version, school, association):
    """Fill every element of ``version`` with the minimum a complete plan needs."""
    v = version
    v.analysis_extent = "60,000 inhabitants; a few young people followed."
    v.analysis_risks = "Isolation of young people."
    v.signs_right_wing = "Racist graffiti."
    v.signs_left_wing = "None observed."
    v.signs_religious = "Online propaganda reaching pupils."
    v.urgency = Urgency.MEDIUM
    v.vision = "We live together in mutual respect."
    v.coordination_process = "A monthly partners' meeting."
    v.overall_coordinator = "The local prevention coordinator"
    v.sharing_agreements = "Case consultation charter (2019)."
    v.save()
    AnalysisFactor.objects.create(version=v, kind=FactorKind.RISK, description="Unemployment")
    AnalysisFactor.objects.create(version=v, kind=FactorKind.PROTECTIVE,
                                  description="Strong associations")
    AnalysisSource.objects.create(version=v, kind=SourceKind.FRONTLINE_STAFF,
                                  description="Youth workers")
    ProtectionAim.objects.create(version=v, who="Young people", against_what="recruitment")
    goal = Goal.objects.create(version=v, description="Critical thinking of pupils",
                               scope=GoalScope.GENERAL, prevention_level=PreventionLevel.GENERAL)
    PoliticalSponsor.objects.create(version=v, name="The Mayor", office=SponsorOffice.MAYOR,
                                    endorsed="The vision", endorsed_on=datetime.date(2025, 3, 1))
    ResourceCommitment.objects.create(version=v, description="Coordinator", amount_eur=50000)
    for term in ("radicalisation", "violent extremism", "polarisation"):
        Definition.objects.create(version=v, term=term, local_definition=f"About {term}.")
    KeyOrganisation.objects.create(version=v, organisation=school, reason="Pupils", aim="Signals")
    SharedSubGoal.objects.create(version=v, description="Everyone knows whom to call")
    role = PartnerRole.objects.create(version=v, organisation=school, role="Education")
    role.people.set([PersonFactory(municipality=v.municipality, organisation=school,
                                   name="Head teacher")])
    SharedInformation.objects.create(version=v, information="Situation of a pupil",
                                     held_by=school, shared_with="Case consultation")
    intervention = Intervention.objects.create(
        version=v, title="Workshops", responsible=school, target_group="Pupils",
        prevention_level=PreventionLevel.GENERAL, goal=goal)
    output = Indicator.objects.create(intervention=intervention, kind=IndicatorKind.OUTPUT,
                                      description="Classes reached", target=60)
    Indicator.objects.create(intervention=intervention, kind=IndicatorKind.IMPACT,
                             description="Pupils who tell a source from propaganda")
    IndicatorMeasurement.objects.create(indicator=output, measured_on=datetime.date(2025, 6, 1),
                                        value=Decimal("38"))
    return v


@pytest.fixture
def complete_version(version, school, association):
    return fill_complete(version, school, association)


@pytest.fixture
def approved_version(complete_version, coordinator, admin_user):
    services.send_to_consultation(complete_version, coordinator)
    return services.approve(complete_version, admin_user, "Council decision 2025-12")
