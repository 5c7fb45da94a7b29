"""Reciprocity per community (issue 9; 002 step 4 "never overpromise"; 001 "Reciprocity and
sustainability"): asks made of a community against promises delivered and concerns answered,
over 90 days and a year, on a constructed history whose answers are known; and the community
page that shows it in plain words, with the community's open concerns."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinator.access import Actor, InformationCategory
from coordinator.models import Membership, Role
from engagement.models import CommitmentStatus, ConcernState, Interaction
from engagement.reciprocity import reciprocity, reciprocity_for
from sharing.models import Agreement, AgreementParty, AgreementState

from ..factories import (
    CommitmentFactory,
    CommunityFactory,
    ConcernFactory,
    InteractionFactory,
    OrganisationFactory,
    member,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 30)


def ago(days):
    return TODAY - datetime.timedelta(days=days)


def _actor(user):
    return Actor(user, Membership.objects.select_related("municipality").get(user=user))


def _ask(municipality, community, days, asked=True):
    # Built past Interaction.clean(): a future-dated row is a slip the counts must survive.
    return InteractionFactory(municipality=municipality, community=community,
                              occurred_on=ago(days), asked_of_community=asked)


def _delivered(municipality, community, days, status=CommitmentStatus.DELIVERED):
    commitment = CommitmentFactory(municipality=municipality, community=community,
                                   due_on=ago(days), status=status,
                                   dropped_reason="Budget" if status == "dropped" else "")
    type(commitment).objects.filter(pk=commitment.pk).update(closed_on=ago(days))
    return commitment


def _concern(municipality, community, raised, answered=None):
    values = {"state": ConcernState.OPEN}
    if answered is not None:
        values = {"state": ConcernState.ANSWERED, "answer": "Done", "answered_on": ago(answered)}
    return ConcernFactory(municipality=municipality, community=community, raised_on=ago(raised),
                          **values)


@pytest.fixture
def history(municipality, other_municipality):
    """Lochamp: a known history, with rows on each edge of the windows; and the same kinds of
    rows for another community and another municipality, which must not count."""
    lochamp = CommunityFactory(municipality=municipality, name="Lochamp")
    quiet = CommunityFactory(municipality=municipality, name="Quiet street")
    # Asks: 3 in 90 days (today, 30 days, exactly 90 days ago), 2 more in the year (91 and
    # exactly 365 days), none counted from 366 days, the future or a plain contact.
    for days in (0, 30, 90, 91, 365, 366, -3):
        _ask(municipality, lochamp, days)
    _ask(municipality, lochamp, 10, asked=False)
    # Promises delivered: 2 in 90 days (10, 90), 1 more in the year (200); a dropped one, an
    # open one and one "delivered" in the future do not count.
    for days in (10, 90, 200, -1):
        _delivered(municipality, lochamp, days)
    _delivered(municipality, lochamp, 20, status=CommitmentStatus.DROPPED)
    CommitmentFactory(municipality=municipality, community=lochamp, due_on=ago(5))
    # Concerns: raised in 90 days: 4 (1 answered, 1 answered only in the future); in the year
    # 2 more (1 answered); one raised 400 days ago and answered lately does not count.
    _concern(municipality, lochamp, 5)
    _concern(municipality, lochamp, 60, answered=50)
    _concern(municipality, lochamp, 80, answered=-2)
    _concern(municipality, lochamp, 90)
    _concern(municipality, lochamp, 120, answered=100)
    _concern(municipality, lochamp, 300)
    _concern(municipality, lochamp, 400, answered=10)
    _concern(municipality, lochamp, -4)
    # Elsewhere: another community of the municipality, and another municipality.
    foreign = CommunityFactory(municipality=other_municipality, name="Elsewhere")
    for community, where in ((quiet, municipality), (foreign, other_municipality)):
        _ask(where, community, 5)
        _delivered(where, community, 5)
        _concern(where, community, 5, answered=1)
    return {"lochamp": lochamp, "quiet": quiet, "foreign": foreign}


def test_the_counts_of_a_known_history(municipality, coordinator, history,
                                       django_assert_num_queries):
    actor = _actor(coordinator)
    with django_assert_num_queries(3):
        result = reciprocity(actor, [history["lochamp"].pk], today=TODAY)
    short, year = result[history["lochamp"].pk].windows
    assert (short.days, short.since, year.days, year.since) == (90, ago(90), 365, ago(365))
    assert (short.asks, short.promises_delivered, short.concerns_raised,
            short.concerns_answered) == (3, 2, 4, 1)
    assert (year.asks, year.promises_delivered, year.concerns_raised,
            year.concerns_answered) == (5, 3, 6, 2)
    assert short.sentence == ("In the last 90 days we asked 3 times, delivered 2 promises and "
                              "answered 1 of 4 concerns.")
    assert year.sentence == ("In the last year we asked 5 times, delivered 3 promises and "
                             "answered 2 of 6 concerns.")
    assert not short.one_sided


def test_other_communities_and_municipalities_do_not_count(coordinator, history):
    result = reciprocity(_actor(coordinator), [history["quiet"].pk, history["foreign"].pk],
                         today=TODAY)
    quiet = result[history["quiet"].pk].windows[0]
    assert (quiet.asks, quiet.promises_delivered, quiet.concerns_raised,
            quiet.concerns_answered) == (1, 1, 1, 1)
    # The other municipality's community: nothing is visible to this coordinator.
    assert result[history["foreign"].pk].is_empty


def test_many_communities_cost_the_same_three_queries(municipality, coordinator, history,
                                                      django_assert_num_queries):
    more = CommunityFactory.create_batch(20, municipality=municipality)
    for community in more:
        _ask(municipality, community, 1)
    actor = _actor(coordinator)
    with django_assert_num_queries(3):
        result = reciprocity(actor, [c.pk for c in more] + [history["lochamp"].pk], today=TODAY)
    assert all(result[c.pk].windows[0].asks == 1 for c in more)
    assert reciprocity(_actor(coordinator), [], today=TODAY) == {}


def test_plain_words_for_one_and_for_nothing(municipality, coordinator):
    community = CommunityFactory(municipality=municipality)
    _ask(municipality, community, 1)
    window = reciprocity_for(_actor(coordinator), community, today=TODAY).windows[0]
    assert window.sentence == ("In the last 90 days we asked once, delivered 0 promises and "
                               "heard no new concern.")
    assert window.one_sided
    empty = reciprocity_for(_actor(coordinator), CommunityFactory(municipality=municipality),
                            today=TODAY)
    assert empty.is_empty
    assert empty.windows[1].sentence == ("In the last year we asked nothing, delivered 0 "
                                         "promises and heard no new concern.")


def test_a_partner_counts_only_what_is_shared_with_them(municipality, history):
    """Through visible(): a partner whose agreement covers interaction notes only counts the
    asks, never promises or concerns it may not see."""
    police = OrganisationFactory(municipality=municipality)
    agreement = Agreement.objects.create(
        municipality=municipality, title="Notes", purpose="Casework", lawful_basis="public_task",
        categories=[InformationCategory.INTERACTION_NOTES], starts_on=ago(400),
        state=AgreementState.ACTIVE)
    AgreementParty.objects.create(agreement=agreement, organisation=police, contact_name="Desk")
    partner = member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police)
    window = reciprocity_for(_actor(partner), history["lochamp"], today=TODAY).windows[0]
    assert (window.asks, window.promises_delivered, window.concerns_raised) == (3, 0, 0)


# --------------------------------------------------------------------------- the community page


def test_the_community_page_shows_reciprocity_and_open_concerns(coordinator_client,
                                                                municipality, other_municipality):
    community = CommunityFactory(municipality=municipality, name="Lochamp")
    today = datetime.date.today()
    InteractionFactory(municipality=municipality, community=community, occurred_on=today,
                       asked_of_community=True)
    ConcernFactory(municipality=municipality, community=community, topic="Broken lift",
                   raised_on=today)
    ConcernFactory(municipality=municipality, community=community, topic="Answered one",
                   raised_on=today, state=ConcernState.ANSWERED, answer="Fixed",
                   answered_on=today)
    ConcernFactory(municipality=municipality, topic="Other community's concern")
    ConcernFactory(municipality=other_municipality, topic="Foreign concern")
    response = coordinator_client.get(reverse("networks:community_detail", args=[community.pk]))
    page = response.content.decode()
    assert ("In the last 90 days we asked once, delivered 0 promises and answered 1 of 2 "
            "concerns.") in page
    assert "Broken lift" in page
    for absent in ("Answered one", "Other community&#x27;s concern", "Foreign concern"):
        assert absent not in page
    assert f'{reverse("concern_create")}?community={community.pk}' in page


def test_the_community_page_shows_no_concern_to_a_partner_without_them(municipality,
                                                                       client_for):
    community = CommunityFactory(municipality=municipality, name="Lochamp")
    ConcernFactory(municipality=municipality, community=community, topic="Broken lift")
    police = OrganisationFactory(municipality=municipality)
    agreement = Agreement.objects.create(
        municipality=municipality, title="Profiles", purpose="Casework",
        lawful_basis="public_task", categories=[InformationCategory.COMMUNITY_PROFILE],
        starts_on=datetime.date.today(), state=AgreementState.ACTIVE)
    AgreementParty.objects.create(agreement=agreement, organisation=police, contact_name="Desk")
    partner = client_for(member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police))
    page = partner.get(reverse("networks:community_detail", args=[community.pk])).content.decode()
    assert "Lochamp" in page
    assert "Broken lift" not in page and "reciprocity-heading" not in page
    assert "community-concerns-heading" not in page


def test_the_community_page_runs_a_constant_number_of_queries(coordinator_client, municipality):
    """The same queries with 3 and with 60 rows of each kind."""
    community = CommunityFactory(municipality=municipality)
    today = datetime.date.today()
    url = reverse("networks:community_detail", args=[community.pk])
    counts = []
    for rows in (3, 57):
        for index in range(rows):
            InteractionFactory(municipality=municipality, community=community,
                               occurred_on=today - datetime.timedelta(days=index),
                               asked_of_community=index % 2 == 0)
            CommitmentFactory(municipality=municipality, community=community,
                              status=CommitmentStatus.DELIVERED)
            ConcernFactory(municipality=municipality, community=community)
        with CaptureQueriesContext(connection) as queries:
            assert coordinator_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_an_interaction_records_whether_we_asked(coordinator_client, municipality):
    community = CommunityFactory(municipality=municipality)
    response = coordinator_client.post(reverse("interaction_create"), {
        "kind": "meeting", "occurred_on": datetime.date.today().isoformat(),
        "community": community.pk, "asked_of_community": "on",
    })
    assert response.status_code == 302
    assert Interaction.objects.get().asked_of_community
