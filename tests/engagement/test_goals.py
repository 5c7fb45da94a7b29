"""The goals of the preconditions as items (issue 9; 002 step 1.1 "Preparations", step 4
"update objectives"): added and edited from the preconditions page, reviewed periodically,
flagged when a review is overdue; the old one-goal-per-line text moved into items."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordinator.models import Role
from engagement.models import GoalStatus, PreconditionGoal, Preconditions

from ..factories import (
    GoalReviewFactory,
    MunicipalityFactory,
    PreconditionGoalFactory,
    PreconditionsFactory,
    member,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def _goal_data(**overrides):
    data = {"term": "short", "goal": "Every school met one-on-one",
            "target": "12 of 12 schools", "target_value": "12", "due_on": "",
            "review_interval_days": "60", "next_review_on": ""}
    data.update(overrides)
    return data


def test_a_goal_is_added_from_the_preconditions_page(coordinator_client, municipality):
    page = coordinator_client.get(reverse("preconditions")).content.decode()
    assert reverse("goal_create") + "?term=long" in page
    form = coordinator_client.get(reverse("goal_create") + "?term=long").context["form"]
    assert form.initial["term"] == "long"
    response = coordinator_client.post(reverse("goal_create"), _goal_data())
    assert response.status_code == 302
    goal = PreconditionGoal.objects.get()
    assert goal.municipality == municipality
    assert goal.preconditions == Preconditions.objects.get(municipality=municipality)
    assert goal.next_review_on == TODAY() + 60 * DAY
    assert goal.status == GoalStatus.IN_PROGRESS
    assert goal.history.count() == 1
    page = coordinator_client.get(reverse("preconditions")).content.decode()
    assert "Every school met one-on-one" in page and "12 of 12 schools" in page


def test_a_goal_needs_a_measurable_target(coordinator_client):
    response = coordinator_client.post(reverse("goal_create"), _goal_data(target=""))
    assert response.status_code == 200
    assert "target" in response.context["form"].errors
    assert not PreconditionGoal.objects.exists()


def test_a_goal_is_edited_and_its_history_kept(coordinator_client, municipality):
    goal = PreconditionGoalFactory(preconditions=PreconditionsFactory(municipality=municipality))
    data = _goal_data(goal="Every school and youth organisation met", status="achieved",
                      lock_version=goal.lock_version)
    response = coordinator_client.post(reverse("goal_update", args=[goal.pk]), data)
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.goal == "Every school and youth organisation met"
    assert goal.status == GoalStatus.ACHIEVED
    assert goal.history.count() == 2


def test_a_review_moves_the_next_review_and_is_listed(coordinator_client, municipality):
    goal = PreconditionGoalFactory(preconditions=PreconditionsFactory(municipality=municipality),
                                   review_interval_days=30)
    url = reverse("goal_review_create", args=[goal.pk])
    assert coordinator_client.get(url).context["form"].initial["status"] == GoalStatus.IN_PROGRESS
    data = {"reviewed_on": TODAY().isoformat(), "progress": "Nine schools met.",
            "percent_done": "75", "measured_value": "9", "next_review_on": "",
            "status": "in_progress"}
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    goal.refresh_from_db()
    review = goal.reviews.get()
    assert review.next_review_on == TODAY() + 30 * DAY == goal.next_review_on
    assert review.reviewed_by is not None
    assert goal.history.first().history_change_reason == "Reviewed"
    page = coordinator_client.get(goal.get_absolute_url()).content.decode()
    assert "Nine schools met." in page and "75 %" in page


def test_a_review_may_conclude_the_goal(coordinator_client, municipality):
    goal = PreconditionGoalFactory(preconditions=PreconditionsFactory(municipality=municipality))
    data = {"reviewed_on": TODAY().isoformat(), "progress": "All met.", "percent_done": "100",
            "next_review_on": (TODAY() + 7 * DAY).isoformat(), "status": "achieved"}
    assert coordinator_client.post(reverse("goal_review_create", args=[goal.pk]),
                                   data).status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED
    assert goal.next_review_on == TODAY() + 7 * DAY


@pytest.mark.parametrize("field, value", [
    ("reviewed_on", "2999-01-01"), ("percent_done", "101"), ("next_review_on", "2000-01-01"),
    ("progress", ""),
])
def test_an_invalid_review_is_refused(coordinator_client, municipality, field, value):
    goal = PreconditionGoalFactory(preconditions=PreconditionsFactory(municipality=municipality))
    data = {"reviewed_on": TODAY().isoformat(), "progress": "Some.", "status": "in_progress",
            field: value}
    response = coordinator_client.post(reverse("goal_review_create", args=[goal.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not goal.reviews.exists()


def test_a_late_review_of_an_older_date_does_not_move_the_next_review_back(municipality):
    from coordinator.access import Actor
    from engagement import goals
    from engagement.models import GoalReview

    coordinator = member(municipality, Role.COORDINATOR)
    actor = Actor(coordinator, coordinator.memberships.get())
    goal = PreconditionGoalFactory(preconditions=PreconditionsFactory(municipality=municipality))
    goals.record_review(actor, goal, GoalReview(reviewed_on=TODAY(), progress="Now",
                                                next_review_on=TODAY() + 50 * DAY))
    goals.record_review(actor, goal, GoalReview(reviewed_on=TODAY() - 40 * DAY,
                                                progress="Forgotten",
                                                next_review_on=TODAY() - 10 * DAY))
    goal.refresh_from_db()
    assert goal.next_review_on == TODAY() + 50 * DAY
    assert not goal.review_overdue


def test_an_overdue_review_is_flagged(coordinator_client, municipality, other_municipality):
    preconditions = PreconditionsFactory(municipality=municipality)
    late = PreconditionGoalFactory(preconditions=preconditions, goal="Late goal",
                                   next_review_on=TODAY() - DAY)
    PreconditionGoalFactory(preconditions=preconditions, goal="On time goal",
                            next_review_on=TODAY())
    PreconditionGoalFactory(preconditions=preconditions, goal="Dropped goal",
                            next_review_on=TODAY() - 9 * DAY, status=GoalStatus.DROPPED)
    PreconditionGoalFactory(preconditions=PreconditionsFactory(municipality=other_municipality),
                            goal="Foreign goal", next_review_on=TODAY() - DAY)
    assert late.review_overdue
    assert list(PreconditionGoal.objects.filter(municipality=municipality).review_overdue()) == [late]
    dashboard = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "Goals to review (1)" in dashboard and "Late goal" in dashboard
    assert "Foreign goal" not in dashboard and "Dropped goal" not in dashboard
    page = coordinator_client.get(reverse("preconditions")).content.decode()
    assert page.count("review overdue") == 1
    assert "review overdue" in coordinator_client.get(late.get_absolute_url()).content.decode()


def test_is_complete_asks_for_a_goal_of_each_term(municipality):
    preconditions = PreconditionsFactory(municipality=municipality, staff_hours_per_month=10)
    assert not preconditions.is_complete
    PreconditionGoalFactory(preconditions=preconditions, term="short")
    dropped = PreconditionGoalFactory(preconditions=preconditions, term="long",
                                      status=GoalStatus.DROPPED)
    assert not preconditions.is_complete
    dropped.status = GoalStatus.ACHIEVED
    dropped.save()
    assert preconditions.is_complete
    annotated = Preconditions.objects.with_goal_terms().get(pk=preconditions.pk)
    with CaptureQueriesContext(connection) as queries:
        assert annotated.is_complete
    assert not queries


@pytest.mark.parametrize(("fields", "goals", "complete"), [
    ({"effects_wanted": "", "staff_hours_per_month": 10}, ["short", "long"], False),
    ({}, ["short", "long"], False),  # no resources
    ({"staff_hours_per_month": 0}, ["short", "long"], False),
    ({"budget_eur": 0}, ["short", "long"], True),
    ({"staff_hours_per_month": 10}, ["short", "long"], True),
    ({"staff_hours_per_month": 10}, ["short", "short"], False),
    ({"staff_hours_per_month": 10}, ["short", "long-dropped"], False),
    ({"staff_hours_per_month": 10}, ["short-dropped", "short", "long-achieved"], True),
    ({"budget_eur": 1000}, [], False),
])
def test_complete_is_is_complete_in_sql(municipality, other_municipality, fields, goals,
                                        complete, coordinator_client):
    """The dashboard counts ``Preconditions.objects.complete()`` instead of reading
    ``is_complete``: both say the same of every case, and the notice follows."""
    preconditions = PreconditionsFactory(municipality=municipality, **fields)
    PreconditionsFactory(municipality=other_municipality, staff_hours_per_month=10)
    for goal in goals:
        term, _, status = goal.partition("-")
        PreconditionGoalFactory(preconditions=preconditions, term=term,
                                status=status or GoalStatus.IN_PROGRESS)
    preconditions.refresh_from_db()
    assert preconditions.is_complete is complete
    for _ in range(2):  # the expressions are built once and used again
        assert list(Preconditions.objects.filter(municipality=municipality).complete()) == (
            [preconditions] if complete else [])
        assert Preconditions.objects.with_goal_terms().get(pk=preconditions.pk).is_complete \
            is complete
    page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert ("are not complete" in page) is not complete


def test_the_preconditions_page_runs_a_constant_number_of_queries(coordinator_client,
                                                                   municipality):
    preconditions = PreconditionsFactory(municipality=municipality)

    def queries_with(goals):
        for index in range(goals):
            goal = PreconditionGoalFactory(preconditions=preconditions,
                                           term=["short", "long"][index % 2])
            GoalReviewFactory(goal=goal)
        coordinator_client.get(reverse("preconditions"))  # caches warmed
        with CaptureQueriesContext(connection) as queries:
            assert coordinator_client.get(reverse("preconditions")).status_code == 200
        return len(queries)

    assert queries_with(2) == queries_with(30)


def test_the_goal_page_runs_a_constant_number_of_queries(coordinator_client, municipality):
    goal = PreconditionGoalFactory(preconditions=PreconditionsFactory(municipality=municipality))

    def queries_with(reviews):
        GoalReviewFactory.create_batch(reviews, goal=goal)
        coordinator_client.get(goal.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert coordinator_client.get(goal.get_absolute_url()).status_code == 200
        return len(queries)

    assert queries_with(2) == queries_with(20)


def test_pages_are_scoped_to_the_municipality(access, municipality):
    goal = PreconditionGoalFactory(preconditions=PreconditionsFactory(municipality=municipality))
    for name in ("goal_detail", "goal_update", "goal_review_create"):
        access.assert_scoped(reverse(name, args=[goal.pk]))
    access.assert_portal_kept_out(reverse("goal_create"))


def test_the_assessor_reads_but_does_not_review(client_for, municipality):
    goal = PreconditionGoalFactory(preconditions=PreconditionsFactory(municipality=municipality))
    assessor = client_for(member(municipality, Role.ASSESSOR))
    page = assessor.get(goal.get_absolute_url())
    assert page.status_code == 200
    assert reverse("goal_review_create", args=[goal.pk]) not in page.content.decode()
    assert assessor.get(reverse("goal_review_create", args=[goal.pk])).status_code == 403


# --------------------------------------------------------------------------- data migration

BEFORE = [("engagement", "0007_concern")]


@pytest.fixture
def migrator(transactional_db):
    """Migrate the test database with Django's executor; back to the latest state after."""
    executor = MigrationExecutor(connection)

    def migrate(targets):
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield migrate
    migrate(executor.loader.graph.leaf_nodes())


