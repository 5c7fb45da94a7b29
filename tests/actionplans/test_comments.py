"""Co-creation: sections opened to chosen partner organisations, threaded comments resolved by
the coordinator (issue 4; 004 "Co-create")."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actionplans import services
from actionplans.models import Element, SectionComment
from coordinator.models import Role
from tests.factories import OrganisationFactory, member


@pytest.fixture
def opened(version, coordinator, association):
    services.open_sections(version, [Element.REGIONAL_ANALYSIS, Element.MULTI_AGENCY_COOPERATION],
                           [association], by=coordinator)
    return version


@pytest.fixture
def partner(municipality, association):
    return member(municipality, Role.COMMUNITY_REPRESENTATIVE, organisation=association)


def test_members_of_a_chosen_organisation_comment_on_the_opened_sections(opened, partner,
                                                                         municipality,
                                                                         association):
    professional = member(municipality, Role.PARTNER_PROFESSIONAL, organisation=association)
    for user in (partner, professional):
        assert services.can_comment(user, opened, 1)
        assert services.can_comment(user, opened, 6)
        assert not services.can_comment(user, opened, 2)  # not opened
    assert services.sections_open_to(partner, opened) == [1, 6]


def test_who_may_not_comment(opened, municipality, other_municipality, school):
    other_org_member = member(municipality, Role.COMMUNITY_REPRESENTATIVE, organisation=school)
    no_org = member(municipality, Role.PARTNER_PROFESSIONAL)
    assessor = member(municipality, Role.ASSESSOR)
    outsider_org = OrganisationFactory(municipality=other_municipality, name="Mothers' association")
    outsider = member(other_municipality, Role.COMMUNITY_REPRESENTATIVE, organisation=outsider_org)
    outsider_coordinator = member(other_municipality, Role.COORDINATOR)
    for user in (other_org_member, no_org, assessor, outsider, outsider_coordinator):
        assert not services.can_comment(user, opened, 1), user
        assert services.sections_open_to(user, opened) == [], user
        with pytest.raises(PermissionDenied):
            services.add_comment(opened, 1, user, "Hello")


def test_the_coordinator_side_comments_anywhere_on_an_open_version(opened, coordinator,
                                                                    admin_user):
    assert services.can_comment(coordinator, opened, 3)
    assert services.can_comment(admin_user, opened, 7)


def test_closing_a_section_or_freezing_the_version_stops_comments(opened, partner, coordinator):
    opening = opened.openings.get(element=1)
    services.close_section(opening, coordinator)
    assert not services.can_comment(partner, opened, 1)
    assert services.can_comment(partner, opened, 6)


def test_no_comments_on_an_approved_version(approved_version, coordinator, association):
    with pytest.raises(services.TransitionError):
        services.open_sections(approved_version, [1], [association], by=coordinator)
    assert not services.can_comment(coordinator, approved_version, 1)


def test_only_coordinators_open_sections(version, partner, association, other_municipality,
                                         coordinator):
    with pytest.raises(PermissionDenied):
        services.open_sections(version, [1], [association], by=partner)
    foreign = OrganisationFactory(municipality=other_municipality)
    with pytest.raises(PermissionDenied):
        services.open_sections(version, [1], [foreign], by=coordinator)


def test_threads_and_resolution(opened, partner, coordinator, association):
    first = services.add_comment(opened, 6, partner, "Can we have a seat in the meeting?")
    assert first.organisation == association
    reply = services.add_comment(opened, 6, coordinator, "Yes.", parent=first)
    nested = services.add_comment(opened, 6, partner, "Thank you.", parent=reply)
    assert reply.parent == first and nested.parent == first  # one level deep
    assert reply.organisation is None
    with pytest.raises(ValidationError):
        services.add_comment(opened, 1, partner, "Wrong section", parent=first)
    [thread] = services.threads(opened, 6)
    assert [r.body for r in thread.replies_list] == ["Yes.", "Thank you."]

    with pytest.raises(PermissionDenied):
        services.resolve_comment(first, partner)
    services.resolve_comment(nested, coordinator)
    first.refresh_from_db()
    assert first.is_resolved and first.resolved_by == coordinator
    assert SectionComment.objects.filter(resolved_at__isnull=False).count() == 1


def test_empty_comments_are_refused(opened, partner):
    with pytest.raises(ValidationError):
        services.add_comment(opened, 1, partner, "   ")
