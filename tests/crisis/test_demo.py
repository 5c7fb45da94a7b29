"""The crisis demo (issue 11 "Demo data"): Manchester's response to the attack of 22 May 2017
replayed from the papers and closed with its lessons, and an open, illustrative incident whose
check-in waits for the portal's organisation. Loaded once for the module (the whole demo takes
a minute), in a transaction rolled back at the end."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from coordinator.access import Action, Actor, can, visible
from coordinator.models import Membership, Municipality, Role
from crisis import demo as crisis_demo
from crisis import services
from crisis.demo import load_demo_crisis
from crisis.models import (
    CheckIn,
    CheckInStatus,
    CrisisProtocol,
    CrisisTeam,
    HateIncident,
    Incident,
    IncidentStatus,
    MediaRequest,
    StatementState,
)
from demo.loader import load_demo
from dialogue.models import MeetingKind

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
APPS = ("crisis", "dialogue", "engagement", "portal", "networks")


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), scopes_disabled():
        load_demo()
        yield
        transaction.set_rollback(True)


def _counts():
    """Rows of every model, history included, of the apps the crisis demo writes to."""
    return {model._meta.label: model.objects.count() for model in apps.get_models()
            if model._meta.app_label in APPS}


def _actor(username):
    membership = Membership.objects.select_related("user", "municipality").get(
        user__username=username)
    return Actor(membership.user, membership)


def _attack():
    return Incident.objects.get(municipality__slug="manchester",
                                title="The attack of 22 May 2017")


def _current():
    return Incident.objects.get(municipality__slug="manchester", status=IncidentStatus.OPEN)


def test_loading_twice_gives_the_same_rows_and_no_new_history(loaded):
    before = _counts()
    assert before["crisis.HistoricalIncident"] > 0
    load_demo()
    assert _counts() == before


def test_the_2017_incident_is_closed_with_the_lessons_of_the_papers(loaded):
    incident = _attack()
    assert incident.occurred_at.astimezone(LONDON).date() == datetime.date(2017, 5, 22)
    assert incident.status == IncidentStatus.CLOSED and incident.closed_at.year == 2017
    for lesson in ("emotions rather than political speeches", "heart of the effort",
                   "Match the messages", "silent middle group", "already in place"):
        assert lesson in incident.lessons_learned
    assert {c.name for c in incident.communities.all()} >= {"Libyan community",
                                                             "Moss Side residents"}
    # Replayed: every step of the timeline is dated in 2017, and closing is the last one.
    timeline = list(incident.timeline.all())
    assert {entry.at.year for entry in timeline} == {2017}
    assert timeline[-1].automatic and "closed" in timeline[-1].text


def test_the_2017_statement_was_briefed_to_the_network_before_its_release(loaded):
    statement = _attack().statements.get()
    assert statement.state == StatementState.RELEASED
    briefing = statement.briefings.get()
    assert briefing.who and briefing.feedback
    assert briefing.briefed_at < statement.released_at
    assert all("(illustrative)" in outlet for outlet in
               MediaRequest.objects.filter(incident=_attack()).values_list("outlet", flat=True))
    assert all(r.answer for r in _attack().media_requests.all())


def test_the_2017_check_ins_heard_the_libyan_community_and_moss_side(loaded):
    check_ins = {str(c): c for c in _attack().check_ins.all()}
    assert all(c.status == CheckInStatus.ANSWERED for c in check_ins.values())
    assert "suspect community" in check_ins["Libyan community crisis team"].fears
    assert "hate videos" in check_ins["Hideaway Youth Project"].concerns


def test_the_2017_recovery_dialogue_events_and_commitment(loaded):
    incident = _attack()
    events = list(incident.meetings.all())
    assert len(events) == 3
    assert {e.kind for e in events} == {MeetingKind.DIALOGUE_EVENT}
    assert all("250 people" in e.takeaways and e.held_on.year == 2017 for e in events)
    actions = " ".join(incident.recovery_actions.values_list("description", flat=True))
    for what in ("young people", "faith", "Radequal"):
        assert what in actions
    assert incident.commitments.get().municipality_id == incident.municipality_id


def test_hate_incidents_rise_then_fall_and_are_marked_illustrative(loaded):
    incident = _attack()
    per_day = [count for _day, count in services.hate_incidents_per_day(
        incident, _actor("manchester-coordinator"))]
    peak = per_day.index(max(per_day))
    assert 0 < peak < len(per_day) - 1 and per_day[peak] > per_day[1] > per_day[0]
    assert all("illustrative" in text for text in HateIncident.objects.filter(
        incident=incident).values_list("description", flat=True))
    impacts = incident.impacts.filter(community__name="Libyan community")
    assert impacts.count() >= 5 and max(i.fear for i in impacts) == 4


def test_the_open_incident_waits_for_the_civic_team_in_the_portal(loaded):
    incident = _current()
    assert "(illustrative)" in incident.title
    assert incident.communities.filter(name="Libyan community").exists()
    portal = _actor("manchester-portal")
    assert portal.role == Role.COMMUNITY_REPRESENTATIVE
    check_in = CheckIn.objects.get(incident=incident, organisation=portal.membership.organisation)
    assert check_in.organisation.name == "Libyan community civic team"
    assert check_in.status == CheckInStatus.WAITING
    assert list(visible(portal, CheckIn.objects.waiting())) == [check_in]
    assert can(portal, Action.COMMENT, check_in)
    assert incident.check_ins.filter(status=CheckInStatus.ANSWERED).exists()
    assert incident.statements.get().state == StatementState.DRAFT


def test_one_team_is_overdue_for_its_review(loaded):
    manchester = Municipality.objects.get(slug="manchester")
    teams = CrisisTeam.objects.filter(municipality=manchester)
    assert {t.kind for t in teams} >= {"dialogue", "conflict_reduction", "crisis", "media",
                                       "civic"}
    assert [t.name for t in teams if t.is_review_due] == ["Conflict-reduction specialists"]
    protocols = CrisisProtocol.objects.filter(municipality=manchester)
    assert protocols.exists() and not any(p.is_review_due for p in protocols)
    members = [m for t in teams for m in t.members.all()]
    assert members and all(not m.email or m.email.endswith("@example.org") for m in members)


def test_without_its_municipality_nothing_is_loaded(loaded, monkeypatch):
    before = _counts()
    monkeypatch.setattr(crisis_demo, "SLUG", "atlantis")
    assert load_demo_crisis() == {"protocols": 0, "teams": 0, "incidents": 0}
    assert _counts() == before


def test_a_load_on_another_day_moves_the_open_incident_without_new_rows(loaded):
    """Its times follow the day of loading (the day before is used: a day after would put
    the incident in the future before the evening)."""
    rows = {label: n for label, n in _counts().items() if ".Historical" not in label}
    day = timezone.localdate() - datetime.timedelta(days=1)
    with transaction.atomic():
        load_demo_crisis(today=day)
        assert {label: n for label, n in _counts().items() if ".Historical" not in label} == rows
        incident = _current()
        assert incident.occurred_at.astimezone(LONDON).date() == day - datetime.timedelta(days=1)
        assert incident.impacts.get().assessed_on == day - datetime.timedelta(days=1)
        assert {c.asked_at for c in incident.check_ins.all()} == {
            incident.timeline.get(text__startswith="Checked in").at}
        assert _attack().occurred_at.year == 2017
        transaction.set_rollback(True)
