"""coordinator.pagination.BoundedPaginator: the long lists count and page at most
``max_pages`` pages, so no page costs more as a municipality grows."""

import pytest
from django.core.paginator import EmptyPage
from django.urls import reverse

from coordinator.pagination import BoundedPaginator
from engagement.models import Interaction

from .factories import InteractionFactory

pytestmark = pytest.mark.django_db


class TwoPages(BoundedPaginator):
    max_pages = 2


def test_a_list_within_the_bound_is_counted_exactly():
    paginator = TwoPages(list(range(7)), per_page=5)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (7, False, 2)


def test_beyond_the_bound_the_count_stops_and_later_pages_do_not_exist(municipality):
    InteractionFactory.create_batch(11, municipality=municipality, community=None)
    paginator = TwoPages(Interaction.objects.order_by("-occurred_on", "-pk"), per_page=5)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (10, True, 2)
    assert len(paginator.page(2)) == 5
    with pytest.raises(EmptyPage):
        paginator.page(3)


def test_exactly_the_bound_is_not_capped(municipality):
    InteractionFactory.create_batch(10, municipality=municipality, community=None)
    paginator = TwoPages(Interaction.objects.all(), per_page=5)
    assert (paginator.count, paginator.capped) == (10, False)


def test_a_capped_list_says_so(coordinator_client, municipality, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "max_pages", 2)
    InteractionFactory.create_batch(51, municipality=municipality, community=None)
    url = reverse("interaction_list")
    response = coordinator_client.get(url, {"page": 2})
    assert response.status_code == 200
    assert "More than 50 results" in response.text
    assert "Page 2 of the first 2" in response.text
    assert coordinator_client.get(url, {"page": 3}).status_code == 404


def test_an_uncapped_list_shows_the_exact_count(coordinator_client, municipality):
    InteractionFactory.create_batch(3, municipality=municipality, community=None)
    response = coordinator_client.get(reverse("interaction_list"))
    assert "3 results" in response.text
    assert "More than" not in response.text


@pytest.mark.parametrize("ordering", [("-occurred_on", "-pk"), ("kind", "pk"), ("-pk",)])
def test_a_later_page_holds_the_same_rows_in_the_same_order_as_slicing(municipality, ordering):
    InteractionFactory.create_batch(12, municipality=municipality, community=None)
    rows = Interaction.objects.select_related("logged_by").order_by(*ordering)
    paginator = TwoPages(rows, per_page=5)
    everything = list(rows)
    assert [i.pk for i in paginator.page(2)] == [i.pk for i in everything[5:10]]
    assert [i.logged_by_id for i in paginator.page(2)] == [i.logged_by_id for i in everything[5:10]]


def test_a_later_page_joins_only_its_own_rows(municipality, django_assert_num_queries):
    InteractionFactory.create_batch(12, municipality=municipality, community=None)
    paginator = TwoPages(Interaction.objects.select_related("logged_by").order_by("-pk"), per_page=5)
    paginator.count  # noqa: B018 - counted apart, as the list view does
    with django_assert_num_queries(1) as captured:
        list(paginator.page(2))
    sql = captured.captured_queries[0]["sql"]
    assert "OFFSET 5" in sql and " IN (SELECT" in sql
