"""The dashboard gathers the panels the apps register (coordinator/dashboard.py); coordinator
itself knows none of their models."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinator import dashboard
from networks.models import EngagementLevel, Organisation

from .factories import (
    CommitmentFactory,
    CommunityFactory,
    ConcernFactory,
    InteractionFactory,
    OrganisationFactory,
    PreconditionGoalFactory,
    PreconditionsFactory,
)

pytestmark = pytest.mark.django_db

#: What the apps register, in display order (row, then order).
EXPECTED = [
    ("preconditions", dashboard.NOTICES),
    ("active_incidents", 1),
    ("community_steps", 1), ("interactions_this_month", 1), ("recent_interactions", 1),
    ("commitments_due", 2), ("concerns_waiting", 2), ("next_meetings", 2), ("goals_review_due", 2),
    ("communities_unverified", 2), ("communities_never_contacted", 2), ("key_partner_contacts", 2),
    ("corrections_waiting", 2), ("crisis_review_due", 2),
]


def test_the_apps_register_their_panels_in_order():
    assert [(p.name, p.row) for p in dashboard.registered_panels()] == EXPECTED


def test_every_panel_shows_with_its_records(coordinator_client, municipality):
    community = CommunityFactory(municipality=municipality, name="Lochamp residents")
    InteractionFactory(municipality=municipality, community=community)
    CommitmentFactory(municipality=municipality, description="Fix the broken lift")
    CommunityFactory(municipality=municipality, name="Never met")
    response = coordinator_client.get(reverse("dashboard"))
    page = response.content.decode()
    assert [[p.name for p in row] for row in response.context["panels"].rows] == [
        [name for name, row in EXPECTED if row == n] for n in (1, 2)
    ]
    for heading in ("Communities per engagement step", "Interactions this month",
                    "Latest contact", "Open commitments due (1)", "Fix the broken lift",
                    "Mapped but never contacted (1)", "Never met", "Lochamp residents",
                    "Next meetings", "No meeting planned.", "No incident is being responded to.",
                    "Every crisis protocol and team list is reviewed on time."):
        assert heading in page
    assert "The preconditions for community engagement are not complete" in page


def test_complete_preconditions_hide_the_notice(coordinator_client, municipality):
    preconditions = PreconditionsFactory(municipality=municipality, staff_hours_per_month=10)
    for term in ("short", "long"):
        PreconditionGoalFactory(preconditions=preconditions, term=term)
    page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "are not complete" not in page


def test_a_panel_receives_the_request(coordinator_client, municipality, monkeypatch):
    seen = []

    def context_fn(request):
        seen.append(request.membership.municipality)
        return {"interactions_this_month": 42}

    monkeypatch.setattr(dashboard, "_panels", dict(dashboard._panels))
    dashboard.register_panel("extra", "engagement/panels/interactions_this_month.html",
                             context_fn, order=99, row=3, model="engagement.interaction")
    response = coordinator_client.get(reverse("dashboard"))
    assert seen == [municipality]
    assert [p.name for p in response.context["panels"].rows[-1]] == ["extra"]
    assert '<span class="stat">42</span>' in response.content.decode()
    dashboard.unregister_panel("extra")
    assert "extra" not in [p.name for p in dashboard.registered_panels()]


#: The tables of the lists read only when their count is not 0 (``dashboard.list_later``).
COUNTED_LISTS = ("coordinator_commitment", "engagement_concern", "engagement_preconditiongoal",
                 "networks_community", "networks_organisation")


def _list_queries(queries) -> set[str]:
    """The tables of ``COUNTED_LISTS`` read by a query of their own (the counts share one)."""
    return {table for query in queries for table in COUNTED_LISTS
            if query["sql"].startswith(f'SELECT "{table}"."id"')}


def test_a_list_is_read_only_when_its_count_is_not_zero(coordinator_client, municipality):
    with CaptureQueriesContext(connection) as queries:
        page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert _list_queries(queries) == set()
    for empty in ("Open commitments due (0)", "No promise is coming due.",
                  "Concerns waiting for an answer (0)", "Every concern heard has an answer.",
                  "Goals to review (0)", "Not verified for 6 months (0)",
                  "Every community was checked recently.", "Mapped but never contacted (0)",
                  "Key partners missing a contact (0)"):
        assert empty in page

    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    CommitmentFactory(municipality=municipality, description="Fix the broken lift")
    ConcernFactory(municipality=municipality, topic="Dark bus stop")
    PreconditionGoalFactory(preconditions=PreconditionsFactory(municipality=municipality),
                            goal="Ten partners by June", next_review_on=yesterday)
    CommunityFactory(municipality=municipality, name="Never met")
    partner = OrganisationFactory(municipality=municipality, name="Alone foundation")
    Organisation.objects.filter(pk=partner.pk).update(
        engagement_level=EngagementLevel.COLLABORATION)
    with CaptureQueriesContext(connection) as queries:
        page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert _list_queries(queries) == set(COUNTED_LISTS)
    for shown in ("Open commitments due (1)", "Fix the broken lift",
                  "Concerns waiting for an answer (1)", "Dark bus stop", "Goals to review (1)",
                  "Ten partners by June", "Not verified for 6 months (1)",
                  "Mapped but never contacted (1)", "Never met",
                  "Key partners missing a contact (1)", "Alone foundation",
                  "No contact person is recorded for this partner."):
        assert shown in page
