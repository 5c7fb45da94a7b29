"""Factories of the crisis records (tests/crisis)."""

import datetime

import factory
from django.utils import timezone

from crisis.models import Incident, IncidentKind, Scale, Statement
from tests.factories import MunicipalityFactory


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Incident {n}")
    kind = IncidentKind.HATE_CRIME
    scale = Scale.NEIGHBOURHOOD
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=2))
    place = "Market square"
    description = "Graffiti on the community centre."


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    incident = factory.SubFactory(IncidentFactory)
    municipality = factory.SelfAttribute("incident.municipality")
    title = factory.Sequence(lambda n: f"Statement {n}")
    text = "We stand with every community of the city."
