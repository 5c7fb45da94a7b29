"""The requests of the URL x role matrix, sent once for every test of tests/access that reads
them (the table's own tests in test_url_matrix.py, the portal's minimum data in
test_portal_minimum_data.py): building the two municipalities takes most of the time."""

import pytest
from django.db import transaction
from django.test import override_settings
from django_scopes import scopes_disabled

from . import world as world_module
from .matrix import Outcome, run
from .urls import url_patterns

#: Staff pages whose text is kept besides the portal's: where the world's records the portal
#: must never show are shown to those entitled to them (test_portal_minimum_data.py).
STAFF_PAGES_KEPT = frozenset({("dialogue:meeting_detail", "coordinator"),
                              ("vetting:assessment_detail", "assessor"),
                              ("vetting:assessment_list", "assessor"),
                              ("crisis:incident_detail", "coordinator"),
                              ("crisis:check_in", "coordinator")})


def _keep(outcome: Outcome) -> bool:
    return (outcome.key.startswith("portal:")
            or (outcome.method == "GET" and (outcome.key, outcome.actor) in STAFF_PAGES_KEPT))


@pytest.fixture(scope="session")
def outcomes(django_db_setup, django_db_blocker, tmp_path_factory):
    """Build the two municipalities once, send every request of the table, roll everything
    back; the tests only read the outcomes (they are marked ``django_db`` so that
    pytest-django sets up the test database before this fixture runs). The text of the
    portal's pages, and of ``STAFF_PAGES_KEPT``, is kept."""
    from .test_url_matrix import EXPECTED

    media = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock(), scopes_disabled(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            world = world_module.build()
            result = run(world, url_patterns(), EXPECTED, keep=_keep)
            transaction.set_rollback(True)
    return result
