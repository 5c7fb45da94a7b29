"""The crisis response's dashboard panels (crisis/dashboard.py): the incidents being responded
to, counted with the dashboard's other counts, and the protocols and team lists whose review is
due (002 "Step 5": standardised procedures and pre-organised teams, kept up to date)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordinator import dashboard
from coordinator.access import actor_for
from coordinator.models import Role
from crisis import services
from crisis.models import CrisisProtocol, CrisisTeam, IncidentKind, TeamKind

from ..factories import member
from .records import open_incident

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def panel(response, name):
    """The context the dashboard gave panel ``name`` (None when it was not shown)."""
    panels = response.context["panels"]
    shown = [*panels.notices, *(p for row in panels.rows for p in row)]
    return next((p.context for p in shown if p.name == name), None)


def test_the_active_incidents_are_counted(coordinator, coordinator_client, municipality,
                                          other_municipality):
    open_incident(coordinator, municipality, title="Attack at the arena")
    open_incident(coordinator, municipality, title="March through the centre")
    closed = open_incident(coordinator, municipality, title="Old graffiti")
    services.close_incident(actor_for(coordinator, municipality.pk), closed, "Call earlier.")
    open_incident(member(other_municipality), other_municipality, title="Elsewhere")

    response = coordinator_client.get(reverse("dashboard"))
    assert panel(response, "active_incidents") == {"count": 2}
    html = " ".join(response.content.decode().split())
    assert '<span class="stat">2</span> incidents being responded to' in html


def test_the_panels_cost_no_query_of_their_own(coordinator, coordinator_client,
                                                          municipality, monkeypatch):
    open_incident(coordinator, municipality)

    def queries():
        coordinator_client.get(reverse("dashboard"))  # sessions and caches warm
        with CaptureQueriesContext(connection) as captured:
            coordinator_client.get(reverse("dashboard"))
        return len(captured)

    with_panels = queries()
    monkeypatch.setattr(dashboard, "_panels", dict(dashboard._panels))
    dashboard.unregister_panel("active_incidents")
    dashboard.unregister_panel("crisis_review_due")
    assert queries() == with_panels  # their three counts join the others' one statement


def test_protocols_and_teams_due_for_review_are_counted(municipality, coordinator_client):
    def protocol(title, reviewed, every=180):
        return CrisisProtocol.objects.create(
            municipality=municipality, title=title, incident_kind=IncidentKind.HATE_CRIME,
            call_order="Police, then the imam", review_interval_days=every,
            last_reviewed_on=reviewed)

    def team(name, reviewed, every=180):
        return CrisisTeam.objects.create(municipality=municipality, name=name,
                                         kind=TeamKind.DIALOGUE, review_interval_days=every,
                                         last_reviewed_on=reviewed)

    protocol("Hate crime protocol", None)
    protocol("Demonstration protocol", days_ago(10))
    protocol("Attack protocol", days_ago(31), every=30)
    team("Dialogue specialists", days_ago(180))  # due today
    team("Media team", days_ago(179))

    response = coordinator_client.get(reverse("dashboard"))
    assert panel(response, "crisis_review_due") == {"protocol_count": 2, "team_count": 1}
    html = " ".join(response.content.decode().split())
    assert "2 protocols" in html and "1 team list" in html


def test_review_due_agrees_with_each_records_own_date(municipality):
    for days, every in ((0, 1), (1, 1), (2, 1), (364, 365), (365, 365), (366, 365)):
        CrisisTeam.objects.create(municipality=municipality, name=f"{days}/{every}",
                                  kind=TeamKind.CRISIS, review_interval_days=every,
                                  last_reviewed_on=days_ago(days))
    due = set(CrisisTeam.objects.review_due().values_list("name", flat=True))
    assert due == {t.name for t in CrisisTeam.objects.all() if t.is_review_due}
    assert due == {"1/1", "2/1", "365/365", "366/365"}


def test_the_panels_are_the_coordinators(municipality, client_for):
    CrisisProtocol.objects.create(municipality=municipality, title="Hate crime protocol",
                                  incident_kind=IncidentKind.HATE_CRIME, call_order="Police")
    for role in (Role.ASSESSOR, Role.PARTNER_PROFESSIONAL):
        response = client_for(member(municipality, role)).get(reverse("dashboard"))
        assert panel(response, "active_incidents") is None, role
        assert panel(response, "crisis_review_due") is None, role
        assert "Hate crime protocol" not in response.content.decode()
    admin = client_for(member(municipality, Role.MUNICIPAL_ADMIN)).get(reverse("dashboard"))
    assert panel(admin, "crisis_review_due")["protocol_count"] == 1
