import pytest

from .workers import Workers


@pytest.fixture
def workers(tmp_path):
    """Real Celery workers in processes of their own (tests/reminders/workers.py), killed at
    the end of the test whatever happened."""
    harness = Workers(tmp_path)
    try:
        yield harness
    finally:
        harness.cleanup()
