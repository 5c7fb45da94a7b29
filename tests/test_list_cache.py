"""What list pages keep in the cache under the municipality's change stamp (issue 8): the
filter form and the number of results, per user, page and filters
(``coordinator.fragments.list_fragment_key``, ``includes/filter_form.html``,
``BoundedPaginator(count_key=...)``), and the step each community's records show
(``coordinator.changes.per_record``). A view with other filters shows its own, a committed
write shows at once, and nothing passes between users; partner professionals are never served
from the cache.

The test settings switch the cache off; these tests switch it on and run the commit callbacks
of their writes (as ``tests/test_fragment_cache.py``)."""

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinator import changes
from coordinator.access import InformationCategory
from coordinator.languages import set_user_language
from coordinator.models import Role
from sharing.models import Agreement, AgreementParty
from tests.factories import CommunityFactory, InteractionFactory, OrganisationFactory, member

pytestmark = pytest.mark.django_db

FORM_TEMPLATE = "includes/filter_form_fields.html"


@pytest.fixture(autouse=True)
def cache_on(settings):
    # What an earlier test cached stays in the cache, and on SQLite the next test's records
    # may take the same ids: each test starts from an empty cache.
    cache.clear()
    settings.LINCHPIN_FRAGMENT_CACHE_SECONDS = 60


def _commit(django_capture_on_commit_callbacks, make):
    connections["default"].__dict__.pop(changes.QUEUED, None)
    with django_capture_on_commit_callbacks(execute=True):
        return make()


def _form(response) -> str:
    page = response.content.decode()
    start = page.index('<form method="get" class="filters"')
    return page[start:page.index("</form>", start)]


def _rendered_form(response) -> bool:
    return FORM_TEMPLATE in [template.name for template in response.templates]


def test_the_filter_form_is_rendered_once_per_filters_and_shows_them(coordinator_client):
    url = reverse("networks:community_list")
    first = coordinator_client.get(url, {"q": "Alpha"})
    again = coordinator_client.get(url, {"q": "Alpha", "page": "1"})
    other = coordinator_client.get(url, {"q": "Beta"})
    cleared = coordinator_client.get(url)
    assert _rendered_form(first) and not _rendered_form(again)
    assert _form(again) == _form(first)
    assert 'value="Alpha"' in _form(first)
    assert 'value="Beta"' in _form(other) and 'value="Alpha"' not in _form(other)
    assert 'value="' not in _form(cleared).split('name="q"')[1].split(">")[0]


def test_a_wrong_filter_keeps_its_message(coordinator_client):
    url = reverse("interaction_list")
    for _ in range(2):
        response = coordinator_client.get(url, {"occurred_after": "not a date"})
        assert "Enter a valid date." in _form(response)


def test_the_filter_form_is_never_served_to_another_user(municipality, coordinator_client,
                                                         client_for):
    """Same municipality, same filters: the French-speaking colleague gets a French form."""
    colleague = member(municipality, Role.COORDINATOR)
    set_user_language(colleague, "fr")
    url = reverse("networks:community_list")
    english = coordinator_client.get(url, {"q": "Alpha"})
    french = client_for(colleague).get(url, {"q": "Alpha"})
    assert ">Apply<" in _form(english)
    assert ">Appliquer<" in _form(french) and ">Apply<" not in _form(french)
    assert _rendered_form(french)


def test_a_partner_professionals_form_is_rendered_each_time(municipality, client_for):
    police = OrganisationFactory(municipality=municipality, name="Police", kind="police")
    agreement = Agreement.objects.create(
        municipality=municipality, title="Safety house", purpose="Casework",
        categories=[InformationCategory.COMMITMENTS], lawful_basis="public_task",
        starts_on="2026-01-01", state="active")
    AgreementParty.objects.create(agreement=agreement, organisation=police, contact_name="Desk")
    partner = client_for(member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police))
    responses = [partner.get(reverse("commitment_list"), {"q": "lift"}) for _ in range(2)]
    assert [response.status_code for response in responses] == [200, 200]
    assert all(_rendered_form(response) and 'value="lift"' in _form(response)
               for response in responses)


def _community_list(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("networks:community_list"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_proposed_step_shows_a_committed_interaction_at_once(
        municipality, coordinator_client, django_capture_on_commit_callbacks):
    CommunityFactory(municipality=municipality, name="Quiet street")
    community = CommunityFactory(municipality=municipality, name="Market traders")
    before, _ = _community_list(coordinator_client)
    _commit(django_capture_on_commit_callbacks,
            lambda: InteractionFactory(municipality=municipality, community=community))
    after, after_queries = _community_list(coordinator_client)
    again, again_queries = _community_list(coordinator_client)
    assert "records show step 2" not in before
    assert after.count("records show step 2") == 1
    assert again.count("records show step 2") == 1
    assert again_queries == after_queries - 2  # the number of results and the steps: cached


def test_per_record_computes_only_what_the_cache_lacks(municipality, settings):
    asked = []

    def compute(ids):
        asked.append(sorted(ids))
        return {pk: pk * 10 for pk in ids}

    assert changes.per_record(municipality.pk, "test-value", [1, 2], compute) == {1: 10, 2: 20}
    assert changes.per_record(municipality.pk, "test-value", [2, 3, 2], compute) == {
        2: 20, 3: 30}
    changes.move_now(municipality.pk)
    changes.per_record(municipality.pk, "test-value", [1], compute)
    settings.LINCHPIN_FRAGMENT_CACHE_SECONDS = 0
    changes.per_record(municipality.pk, "test-value", [1], compute)
    assert asked == [[1, 2], [3], [1], [1]]


def _list(client, url, query=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query or {})
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index('<p class="result-count">'):].split("</p>")[0], len(queries)


def test_the_number_of_results_is_counted_once_per_filters_until_a_write(
        municipality, coordinator_client, django_capture_on_commit_callbacks):
    url = reverse("interaction_list")
    InteractionFactory.create_batch(3, municipality=municipality, kind="phone_call")
    calls, _ = _list(coordinator_client, url, {"kind": "meeting"})  # the menu is cached now
    first, first_queries = _list(coordinator_client, url)
    again, again_queries = _list(coordinator_client, url, {"page": "1"})
    _commit(django_capture_on_commit_callbacks,
            lambda: InteractionFactory(municipality=municipality, kind="phone_call"))
    after, after_queries = _list(coordinator_client, url)
    assert "3 results" in first and "3 results" in again
    assert again_queries == first_queries - 1
    assert "0 results" in calls
    assert "4 results" in after and after_queries == first_queries


def test_the_daily_sweep_moves_the_stamp(municipality, django_capture_on_commit_callbacks):
    """Its reminders are written in bulk, which sends no signal: the inbox's number of
    reminders must not stay as it was cached."""
    from reminders.sweep import sweep_municipality

    before = changes.stamp(municipality.pk)
    _commit(django_capture_on_commit_callbacks,
            lambda: sweep_municipality(municipality.pk, enqueue=False))
    assert changes.stamp(municipality.pk) > before
