"""The dashboard's panels and the menu are kept in the cache per user under the municipality's
change stamp (coordinator/fragments.py, coordinator/dashboard.py ``DashboardPanels``,
coordinator/changes.py; issue 8): a second view of the dashboard runs no panel query, any
committed write of the municipality shows at once, and nothing one user or one municipality
was shown is served to another. Partner professionals, whose every view is logged, are never
served from the cache.

The test settings switch the cache off (a test's writes roll back and never move the stamp);
these tests switch it on and run the commit callbacks of their writes."""

import pytest
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinator import changes
from coordinator.access import InformationCategory
from coordinator.languages import set_user_language
from coordinator.models import Role
from sharing.models import AccessEvent, Agreement, AgreementParty
from tests.factories import CommitmentFactory, OrganisationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    # What an earlier test cached stays in the cache, and on SQLite the next test's records
    # may take the same ids: each test starts from an empty cache.
    cache.clear()
    settings.LINCHPIN_FRAGMENT_CACHE_SECONDS = 60


def _get(client):
    page, queries = _get_sql(client)
    return page, len(queries)


def _get_sql(client) -> tuple[str, list[str]]:
    """The dashboard's HTML and the SQL of each of its queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


#: Tables only the panels read (the request's own queries read the session, the user, the
#: memberships and the reminders).
PANEL_TABLES = ('"coordinator_commitment"', '"coordinator_interaction"', '"networks_community"',
                '"dialogue_meeting"', '"crisis_incident"')


def _panel_queries(queries: list[str]) -> list[str]:
    return [sql for sql in queries if any(table in sql for table in PANEL_TABLES)]


def _panels(page: str) -> str:
    """The page from its heading on: the panels (the header holds a new CSRF token each time)."""
    return page[page.index("<h1>"):]


def _commit(django_capture_on_commit_callbacks, make):
    """Run ``make()`` as a request of its own that commits: its writes queue their own move of
    the stamp (those the fixtures queued wait for the test's outer transaction, which never
    commits), and its commit callbacks run."""
    connections["default"].__dict__.pop(changes.QUEUED, None)
    with django_capture_on_commit_callbacks(execute=True):
        return make()


def test_a_second_view_runs_no_panel_query_and_shows_the_same(coordinator_client, municipality):
    CommitmentFactory(municipality=municipality, description="Fix the broken lift")
    first, first_queries = _get_sql(coordinator_client)
    second, second_queries = _get_sql(coordinator_client)
    assert "Fix the broken lift" in first
    assert _panels(second) == _panels(first)
    assert len(_panel_queries(first_queries)) >= 4  # lists, and the counts in one statement
    assert _panel_queries(second_queries) == []
    assert len(second_queries) < len(first_queries)


def test_a_committed_write_shows_at_once(coordinator_client, municipality,
                                         django_capture_on_commit_callbacks):
    _get(coordinator_client)
    _commit(django_capture_on_commit_callbacks,
            lambda: CommitmentFactory(municipality=municipality, description="Repaint the hall"))
    page, _ = _get(coordinator_client)
    assert "Repaint the hall" in page


def test_a_write_in_another_municipality_keeps_this_one_cached(
        coordinator_client, municipality, other_municipality, django_capture_on_commit_callbacks):
    _, first_queries = _get(coordinator_client)
    cached_page, cached_queries = _get(coordinator_client)
    _commit(django_capture_on_commit_callbacks,
            lambda: CommitmentFactory(municipality=other_municipality, description="Elsewhere"))
    page, queries = _get(coordinator_client)
    assert (_panels(page), queries) == (_panels(cached_page), cached_queries)
    assert "Elsewhere" not in page


def test_one_users_panels_are_never_served_to_another(municipality, client_for):
    """Same municipality, same stamp: the assessor cannot change the preconditions, so the
    coordinator's notice about them must not reach the assessor's page from the cache."""
    coordinator = client_for(member(municipality, Role.COORDINATOR))
    assessor = client_for(member(municipality, Role.ASSESSOR))
    coordinator_page, _ = _get(coordinator)
    assessor_page, _ = _get(assessor)
    notice = "The preconditions for community engagement are not complete"
    assert notice in coordinator_page
    assert notice not in assessor_page


def test_the_panels_follow_the_users_language(coordinator, coordinator_client):
    """The stamp does not move here (no commit callbacks run): the language is in the key."""
    english, _ = _get(coordinator_client)
    set_user_language(coordinator, "fr")
    french, _ = _get(coordinator_client)
    assert "Interactions this month" in english
    assert "Interactions this month" not in french


def test_a_partner_professional_is_never_served_from_the_cache(
        municipality, client_for, django_capture_on_commit_callbacks):
    """Each view shows shared records, so each view is logged: no cached page skips it."""
    police = OrganisationFactory(municipality=municipality, name="Police", kind="police")
    partner = member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police)
    agreement = Agreement.objects.create(
        municipality=municipality, title="Safety house", purpose="Casework",
        categories=[InformationCategory.COMMITMENTS], lawful_basis="public_task",
        starts_on="2026-01-01", state="active")
    AgreementParty.objects.create(agreement=agreement, organisation=police, contact_name="Desk")
    CommitmentFactory(municipality=municipality, description="Shared promise")
    client = client_for(partner)
    for _ in range(2):
        page, _ = _get(client)
        assert "Shared promise" in page
    assert AccessEvent.objects.filter(user=partner, view="dashboard").count() == 2


def test_the_stamp_moves_once_per_transaction_and_only_when_it_commits(municipality):
    before = changes.stamp(municipality.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        changes.mark_changed(municipality.pk)
        raise RuntimeError("rolled back")
    assert changes.stamp(municipality.pk) == before
    callbacks_before = len(connection.run_on_commit)
    for _ in range(3):
        changes.mark_changed(municipality.pk)
    queued = connection.run_on_commit[callbacks_before:]
    assert len(queued) == 1  # three writes, one move
    queued[0][1]()
    assert changes.stamp(municipality.pk) == before + 1


def test_a_lost_stamp_starts_above_every_earlier_one(municipality):
    from django.core.cache import cache

    first = changes.stamp(municipality.pk)
    cache.delete(changes.KEY.format(municipality.pk))
    assert changes.stamp(municipality.pk) > first


def _menu(page: str) -> str:
    return page[page.index('<nav aria-label="Main">'):page.index("</nav>")]


def test_the_menu_marks_the_page_shown_whatever_was_cached(coordinator_client):
    interactions = _menu(coordinator_client.get(reverse("interaction_list")).content.decode())
    commitments = _menu(coordinator_client.get(reverse("commitment_list")).content.decode())
    again = _menu(coordinator_client.get(reverse("interaction_list")).content.decode())
    assert 'href="/interactions/" aria-current="page"' in interactions
    assert 'href="/commitments/" aria-current="page"' in commitments
    assert 'href="/interactions/" aria-current="page"' not in commitments
    assert again == interactions


def test_the_menu_follows_a_change_of_role(municipality, client_for,
                                           django_capture_on_commit_callbacks):
    """An assessor made coordinator sees the preconditions in the menu at once."""
    assessor = member(municipality, Role.ASSESSOR)
    client = client_for(assessor)
    preconditions = f'href="{reverse("preconditions")}"'
    assert preconditions not in _menu(client.get(reverse("dashboard")).content.decode())
    membership = assessor.memberships.get()
    membership.role = Role.COORDINATOR
    _commit(django_capture_on_commit_callbacks, membership.save)
    assert preconditions in _menu(client.get(reverse("dashboard")).content.decode())


def test_the_menu_shows_the_reminders_due_as_they_change(coordinator, coordinator_client,
                                                         municipality):
    """Reminders are made by the daily sweep in bulk, which moves no stamp: their number is in
    the menu's key."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from reminders.models import Reminder, ReminderState

    before = _menu(coordinator_client.get(reverse("interaction_list")).content.decode())
    commitment = CommitmentFactory(municipality=municipality)
    today = timezone.localdate()
    Reminder.objects.bulk_create([Reminder(
        municipality=municipality, recipient=coordinator, kind="commitment",
        state=ReminderState.DUE, subject_type=ContentType.objects.get_for_model(commitment),
        subject_id=commitment.pk, title="Due soon", period="test", due_on=today,
        seen_on=today)])
    after = _menu(coordinator_client.get(reverse("interaction_list")).content.decode())
    assert "1 due" not in before
    assert "1 due" in after
