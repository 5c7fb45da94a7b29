"""Every list's export, for every kind of staff member, on the two municipalities of the URL x
role matrix (tests/access/world.py): never a name of the other municipality, never ethnicity
or faith for those who may not read them, and the home municipality's records for those who
may export them."""

import pytest
from django.urls import reverse

from tests.access.rows_spreadsheets import EXPORT_ROWS
from tests.access.world import FOREIGN, HOME, SPECIAL, build
from tests.clients import Client

from .conftest import xlsx_rows

LISTS = [key for key in EXPORT_ROWS if key != "reminders:inbox"]


@pytest.fixture
def world(db):
    return build()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("actor", ["coordinator", "admin", "partner_active"])
def test_every_list_exports_its_own_municipalitys_rows_only(world, actor):
    client = _client(world.users[actor])
    exported = 0
    for key in LISTS:
        url = reverse(key)
        for special in ("", "1"):
            response = client.get(url, {"export": "csv", "special": special})
            if response.status_code == 403:
                continue
            assert response.status_code == 200, (key, response.status_code)
            text = response.content.decode("utf-8-sig")
            assert FOREIGN.lower() not in text.lower(), (key, actor)
            if actor == "partner_active" or not special:
                assert SPECIAL.lower() not in text.lower(), (key, actor, special)
            exported += 1
        xlsx = client.get(url, {"export": "xlsx"})
        if xlsx.status_code == 200:
            rows = xlsx_rows(xlsx.content)
            assert FOREIGN.lower() not in str(rows).lower(), key
    assert exported >= 4


def test_the_coordinator_gets_the_records_and_asked_for_the_special_categories(world):
    client = _client(world.users["coordinator"])
    text = client.get(reverse("networks:community_list"),
                      {"export": "csv", "special": "1"}).content.decode("utf-8-sig")
    assert f"{HOME} community" in text and SPECIAL in text
    for key in LISTS:
        response = client.get(reverse(key), {"export": "csv"})
        if key != "sharing:agreement_list":
            assert response.status_code == 200, key
            assert HOME.lower() in response.content.decode("utf-8-sig").lower(), key
