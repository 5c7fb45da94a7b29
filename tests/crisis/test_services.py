"""The rules of the crisis response (issue 11): whom a check-in reaches, briefing the network
before the press, answers never overwritten, closing with lessons learned."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coordinator.access import actor_for
from coordinator.concurrency import EditConflict
from coordinator.models import Role
from crisis import services
from crisis.models import Channel, CheckIn, CheckInStatus, IncidentStatus, StatementState
from tests.factories import CommunityFactory, OrganisationFactory, PersonFactory, member

from .factories import IncidentFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(municipality, coordinator):
    return actor_for(coordinator, municipality.pk)


@pytest.fixture
def network(municipality):
    """An affected community, its overlapping and parent neighbours, and one further away."""
    affected = CommunityFactory(municipality=municipality, name="Libyan community")
    overlapping = CommunityFactory(municipality=municipality, name="Moss Side residents")
    parent = CommunityFactory(municipality=municipality, name="Muslim communities")
    unrelated = CommunityFactory(municipality=municipality, name="Rowing club members")
    affected.overlapping.add(overlapping)
    affected.parents.add(parent)
    records = {"affected": affected, "overlapping": overlapping, "parent": parent,
               "unrelated": unrelated}
    for key in ("affected", "overlapping", "parent", "unrelated"):
        org = OrganisationFactory(municipality=municipality, name=f"{key} organisation")
        org.communities.add(records[key])
        records[f"{key}_org"] = org
        figure = PersonFactory(municipality=municipality, name=f"{key} key figure",
                               is_key_figure=True)
        figure.communities.add(records[key])
        records[f"{key}_figure"] = figure
        plain = PersonFactory(municipality=municipality, name=f"{key} member")
        plain.communities.add(records[key])
    return records


def test_opening_an_incident_starts_its_timeline(actor, municipality, network):
    incident = IncidentFactory.build(municipality=municipality)
    services.open_incident(actor, incident, [network["affected"]])
    assert list(incident.communities.all()) == [network["affected"]]
    assert incident.opened_by == actor.user
    [entry] = incident.timeline.all()
    assert entry.automatic and entry.by == actor.user and "opened" in entry.text


def test_check_ins_reach_the_key_figures_and_organisations_of_the_affected_and_neighbours(
        actor, municipality, network):
    incident = IncidentFactory(municipality=municipality)
    incident.communities.add(network["affected"])
    made = services.check_in_with_network(actor, incident)
    reached = {(c.organisation or c.person).name for c in incident.check_ins.all()}
    assert reached == {f"{k} {what}" for k in ("affected", "overlapping", "parent")
                       for what in ("organisation", "key figure")}
    assert made == 6
    assert all(c.responsible == actor.user and c.status == CheckInStatus.WAITING
               for c in incident.check_ins.all())
    # Plain members and the unrelated community are not reached; a second click adds nothing.
    assert services.check_in_with_network(actor, incident) == 0
    assert incident.check_ins.count() == 6
    assert "6 organisations and key figures" in incident.timeline.last().text


def test_a_statement_is_released_only_after_the_network_was_briefed(actor, municipality):
    statement = StatementFactory(incident__municipality=municipality)
    with pytest.raises(ValidationError, match="Brief the network"):
        services.release_statement(actor, statement)
    statement.refresh_from_db()
    assert statement.state == StatementState.DRAFT and statement.released_at is None
    services.record_briefing(actor, statement, who="Chairs of the Libyan teams",
                             feedback="Say that the community grieves too.")
    statement.refresh_from_db()
    assert statement.state == StatementState.BRIEFED
    services.release_statement(actor, statement)
    statement.refresh_from_db()
    assert statement.state == StatementState.RELEASED and statement.released_by == actor.user
    with pytest.raises(ValidationError, match="released already"):
        services.release_statement(actor, statement)


def test_a_briefing_names_who_was_briefed(actor, municipality):
    statement = StatementFactory(incident__municipality=municipality)
    with pytest.raises(ValidationError):
        services.record_briefing(actor, statement, who="  ")
    assert not statement.briefings.exists()


def _check_in(municipality, actor):
    incident = IncidentFactory(municipality=municipality)
    organisation = OrganisationFactory(municipality=municipality)
    return CheckIn.objects.create(incident=incident, organisation=organisation,
                                  municipality=municipality, responsible=actor.user)


def test_a_concurrent_answer_is_refused_not_overwritten(actor, municipality):
    check_in = _check_in(municipality, actor)
    opened_at = check_in.lock_version
    services.answer_check_in(actor, check_in, version=opened_at, channel=Channel.PHONE,
                             fears="Women fear wearing the headscarf outside.")
    with pytest.raises(EditConflict):
        services.answer_check_in(actor, check_in, version=opened_at, channel=Channel.IN_PERSON,
                                 needs="A police presence near the school.")
    check_in.refresh_from_db()
    assert check_in.fears == "Women fear wearing the headscarf outside."
    assert check_in.needs == "" and check_in.channel == Channel.PHONE


def test_the_same_answer_sent_twice_is_saved_once(actor, municipality):
    check_in = _check_in(municipality, actor)
    version = check_in.lock_version
    first = services.answer_check_in(actor, check_in, version=version, channel=Channel.PHONE,
                                     concerns="Houses damaged after the raids.")
    again = services.answer_check_in(actor, check_in, version=version, channel=Channel.PHONE,
                                     concerns="Houses damaged after the raids.")
    assert again.lock_version == first.lock_version
    assert check_in.history.count() == 2  # created, answered once


def test_an_empty_answer_is_refused(actor, municipality):
    check_in = _check_in(municipality, actor)
    with pytest.raises(ValidationError):
        services.answer_check_in(actor, check_in, version=None, channel=Channel.PHONE)


def test_a_representative_answers_only_their_own_check_in(municipality, actor):
    check_in = _check_in(municipality, actor)
    own = member(municipality, Role.COMMUNITY_REPRESENTATIVE, organisation=check_in.organisation)
    other = member(municipality, Role.COMMUNITY_REPRESENTATIVE,
                   organisation=OrganisationFactory(municipality=municipality))
    from django.http import Http404

    with pytest.raises(Http404):
        services.answer_check_in(actor_for(other, municipality.pk), check_in, version=None,
                                 channel=Channel.PORTAL, needs="x")
    services.answer_check_in(actor_for(own, municipality.pk), check_in, version=None,
                             channel=Channel.PORTAL, needs="Someone to talk to the press.")
    check_in.refresh_from_db()
    assert check_in.channel == Channel.PORTAL and check_in.answered_by == own


def test_an_assessor_cannot_open_an_incident(municipality):
    assessor = actor_for(member(municipality, Role.ASSESSOR), municipality.pk)
    with pytest.raises(PermissionDenied):
        services.open_incident(assessor, IncidentFactory.build(municipality=municipality))


def test_closing_needs_the_lessons_learned(actor, municipality):
    incident = IncidentFactory(municipality=municipality)
    with pytest.raises(ValidationError, match="lessons"):
        services.close_incident(actor, incident, " ")
    services.close_incident(actor, incident, "Prioritise emotions over political speeches.")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED and incident.closed_at
    with pytest.raises(ValidationError):
        services.add_entry(actor, incident, "Too late")


def test_hate_incidents_per_day_fill_the_gaps(actor, municipality):
    import datetime

    from crisis.models import HateIncident

    incident = IncidentFactory(municipality=municipality)
    day = incident.occurred_at.date()
    for offset in (0, 2, 2, 3):
        HateIncident.objects.create(incident=incident, description="Headscarf pulled off",
                                    occurred_on=day + datetime.timedelta(days=offset))
    counts = [n for _day, n in services.hate_incidents_per_day(incident, actor)]
    assert counts == [1, 0, 2, 1]
