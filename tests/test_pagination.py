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
