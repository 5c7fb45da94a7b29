"""Relationships entered by hand: the form's choices are the viewer's records only, each end
is one person or one organisation, and an edit is kept in the history (issue 12)."""

import pytest
from django.urls import reverse

from coordinator.concurrency import LOCK_FIELD
from coordinator.models import Role
from sociogram.models import Relationship, RelationshipKind
from tests.factories import OrganisationFactory, PersonFactory, member

pytestmark = pytest.mark.django_db
CREATE = "sociogram:relationship_create"


def post(client, **fields):
    data = {"kind": RelationshipKind.TRUSTS, "strength": 2, "note": "", **fields}
    return client.post(reverse(CREATE), {k: v for k, v in data.items() if v is not None})


def test_a_coordinator_records_a_relationship(coordinator_client, network):
    page = coordinator_client.get(reverse(CREATE) + f"?from_organisation={network.school.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Head teacher" in html and "Town police" in html
    assert "From 1 (weak) to 3 (strong)" in html  # the scale is stated
    response = post(coordinator_client, from_person=network.teacher.pk,
                    to_organisation=network.association.pk, strength=3, note="Weekly call")
    assert response.status_code == 302
    relationship = Relationship.objects.get()
    assert (relationship.source, relationship.target) == (network.teacher, network.association)
    assert (relationship.kind, relationship.strength) == ("trusts", 3)
    detail = coordinator_client.get(response["Location"]).content.decode()
    assert "Weekly call" in detail and "3 – strong" in detail


def test_the_form_refuses_a_record_of_another_municipality(coordinator_client, network,
                                                           other_municipality):
    teacher = PersonFactory(municipality=other_municipality, name="Teacher elsewhere")
    school = OrganisationFactory(municipality=other_municipality, name="School elsewhere")
    html = coordinator_client.get(reverse(CREATE)).content.decode()
    assert "Head teacher" in html
    assert "elsewhere" not in html
    for field, record in (("from_person", teacher), ("to_organisation", school)):
        fields = {"from_person": network.chair.pk, "to_organisation": network.school.pk,
                  field: record.pk}
        response = post(coordinator_client, **fields)
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert "Select a valid choice" in response.context["form"].errors[field][0]
    assert not Relationship.objects.exists()


def test_the_form_refuses_a_record_the_partner_may_not_see(client_for, municipality, network):
    """Relationships are added by coordinators: a partner professional may not add one, and
    the choices of a form are always the actor's visible records."""
    partner = member(municipality, Role.PARTNER_PROFESSIONAL, organisation=network.police)
    assert client_for(partner).get(reverse(CREATE)).status_code == 403
    assessor = client_for(member(municipality, Role.ASSESSOR))
    assert assessor.get(reverse(CREATE)).status_code == 403


@pytest.mark.parametrize("fields, error_field", [
    ({"to_person": "teacher"}, "from_person"),  # no from
    ({"from_person": "chair", "from_organisation": "school", "to_person": "teacher"},
     "from_person"),  # both
    ({"from_person": "chair", "to_person": "chair"}, "to_person"),  # itself
])
def test_each_end_is_one_other_record(coordinator_client, network, fields, error_field):
    values = {k: getattr(network, v).pk for k, v in fields.items()}
    response = post(coordinator_client, **values)
    assert response.status_code == 200
    assert error_field in response.context["form"].errors
    assert not Relationship.objects.exists()


def test_the_same_tie_twice_is_refused(coordinator_client, network):
    network.relate(network.chair, RelationshipKind.TRUSTS, network.teacher)
    response = post(coordinator_client, from_person=network.chair.pk,
                    to_person=network.teacher.pk)
    assert response.status_code == 200
    assert "already recorded" in str(response.context["form"].errors["kind"])
    # Another kind between the same two is a different tie.
    assert post(coordinator_client, from_person=network.chair.pk, to_person=network.teacher.pk,
                kind=RelationshipKind.WORKS_WITH).status_code == 302


def test_an_edit_is_versioned_and_kept_in_the_history(coordinator_client, network):
    relationship = network.relate(network.chair, RelationshipKind.TRUSTS, network.teacher,
                                  strength=1)
    url = reverse("sociogram:relationship_update", args=[relationship.pk])
    form = coordinator_client.get(url).context["form"]
    data = {"from_person": network.chair.pk, "to_person": network.teacher.pk,
            "kind": RelationshipKind.TRUSTS, "strength": 3, "note": "Closer now",
            LOCK_FIELD: form[LOCK_FIELD].value()}
    assert coordinator_client.post(url, data).status_code == 302
    relationship.refresh_from_db()
    assert (relationship.strength, relationship.lock_version) == (3, 1)
    # A second save from the same (now stale) form is refused.
    stale = coordinator_client.post(url, {**data, "strength": 1})
    assert stale.status_code == 200
    relationship.refresh_from_db()
    assert relationship.strength == 3
    detail = coordinator_client.get(relationship.get_absolute_url()).content.decode()
    assert "Closer now" in detail and "History" in detail


def test_the_organisation_page_lists_its_relationships(coordinator_client, network):
    network.relate(network.school, RelationshipKind.WORKS_WITH, network.police)
    other = OrganisationFactory(municipality=network.municipality, name="Unrelated club")
    html = coordinator_client.get(network.school.get_absolute_url()).content.decode()
    assert "Relationships" in html and "North school works with Town police" in html
    assert f"?from_organisation={network.school.pk}" in html
    assert "works with" not in coordinator_client.get(other.get_absolute_url()).content.decode()


def test_deleting_a_person_deletes_their_relationships(network):
    network.relate(network.chair, RelationshipKind.TRUSTS, network.teacher)
    kept = network.relate(network.school, RelationshipKind.WORKS_WITH, network.police)
    network.chair.delete()
    assert list(Relationship.objects.all()) == [kept]
    assert PersonFactory._meta.model.objects.filter(pk=network.teacher.pk).exists()
