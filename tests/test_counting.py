"""``coordinator.counting.count_together``: the same numbers as ``count()``, in one statement,
and the tenancy check kept; the dashboard runs every panel's counts in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import ScopeError, scope

from coordinator.counting import count_together
from engagement.models import Commitment, Interaction
from networks.models import Community

from .factories import CommitmentFactory, CommunityFactory, InteractionFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_the_same_numbers_as_count_in_one_statement(municipality):
    other = MunicipalityFactory()
    CommunityFactory.create_batch(3, municipality=municipality)
    CommunityFactory.create_batch(2, municipality=other)
    InteractionFactory.create_batch(4, municipality=municipality, community=None)
    querysets = [
        Community.objects.filter(municipality=municipality),
        Community.objects.filter(municipality=other).order_by("-name"),
        Interaction.objects.filter(municipality=municipality),
        Commitment.objects.filter(municipality=municipality),  # none: 0, not NULL
        Community.objects.all()[:4],  # sliced: counted on its own
    ]
    with CaptureQueriesContext(connection) as queries:
        counts = count_together(querysets)
    assert counts == [3, 2, 4, 0, 4]
    assert len(queries) == 2


@pytest.mark.tenancy_scopes
def test_a_queryset_built_outside_a_scope_raises(municipality):
    with pytest.raises(ScopeError):
        count_together([Community.objects.all(), Interaction.objects.all()])
    with scope(municipality=municipality.pk):
        assert count_together([Community.objects.all(), Interaction.objects.all()]) == [0, 0]


def test_the_dashboard_runs_its_counts_together(coordinator_client, municipality):
    CommitmentFactory(municipality=municipality)
    InteractionFactory(municipality=municipality)
    with CaptureQueriesContext(connection) as queries:
        page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "Open commitments due (1)" in page
    counts = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT (SELECT")]
    assert len(counts) == 1
