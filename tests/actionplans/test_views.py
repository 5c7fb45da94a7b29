"""Staff screens and the PDF export: scoping, roles, the Celery task and the download."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from actionplans import services
from actionplans.models import ExportStatus, PlanExport, VersionState
from coordinator.celery import app as celery_app
from coordinator.models import Role
from tests.factories import member


@pytest.fixture
def eager_celery(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def export(approved_version, coordinator, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_export(approved_version, coordinator)
    export.refresh_from_db()
    return export


def test_the_task_renders_and_stores_the_pdf(export):
    assert export.status == ExportStatus.DONE
    assert export.progress == 100
    assert export.pages >= 9
    with export.file.open("rb") as f:
        data = f.read()
    assert data[:5] == b"%PDF-"
    # The stored file is the tagged one (PDF/UA-1), as the export path writes it.
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"


def test_a_failed_render_is_reported(approved_version, coordinator, eager_celery,
                                     django_capture_on_commit_callbacks, monkeypatch):
    from actionplans import pdf

    def broken(version):
        raise RuntimeError("boom")

    monkeypatch.setattr(pdf, "render_html", broken)
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_export(approved_version, coordinator)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.error == "RuntimeError"


def test_request_export_view_queues_and_redirects_to_progress(
        approved_version, coordinator_client, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("actionplans:request_export", args=[approved_version.pk]))
    export = PlanExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("actionplans:export_detail", args=[export.pk])
    page = coordinator_client.get(response["Location"])
    assert b"Download the PDF" in page.content
    assert b"data-poll=" not in page.content  # finished: the page stops looking


def test_progress_page_polls_while_running(approved_version, coordinator, coordinator_client):
    """No whole-page refresh (axe's meta-refresh): static/js/linchpin.js fetches the page again
    and takes its status region; the status is a live region; without JS a link looks again."""
    export = PlanExport.objects.create(version=approved_version, requested_by=coordinator,
                                       status=ExportStatus.RUNNING, progress=30)
    url = reverse("actionplans:export_detail", args=[export.pk])
    page = coordinator_client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert 'id="export-status" data-poll="2000"' in page
    assert '<p role="status" data-poll-live>Status: <strong>Being prepared</strong></p>' in page
    assert 'value="30"' in page
    assert f'<a href="{url}">Look again</a>' in page


def test_export_pages_are_scoped(export, access):
    access.assert_scoped(reverse("actionplans:export_detail", args=[export.pk]))


def test_download_is_scoped_private_and_an_attachment(export, access, municipality, client_for):
    url = reverse("actionplans:export_download", args=[export.pk])
    access.assert_scoped(url)
    response = client_for(member(municipality, Role.MUNICIPAL_ADMIN)).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("role", [Role.PARTNER_PROFESSIONAL, Role.ASSESSOR])
def test_partners_and_assessors_cannot_download(export, municipality, association, client_for,
                                                role):
    user = member(municipality, role, organisation=association)
    url = reverse("actionplans:export_download", args=[export.pk])
    # Neither may see the export at all: not found (coordinator.access.require).
    assert client_for(user).get(url).status_code == 404


def test_portal_user_cannot_download(export, municipality, association, client_for):
    user = member(municipality, Role.COMMUNITY_REPRESENTATIVE, organisation=association)
    response = client_for(user).get(reverse("actionplans:export_download", args=[export.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/portal/")


def test_anonymous_users_are_sent_to_login(export, client):
    response = client.get(reverse("actionplans:export_download", args=[export.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", ["plan_detail", "version_detail", "compare", "element_edit",
                                  "open_sections"])
def test_plan_screens_are_scoped(name, complete_version, access):
    args = {"plan_detail": [complete_version.plan_id],
            "element_edit": [complete_version.pk, 1]}.get(name, [complete_version.pk])
    access.assert_scoped(reverse(f"actionplans:{name}", args=args))


def test_plan_list(complete_version, coordinator_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = coordinator_client.get(reverse("actionplans:plan_list"))
    assert complete_version.plan.title.encode() in response.content


def test_create_plan(coordinator_client, municipality):
    response = coordinator_client.post(reverse("actionplans:plan_create"),
                                       {"title": "Safeguarding together"})
    assert response.status_code == 302
    plan = municipality and services.ActionPlan.objects.get(title="Safeguarding together")
    assert plan.municipality == municipality and plan.versions.get().number == 1


def test_edit_an_element_with_its_lists(version, coordinator_client):
    url = reverse("actionplans:element_edit", args=[version.pk, 2])
    assert coordinator_client.get(url).status_code == 200
    data = {
        "fields-vision": "We live together.", "fields-reasons": "", "fields-strategy_fit": "",
        "protectionaim-TOTAL_FORMS": "1", "protectionaim-INITIAL_FORMS": "0",
        "protectionaim-0-who": "Young people", "protectionaim-0-against_what": "recruitment",
        "protectionaim-0-position": "1",
        "goal-TOTAL_FORMS": "1", "goal-INITIAL_FORMS": "0",
        "goal-0-description": "Critical thinking", "goal-0-scope": "general",
        "goal-0-prevention_level": "general", "goal-0-position": "1",
    }
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    version.refresh_from_db()
    assert version.vision == "We live together."
    result = services.check_completeness(version)[1]
    assert result["complete"], result


def test_frozen_versions_cannot_be_edited_through_the_screens(approved_version,
                                                              coordinator_client):
    url = reverse("actionplans:element_edit", args=[approved_version.pk, 2])
    assert coordinator_client.get(url).status_code == 403


def test_coordinator_sends_admin_approves(complete_version, coordinator_client, admin_user,
                                          client_for):
    response = coordinator_client.post(
        reverse("actionplans:send_to_consultation", args=[complete_version.pk]))
    assert response.status_code == 302
    approve = reverse("actionplans:approve", args=[complete_version.pk])
    assert coordinator_client.get(approve).status_code == 403
    admin = client_for(admin_user)
    response = admin.post(approve, {"council_decision_reference": "CM 2026-01"})
    assert response.status_code == 302
    complete_version.refresh_from_db()
    assert complete_version.state == VersionState.APPROVED
    assert complete_version.approved_by == admin_user


def test_version_detail_shows_completeness_and_comments(version, coordinator_client):
    response = coordinator_client.get(reverse("actionplans:version_detail", args=[version.pk]))
    assert response.status_code == 200
    assert b"Completeness" in response.content
    assert b"Say how urgent it is to act." in response.content


@pytest.mark.parametrize("element", [1, 2, 3, 4, 5, 6, 7])
def test_every_element_has_an_edit_page(complete_version, coordinator_client, element):
    response = coordinator_client.get(
        reverse("actionplans:element_edit", args=[complete_version.pk, element]))
    assert response.status_code == 200


def test_figure_tables_are_edited_as_text(version, coordinator_client):
    from actionplans.models import FigureTable

    url = reverse("actionplans:element_edit", args=[version.pk, 1])
    data = {f"fields-{name}": "" for name in (
        "analysis_extent", "analysis_risks", "signs_right_wing", "signs_left_wing",
        "signs_religious", "urgency", "urgency_explanation")}
    for prefix in ("analysisfactor", "insidehelper", "analysissource"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update({"figuretable-TOTAL_FORMS": "1", "figuretable-INITIAL_FORMS": "0",
                 "figuretable-0-title": "In figures", "figuretable-0-position": "1",
                 "figuretable-0-columns_text": "Figure | Value",
                 "figuretable-0-rows_text": "Inhabitants | 42,000\nMinors | 40 %"})
    assert coordinator_client.post(url, data).status_code == 302
    table = FigureTable.objects.get(version=version)
    assert table.columns == ["Figure", "Value"]
    assert table.rows == [["Inhabitants", "42,000"], ["Minors", "40 %"]]
    data["figuretable-0-rows_text"] = "Only one cell"
    data.update({"figuretable-INITIAL_FORMS": "1", "figuretable-0-id": str(table.pk)})
    response = coordinator_client.post(url, data)
    assert response.status_code == 200 and b"Every row needs 2 cells." in response.content