def test_the_goal_lines_become_items_and_back(migrator):
    old = migrator(BEFORE)
    Preconditions = old.get_model("engagement", "Preconditions")
    # Only engagement went back: the municipalities' table is as today, so they are made
    # with today's model (the old one lacks columns added since, which have no default).
    typed = Preconditions.objects.create(
        municipality_id=MunicipalityFactory(name="Typed", slug="typed", population=1).pk,
        short_term_goals="- Every school met\n\n  Ten mentors found  \n",
        long_term_goals="Drop-out goes down")
    Preconditions.objects.create(
        municipality_id=MunicipalityFactory(name="Empty", slug="empty", population=1).pk)

    new = migrator(MigrationExecutor(connection).loader.graph.leaf_nodes())
    Goal = new.get_model("engagement", "PreconditionGoal")
    goals = list(Goal.objects.order_by("pk"))
    assert [(g.term, g.goal, g.preconditions_id) for g in goals] == [
        ("short", "Every school met", typed.pk), ("short", "Ten mentors found", typed.pk),
        ("long", "Drop-out goes down", typed.pk)]
    assert {g.municipality_id for g in goals} == {typed.municipality_id}
    assert all(g.next_review_on == TODAY() + 90 * DAY for g in goals)
    history = new.get_model("engagement", "HistoricalPreconditionGoal").objects.all()
    assert [h.history_change_reason for h in history] == [MIGRATION.REASON] * 3
    Goal.objects.filter(goal="Ten mentors found").update(status="dropped")

    old = migrator(BEFORE)
    back = old.get_model("engagement", "Preconditions").objects.get(pk=typed.pk)
    assert back.short_term_goals == "Every school met"  # a dropped goal does not come back
    assert back.long_term_goals == "Drop-out goes down"


MIGRATION = importlib.import_module("engagement.migrations.0008_precondition_goals")
