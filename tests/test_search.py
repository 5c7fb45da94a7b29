"""coordinator.search: the lists' free-text search means ``icontains`` on every database (on
PostgreSQL shaped for the trigram indexes), and the trigram index migration operation."""

import pytest
from django.db import connection
from django.urls import reverse

from coordinator.search import AddTrigramIndex, contains_any
from networks.models import Community, Person

from .factories import CommunityFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(municipality):
    # ASCII case differences only: SQLite's LIKE folds the case of ASCII letters alone.
    school = OrganisationFactory(municipality=municipality, name="Jean Jaures School")
    return {
        "by_name": PersonFactory(municipality=municipality, name="Amina JAURES", role=""),
        "by_role": PersonFactory(municipality=municipality, name="Bram Smit", role="jaures parent"),
        "by_organisation": PersonFactory(municipality=municipality, name="Chloé Martin", role="",
                                         organisation=school),
        "no_match": PersonFactory(municipality=municipality, name="Daan Visser", role="Teacher"),
    }


FIELDS = ("name", "role", "organisation__name")


def _names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_any_field_matches_case_insensitively_across_the_foreign_key(people):
    found = contains_any(Person.objects.all(), FIELDS, "  jaures ")
    assert _names(found) == ["Amina JAURES", "Bram Smit", "Chloé Martin"]
    assert not found.query.distinct  # only foreign keys followed: no DISTINCT needed


def test_it_finds_what_icontains_finds(people):
    for value in ("jaur", "SMIT", "school", "a", "zzz"):
        expected = Person.objects.filter(
            name__icontains=value) | Person.objects.filter(role__icontains=value) | (
            Person.objects.filter(organisation__name__icontains=value))
        assert _names(contains_any(Person.objects.all(), FIELDS, value)) == _names(expected.distinct())


def test_like_wildcards_are_literal(municipality):
    PersonFactory(municipality=municipality, name="Fifty percent", role="")
    PersonFactory(municipality=municipality, name="50% club", role="snake_case")
    assert _names(contains_any(Person.objects.all(), FIELDS, "%")) == ["50% club"]
    assert _names(contains_any(Person.objects.all(), FIELDS, "_")) == ["50% club"]  # its role


def test_blank_value_or_no_field_returns_the_queryset_unchanged(people):
    queryset = Person.objects.all()
    assert contains_any(queryset, FIELDS, "   ") is queryset
    assert contains_any(queryset, FIELDS, " \x00 ") is queryset
    assert contains_any(queryset, (), "jaures") is queryset


def test_a_many_valued_path_gives_each_row_once(municipality):
    community = CommunityFactory(municipality=municipality, name="Market traders")
    for name in ("Ana", "Ben"):
        PersonFactory(municipality=municipality, name=f"{name} Market", role="").communities.add(community)
    found = contains_any(Community.objects.all(), ("name", "people__name"), "market")
    assert list(found) == [community]


def test_the_people_search_uses_it_and_stays_in_the_municipality(coordinator_client, people,
                                                                 other_municipality):
    PersonFactory(municipality=other_municipality, name="Other Jaures", role="")
    response = coordinator_client.get(reverse("networks:person_list"), {"q": "Jaures"})
    assert _names_of(response) == ["Amina JAURES", "Bram Smit", "Chloé Martin"]
    # A NUL byte never reaches the database (PostgreSQL would refuse the query).
    assert coordinator_client.get(reverse("networks:person_list"), {"q": "Jau\x00res"}).status_code == 200


def _names_of(response):
    return sorted(person.name for person in response.context["object_list"])


def test_trigram_index_exists_only_on_postgresql():
    """Migration networks.0003 ran AddTrigramIndex("person", "name"): a GIN index on PostgreSQL
    (CI), nothing on SQLite, and never in the model state."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Person._meta.db_table)
    assert ("networks_person_name_trgm" in constraints) == (connection.vendor == "postgresql")
    assert "networks_person_name_trgm" not in {index.name for index in Person._meta.indexes}


def test_trigram_operation_describes_and_deconstructs_itself():
    operation = AddTrigramIndex("person", "name")
    assert operation.deconstruct() == ("AddTrigramIndex", ["person", "name"], {})
    assert operation.migration_name_fragment == "person_name_trgm"
    assert "PostgreSQL only" in operation.describe()
