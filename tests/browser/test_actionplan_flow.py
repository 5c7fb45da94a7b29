"""The action plan end to end (issue 4 "Done when"): a coordinator fills the missing element
(political support), sends the plan to consultation; a municipal admin approves it with the
council decision reference and downloads the PDF. In English, French and Dutch (issue 13)."""

import io

import pytest
from pypdf import PdfReader

from actionplans import services
from actionplans.models import PoliticalSponsor, ResourceCommitment, VersionState
from coordinator.celery import app as celery_app
from coordinator.models import Role
from tests.actionplans.conftest import fill_complete
from tests.factories import PASSWORD, MunicipalityFactory, OrganisationFactory, member

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def eager_celery(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def _sign_out(page):
    page.get_by_role("button", name=page.words("Sign out")).click()
    page.wait_for_load_state("load")


def test_fill_consult_approve_and_download(browser_page, eager_celery, language, t):
    municipality = MunicipalityFactory(name="Vilvoorde", slug="flow-vilvoorde")
    coordinator = member(municipality, Role.COORDINATOR)
    admin = member(municipality, Role.MUNICIPAL_ADMIN)
    school = OrganisationFactory(municipality=municipality, name="Secondary school",
                                 kind="school")
    association = OrganisationFactory(municipality=municipality, name="Parents' circle",
                                      kind="community_organisation")
    _plan, version = services.create_plan(municipality, "A plan for warmth and safety")
    fill_complete(version, school, association)
    PoliticalSponsor.objects.filter(version=version).delete()
    ResourceCommitment.objects.filter(version=version).delete()
    page = browser_page

    # 1. The coordinator sees what is missing and fills political support.
    sign_in(page, coordinator.username, PASSWORD, language=language)
    page.goto(f"/action-plans/versions/{version.pk}/")
    page.check_accessibility()
    assert page.get_by_text(
        t("Name the political sponsor (mayor, prefect or council leader).")).first.is_visible()
    page.get_by_role("link", name=t("Edit %(title)s", title=t("Political support"))).click()
    page.check_accessibility()
    page.get_by_label(t("name")).fill("The Mayor of Vilvoorde")
    page.get_by_label(t("office")).select_option("mayor")
    page.get_by_label(t("what they endorsed")).fill("The vision and the three steps.")
    page.get_by_label(t.label("resource"), exact=True).fill("The local coordinator (1 FTE)")
    page.get_by_label(t("amount (EUR)")).fill("40000")
    page.get_by_role("button", name=t("Save")).click()
    page.wait_for_load_state("load")
    assert page.get_by_text(t("All seven elements are there.")).is_visible()
    page.check_accessibility()

    # 2. ... and sends the plan to consultation.
    page.get_by_role("button", name=t("Send to consultation")).click()
    page.wait_for_load_state("load")
    version.refresh_from_db()
    assert version.state == VersionState.IN_CONSULTATION
    assert page.get_by_role("link", name=t("Approve")).count() == 0  # not the coordinator's
    _sign_out(page)

    # 3. The municipal admin approves it with the council decision.
    sign_in(page, admin.username, PASSWORD, language=language)
    page.goto(f"/action-plans/versions/{version.pk}/")
    page.get_by_role("link", name=t("Approve")).click()
    page.check_accessibility()
    page.get_by_label(t("Council decision reference")).fill("Council decision 2026/118")
    page.get_by_role("button", name=t("Save")).click()
    page.wait_for_load_state("load")
    page.check_accessibility()
    version.refresh_from_db()
    assert version.state == VersionState.APPROVED and version.approved_by == admin
    assert version.council_decision_reference == "Council decision 2026/118"

    # 4. ... exports the PDF and downloads it.
    page.get_by_role("button", name=t("Export as PDF")).click()
    page.wait_for_load_state("load")
    page.check_accessibility()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=t.pattern("Download the PDF (%(pages)s pages)")).click()
    download = download_info.value
    data = open(download.path(), "rb").read()
    assert data.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "The Mayor of Vilvoorde" in text and "Council decision 2026/118" in text
    assert download.suggested_filename == "a-plan-for-warmth-and-safety-v1.pdf"
