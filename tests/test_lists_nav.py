"""Lists and navigation (issue 13, "Forms, lists and phones"): sortable column headers that keep
the filters and say the direction, the current page marked in the main menu and in the
pagination (``aria-current``), and the menu button for phones."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from coordinator.languages import set_user_language
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def _header(page: str, label: str) -> str:
    match = re.search(r"<th scope=\"col\"[^>]*>(?:(?!</th>).)*?" + re.escape(label)
                      + r"(?:(?!</th>).)*</th>", page, re.S)
    assert match, label
    return match.group(0)


def test_sortable_headers_keep_the_filters_and_say_the_direction(coordinator_client,
                                                                  municipality):
    CommunityFactory(municipality=municipality, name="Alpha", kind="location")
    CommunityFactory(municipality=municipality, name="Beta", kind="location")
    url = reverse("networks:community_list")

    page = coordinator_client.get(url, {"kind": "location", "page": "1"}).content.decode()
    name = _header(page, "Name")
    # The list is sorted by name when nothing is asked: the header says so and sorts the
    # other way; the filter is kept and the page is not.
    assert 'aria-sort="ascending"' in name
    href = re.search(r'href="\?([^"]+)"', name).group(1).replace("&amp;", "&")
    assert sorted(href.split("&")) == ["kind=location", "o=-name"]
    size = _header(page, "Estimated size")
    assert "aria-sort" not in size and "o=size" in size
    # A column the filterset does not sort by is a plain header.
    assert "<a" not in _header(page, "Point of contact")

    page = coordinator_client.get(url, {"o": "-name"}).content.decode()
    assert 'aria-sort="descending"' in _header(page, "Name")
    assert page.index("Beta") < page.index("Alpha")


def test_the_main_menu_and_the_pagination_mark_the_current_page(coordinator_client,
                                                                  municipality):
    CommunityFactory.create_batch(26, municipality=municipality)
    list_url = reverse("networks:community_list")
    page = coordinator_client.get(list_url, {"page": "2"}).content.decode()
    menu = page[page.index('aria-label="Main"'):page.index("</nav>", page.index('aria-label="Main"'))]
    assert f'<a href="{list_url}" aria-current="page">Communities</a>' in menu
    assert menu.count("aria-current") == 1
    pages = page[page.index('class="pagination"'):]
    assert re.search(r'page=2" aria-current="page"><span class="visually-hidden">Page </span>2<',
                     pages)
    assert 'page=1"><span class="visually-hidden">Page </span>1<' in pages

    # A record's page is in its section: the menu says so without claiming the page.
    community = CommunityFactory(municipality=municipality)
    page = coordinator_client.get(community.get_absolute_url()).content.decode()
    assert f'<a href="{list_url}" aria-current="true">Communities</a>' in page


def test_every_staff_page_has_the_menu_button_and_its_script(coordinator_client):
    page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert re.search(r'<button type="button" class="menu-toggle[^"]*" data-menu-toggle '
                     r'aria-expanded="true" aria-controls="site-menu" hidden>Menu</button>', page)
    assert 'id="site-menu"' in page
    assert re.search(r'<script src="/static/js/linchpin\.js[^"]*" defer></script>', page)
    assert "<script>" not in page  # no inline script: the CSP allows none


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_sort_choices_are_in_the_reader_s_language(coordinator, coordinator_client, language):
    """django-filter names a descending sort once, in English, when the filterset's class is
    made; the list's "Sort by" says it in the reader's language."""
    set_user_language(coordinator, language)
    page = coordinator_client.get(reverse("networks:community_list")).content.decode()
    with translation.override(language):
        expected = gettext("%(column)s (descending)") % {"column": gettext("Name")}
    assert f'<option value="-name">{escape(expected)}</option>' in page
    assert "(descending)" not in page
