"""``GET /healthz``: 200 with the database and the Celery broker reachable, 503 otherwise; no
sign-in, nothing but the two statuses in the answer."""

import time

import pytest
from django.db import OperationalError

from coordinator import health
from coordinator.celery import app as celery_app

URL = "/healthz"
pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_database_and_broker_are_reachable(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_needs_no_sign_in_and_reads_only(client):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


@pytest.fixture
def broker_url(monkeypatch):
    """``broker_url("redis://...")`` points Linchpin's Celery app at another broker."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.delenv("CELERY_BROKER_WRITE_URL", raising=False)

    def set_url(url):
        monkeypatch.setitem(celery_app.conf, "broker_url", url)
        if not url.startswith("filesystem://"):  # the transport follows the URL's scheme
            monkeypatch.setitem(celery_app.conf, "broker_transport", None)

    return set_url


def test_healthz_answers_503_when_the_broker_is_unreachable(client, broker_url):
    broker_url("redis://127.0.0.1:1/0")  # nothing listens on port 1

    started = time.monotonic()
    response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "error"}
    assert time.monotonic() - started < health.BROKER_TIMEOUT + 3  # one attempt, no retries


def test_healthz_answers_503_when_the_filesystem_broker_folder_is_missing(
    client, broker_url, monkeypatch, tmp_path
):
    broker_url("filesystem://")
    missing = str(tmp_path / "missing")
    monkeypatch.setitem(
        celery_app.conf, "broker_transport_options",
        {"data_folder_in": missing, "data_folder_out": missing},
    )

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "error"}


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError("could not connect to server")


def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    monkeypatch.setattr(health, "connection", UnreachableDatabase())

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {"database": "error", "broker": "ok"}
    assert b"could not connect" not in response.content  # reasons go to the log only
