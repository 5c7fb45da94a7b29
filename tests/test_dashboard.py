"""The dashboard gathers the panels the apps register (coordinator/dashboard.py); coordinator
itself knows none of their models."""

import pytest
from django.urls import reverse

from coordinator import dashboard

from .factories import (
    CommitmentFactory,
    CommunityFactory,
    InteractionFactory,
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
