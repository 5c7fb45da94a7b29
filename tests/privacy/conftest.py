"""Fixtures for data protection: a municipal admin, Celery run at once, files in a temporary
media folder, and ``old(days)`` to age records."""

import datetime

import pytest
from django.utils import timezone

from coordinator.celery import app as celery_app
from coordinator.models import Role
from tests.factories import member


@pytest.fixture
def admin(municipality):
    return member(municipality, Role.MUNICIPAL_ADMIN)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def eager_celery():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def moment_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)
