"""Two levels per partner (issue 9; 003 "Formal network": the top level supports the
operational level): strategic and operational contacts on the organisation page, and warnings
for key partners that rely on one person or lack a level."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinator.models import Role
from networks.models import EngagementLevel, Organisation, OrganisationKind, PartnerLevel

from ..factories import MunicipalityFactory, OrganisationFactory, PersonFactory, member

pytestmark = pytest.mark.django_db

ONLY_ONE = "Only one person is recorded for this partner"
NO_STRATEGIC = "No strategic contact"
NO_OPERATIONAL = "No operational contact"


def _partner(municipality, level=EngagementLevel.COLLABORATION, **kwargs):
    """An organisation at ``level``, set with an update: the assessment the engagement gate
    asks for is vetting's business, not this test's."""
    organisation = OrganisationFactory(municipality=municipality, **kwargs)
    Organisation.objects.filter(pk=organisation.pk).update(engagement_level=level)
    return Organisation.objects.get(pk=organisation.pk)


def _person(organisation, level="", name=None):
    return PersonFactory(municipality=organisation.municipality, organisation=organisation,
                         partner_level=level, **({"name": name} if name else {}))


def _page(client, organisation) -> str:
    return client.get(organisation.get_absolute_url()).content.decode()


def test_the_page_shows_both_levels_and_no_warning(coordinator_client, municipality):
    partner = _partner(municipality, EngagementLevel.PARTNERSHIP)
    _person(partner, PartnerLevel.STRATEGIC, "Director of the centre")
    _person(partner, PartnerLevel.OPERATIONAL, "Youth worker of the centre")
    page = _page(coordinator_client, partner)
    assert "Contacts at two levels" in page
    strategic = page.index("Strategic</dt>")
    assert page.index("Director of the centre") > strategic
    assert page.index("Youth worker of the centre") > page.index("Operational</dt>")
    assert 'id="contact-warnings"' not in page


def test_a_key_partner_with_one_person_is_warned(coordinator_client, municipality):
    partner = _partner(municipality)
    _person(partner, PartnerLevel.STRATEGIC)
    page = _page(coordinator_client, partner)
    assert ONLY_ONE in page
    assert NO_OPERATIONAL in page
    assert NO_STRATEGIC not in page


def test_a_key_partner_lacking_a_level_is_warned(coordinator_client, municipality):
    partner = _partner(municipality)
    _person(partner, PartnerLevel.OPERATIONAL)
    _person(partner, PartnerLevel.OPERATIONAL)
    _person(partner)
    page = _page(coordinator_client, partner)
    assert ONLY_ONE not in page
    assert NO_STRATEGIC in page
    assert NO_OPERATIONAL not in page


def test_an_organisation_in_dialogue_is_not_warned(coordinator_client, municipality):
    school = OrganisationFactory(municipality=municipality, kind=OrganisationKind.SCHOOL)
    _person(school, PartnerLevel.STRATEGIC)
    page = _page(coordinator_client, school)
    assert "Contacts at two levels" in page  # formal network: the levels are shown
    assert 'id="contact-warnings"' not in page
    club = OrganisationFactory(municipality=municipality, kind=OrganisationKind.SPORTS_CLUB)
    assert "Contacts at two levels" not in _page(coordinator_client, club)


def test_the_queryset_finds_the_partners_missing_a_level(municipality):
    complete = _partner(municipality)
    _person(complete, PartnerLevel.STRATEGIC)
    _person(complete, PartnerLevel.OPERATIONAL)
    alone = _partner(municipality, EngagementLevel.PARTNERSHIP)
    _person(alone, PartnerLevel.STRATEGIC)
    nobody = _partner(municipality)
    two_operational = _partner(municipality)
    _person(two_operational, PartnerLevel.OPERATIONAL)
    _person(two_operational, PartnerLevel.OPERATIONAL)
    in_dialogue = OrganisationFactory(municipality=municipality)
    missing = Organisation.objects.filter(municipality=municipality).missing_contact_levels()
    assert {o.pk for o in missing} == {alone.pk, nobody.pk, two_operational.pk}
    counts = {o.pk: (o.contact_count, o.strategic_count, o.operational_count) for o in missing}
    assert counts == {alone.pk: (1, 1, 0), nobody.pk: (0, 0, 0), two_operational.pk: (2, 0, 2)}
    assert in_dialogue.pk not in {o.pk for o in Organisation.objects.key_partners()}


def test_the_dashboard_and_the_list_show_the_warnings(coordinator_client, municipality,
                                                      other_municipality):
    alone = _partner(municipality, name="Neighbourhood centre")
    _person(alone, PartnerLevel.OPERATIONAL)
    _partner(other_municipality, name="Foreign partner")
    page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "Key partners missing a contact (1)" in page
    assert "Neighbourhood centre" in page
    assert ONLY_ONE in page
    assert "Foreign partner" not in page
    listed = coordinator_client.get(reverse("networks:organisation_list"),
                                    {"contacts": "missing"}).context["object_list"]
    assert [o.name for o in listed] == ["Neighbourhood centre"]


def test_the_person_form_records_the_level(coordinator_client, municipality):
    organisation = OrganisationFactory(municipality=municipality)
    data = {"name": "Head of the centre", "role": "Head", "organisation": organisation.pk,
            "partner_level": PartnerLevel.STRATEGIC, "preferred_channel": "in_person"}
    response = coordinator_client.post(reverse("networks:person_create"), data)
    assert response.status_code == 302
    assert organisation.people.get().partner_level == PartnerLevel.STRATEGIC


def test_a_level_needs_an_organisation(coordinator_client):
    data = {"name": "Someone", "partner_level": PartnerLevel.STRATEGIC,
            "preferred_channel": "in_person"}
    response = coordinator_client.post(reverse("networks:person_create"), data)
    assert response.status_code == 200
    assert "partner_level" in response.context["form"].errors


def test_the_person_form_lists_no_foreign_organisation(coordinator_client, municipality):
    own = OrganisationFactory(municipality=municipality, name="Own centre")
    foreign = OrganisationFactory(municipality=MunicipalityFactory(), name="Foreign centre")
    form = coordinator_client.get(reverse("networks:person_create")).context["form"]
    choices = set(form.fields["organisation"].queryset)
    assert own in choices and foreign not in choices


def test_the_organisation_page_runs_a_constant_number_of_queries(coordinator_client,
                                                                 municipality):
    partner = _partner(municipality)
    levels = [PartnerLevel.STRATEGIC, PartnerLevel.OPERATIONAL, ""]

    def queries_with(rows):
        for index in range(rows):
            _person(partner, levels[index % 3])
        coordinator_client.get(partner.get_absolute_url())  # caches warmed
        with CaptureQueriesContext(connection) as queries:
            response = coordinator_client.get(partner.get_absolute_url())
        assert response.status_code == 200
        return len(queries)

    assert queries_with(2) == queries_with(30)


def test_partners_see_no_levels_of_an_organisation_they_may_not_see(client_for, municipality):
    partner = _partner(municipality)
    professional = client_for(member(municipality, Role.PARTNER_PROFESSIONAL,
                                     organisation=partner))
    assert professional.get(partner.get_absolute_url()).status_code == 404
