"""The API's OpenAPI 3 schema (drf-spectacular): generated without a warning or an error, valid
against the OpenAPI 3.0 specification, and served at /api/schema/ to the API's users only."""

import pytest
import yaml
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from coordinator.models import Role
from tests.factories import member

from .test_resources import RESOURCES


def test_the_schema_is_generated_cleanly_and_is_valid():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache, dict(GENERATOR_STATS._warn_cache)
    assert not GENERATOR_STATS._error_cache, dict(GENERATOR_STATS._error_cache)
    validate_schema(schema)
    paths = set(schema["paths"])
    for resource in RESOURCES:
        assert reverse(f"api:{resource}-list") in paths
    assert "/api/communities/{id}/" in paths
    assert schema["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"
    # Ethnicity and faith are documented as optional: they are left out for most readers.
    community = schema["components"]["schemas"]["CommunityDetail"]
    assert {"ethnicity", "faith"} <= set(community["properties"])
    assert not {"ethnicity", "faith"} & set(community["required"])
    # The list filters are the HTML lists' own.
    parameters = {p["name"] for p in schema["paths"]["/api/interactions/"]["get"]["parameters"]}
    assert {"q", "kind", "community", "o", "page", "page_size"} <= parameters


@pytest.mark.django_db
def test_the_schema_is_served_to_the_apis_users(municipality, client_for, client):
    response = client_for(member(municipality, Role.ASSESSOR)).get(reverse("api:schema"))
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == "Linchpin API"
    assert client.get(reverse("api:schema")).status_code == 401
    representative = client_for(member(municipality, Role.COMMUNITY_REPRESENTATIVE))
    assert representative.get(reverse("api:schema")).status_code == 403
