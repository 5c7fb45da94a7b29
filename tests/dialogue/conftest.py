import pytest

from coordinator.access import Actor


@pytest.fixture
def actor(coordinator):
    """The coordinator as the access layer's ``Actor``."""
    return Actor(coordinator, coordinator.memberships.get())
