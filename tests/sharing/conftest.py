"""Fixtures for information sharing: a police organisation with a partner professional, a
municipal admin, and ``make_agreement(**fields)`` binding the police (active today, interaction
notes, unless told otherwise)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordinator.access import InformationCategory
from coordinator.models import Role
from sharing.models import AccessEvent, Agreement, AgreementParty, AgreementState
from tests.factories import OrganisationFactory, member


@pytest.fixture
def police(municipality):
    return OrganisationFactory(municipality=municipality, name="Police Sarcelles", kind="police")


@pytest.fixture
def partner(municipality, police):
    return member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police)


@pytest.fixture
def admin(municipality):
    return member(municipality, Role.MUNICIPAL_ADMIN)


@pytest.fixture
def make_agreement(municipality, police):
    def make(*, parties=None, communities=(), **fields):
        values = {"title": f"Agreement {Agreement._base_manager.count() + 1}",
                  "purpose": "Multi-agency casework",
                  "categories": [InformationCategory.INTERACTION_NOTES],
                  "lawful_basis": "public_task", "starts_on": timezone.localdate(),
                  "state": AgreementState.ACTIVE, **fields}
        agreement = Agreement.objects.create(municipality=municipality, **values)
        agreement.communities.set(communities)
        for organisation in parties if parties is not None else [police]:
            AgreementParty.objects.create(agreement=agreement, organisation=organisation,
                                          contact_name="Desk officer")
        return agreement
    return make


def event_inserts(queries) -> list[str]:
    """The INSERT statements into the access-event table among captured ``queries``."""
    table = AccessEvent._meta.db_table
    return [q["sql"] for q in queries
            if q["sql"].lstrip().upper().startswith("INSERT") and table in q["sql"]]


@pytest.fixture
def get_logged():
    """``get_logged(client, url)``: the response and the INSERTs into the access-event table
    the request made (streamed content consumed inside the capture)."""
    def get(client, url, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **kwargs)
            if response.streaming:
                response.content_bytes = b"".join(response.streaming_content)
        return response, event_inserts(queries.captured_queries)
    return get
