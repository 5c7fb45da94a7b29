"""Import of communities, organisations, people and interactions (issue 13): the preview of
every row, bad rows with their reasons, nothing committed from a bad file unless the bad rows
are skipped, the access layer and the engagement-level gate on every row, one import per
confirmation, and large files through Celery."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordinator.models import Role
from coordinator.spreadsheets.models import ImportStatus, SpreadsheetImport
from engagement.models import Interaction
from networks.models import Community, EngagementLevel, Organisation, Person
from tests.factories import CommunityFactory, OrganisationFactory, member

from .conftest import IC, csv_file, xlsx_file, xlsx_rows


def upload_url(kind):
    return reverse("spreadsheets:import_upload", args=[kind])


def upload(client, kind, file):
    """POST ``file`` to the upload page of ``kind``; the import it made (or None)."""
    before = set(SpreadsheetImport.objects.values_list("pk", flat=True))
    response = client.post(upload_url(kind), {"file": file})
    new = SpreadsheetImport.objects.exclude(pk__in=before).first()
    return response, new


def confirm(client, job, **data):
    return client.post(reverse("spreadsheets:import_confirm", args=[job.pk]), data)


def bad_rows(job):
    return {row["line"]: row["errors"] for row in job.report["rows"] if row["action"] == "bad"}


COMMUNITY_HEADER = ["id", "name", "kind", "estimated_size", "languages", "last_verified_on"]


def test_the_preview_lists_every_row_and_every_bad_row_with_its_reason(coordinator_client):
    response, job = upload(coordinator_client, "communities", csv_file([
        COMMUNITY_HEADER,
        ["", "Les Flanades", "Location-based", "4000", "French, Arabic", "2026-01-15"],
        ["", "Parish of Saint Thomas", "identity_faith", "", "", "15/01/2026"],
        ["", "", "Location-based", "", "", ""],                  # line 4: no name
        ["", "Market traders", "Merchants", "many", "", "2026-13-01"],  # line 5: three errors
    ]))
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED
    assert (job.report["new"], job.report["bad"]) == (2, 2)
    bad = bad_rows(job)
    assert [column for column, _message in bad[4]] == ["name"]
    assert {column for column, _message in bad[5]} == {"kind", "estimated_size",
                                                       "last_verified_on"}
    assert not Community.objects.exists()  # the preview saved nothing
    page = coordinator_client.get(job.get_absolute_url()).content.decode()
    for text in ("Les Flanades", "Parish of Saint Thomas", "Market traders",
                 "Enter a whole number.", "is not one of", "Skip the bad rows"):
        assert text in page, text


def test_nothing_is_committed_from_a_file_with_a_bad_row(coordinator_client):
    _, job = upload(coordinator_client, "communities", csv_file([
        COMMUNITY_HEADER, ["", "Les Flanades", "Location-based", "", "", ""],
        ["", "Bad one", "not a kind", "", "", ""]]))
    response = confirm(coordinator_client, job)  # without "skip the bad rows"
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED
    assert not Community.objects.exists()


def test_skipping_the_bad_rows_imports_the_rest_in_one_go(
        municipality, coordinator, coordinator_client, django_capture_on_commit_callbacks):
    _, job = upload(coordinator_client, "communities", csv_file([
        COMMUNITY_HEADER, ["", "Les Flanades", "Location-based", "4000", "French; Arabic", ""],
        ["", "Bad one", "not a kind", "", "", ""],
        ["", "Parish of Saint Thomas", "Identity-based: faith", "", "", ""]]))
    stored = job.file.name
    with django_capture_on_commit_callbacks(execute=True):
        confirm(coordinator_client, job, skip_bad_rows="on")
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTED
    assert job.result == {"new": 2, "update": 0, "unchanged": 0, "bad": 1}
    flanades = Community.objects.get(name="Les Flanades")
    assert flanades.municipality == municipality  # the importer's, never a column
    assert (flanades.estimated_size, flanades.languages) == (4000, ["French", "Arabic"])
    assert flanades.history.get().history_user == coordinator
    assert set(Community.objects.values_list("name", flat=True)) == {"Les Flanades",
                                                                     "Parish of Saint Thomas"}
    assert not job.file and not job.file.storage.exists(stored)  # deleted once imported


def test_a_double_confirmation_imports_once(coordinator_client):
    _, job = upload(coordinator_client, "communities", csv_file([
        COMMUNITY_HEADER, ["", "Les Flanades", "Location-based", "", "", ""]]))
    confirm(coordinator_client, job)
    second = confirm(coordinator_client, job)
    assert second.status_code == 302
    assert Community.objects.count() == 1
    job.refresh_from_db()
    assert job.result["new"] == 1


def test_the_confirmation_checks_again_and_never_trusts_the_preview(municipality,
                                                                    coordinator_client):
    _, job = upload(coordinator_client, "communities", csv_file([
        COMMUNITY_HEADER, ["", "Les Flanades", "Location-based", "", "", ""],
        ["", "Market traders", "Location-based", "", "", ""]]))
    job.refresh_from_db()
    assert job.report["bad"] == 0
    CommunityFactory(municipality=municipality, name="Market traders")  # meanwhile
    confirm(coordinator_client, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED
    assert "already taken" in bad_rows(job)[3][0][1]
    assert not Community.objects.filter(name="Les Flanades").exists()


def test_the_engagement_level_gate_refuses_a_row_as_a_form_would(municipality,
                                                                 coordinator_client):
    _, job = upload(coordinator_client, "organisations", csv_file([
        ["name", "kind", "engagement_level", "receives_municipal_funding"],
        ["Youth club De Schakel", "Youth work", "Dialogue", "no"],
        ["Mosque association", "Faith organisation", "Partnership", "no"],
        ["Sports club", "sports_club", "dialogue", "yes"]]))
    job.refresh_from_db()
    bad = bad_rows(job)
    assert [c for c, _m in bad[3]] == ["engagement_level"]
    assert "cleared assessment" in bad[3][0][1]
    assert [c for c, _m in bad[4]] == ["receives_municipal_funding"]
    confirm(coordinator_client, job, skip_bad_rows="on")
    assert list(Organisation.objects.values_list("name", "engagement_level")) == [
        ("Youth club De Schakel", EngagementLevel.DIALOGUE)]


def test_an_id_of_another_municipality_is_refused(other_municipality, coordinator_client):
    foreign = CommunityFactory(municipality=other_municipality, name="Foreign quarter")
    _, job = upload(coordinator_client, "communities", csv_file([
        ["id", "name", "kind"], [str(foreign.pk), "Taken over", "Location-based"],
        ["abc", "Nonsense id", "Location-based"]]))
    job.refresh_from_db()
    assert [c for c, _m in bad_rows(job)[2]] == ["id"]
    assert [c for c, _m in bad_rows(job)[3]] == ["id"]
    confirm(coordinator_client, job, skip_bad_rows="on")
    foreign.refresh_from_db()
    assert foreign.name == "Foreign quarter"
    assert not Community.objects.filter(name="Taken over").exists()


def test_related_names_are_looked_up_in_the_users_municipality_only(
        municipality, other_municipality, coordinator_client):
    CommunityFactory(municipality=municipality, name="Les Flanades")
    CommunityFactory(municipality=other_municipality, name="Foreign quarter")
    _, job = upload(coordinator_client, "organisations", csv_file([
        ["name", "kind", "communities"],
        ["Youth club", "Youth work", "Les Flanades"],
        ["Other club", "Youth work", "Les Flanades; Foreign quarter"]]))
    job.refresh_from_db()
    assert "No community called “Foreign quarter”" in bad_rows(job)[3][0][1]
    confirm(coordinator_client, job, skip_bad_rows="on")
    club = Organisation.objects.get()
    assert list(club.communities.values_list("name", flat=True)) == ["Les Flanades"]


def test_an_update_by_id_changes_the_record_and_an_unchanged_row_saves_nothing(
        municipality, coordinator_client):
    first = CommunityFactory(municipality=municipality, name="Les Flanades", estimated_size=10)
    second = CommunityFactory(municipality=municipality, name="Parish", estimated_size=20)
    exported = coordinator_client.get(reverse("networks:community_list"), {"export": "xlsx"})
    rows = xlsx_rows(exported.content)
    header = list(rows[0])
    table = [header] + [[row[c] for c in header] for row in rows]
    table[1][header.index("estimated_size")] = "4000"
    _, job = upload(coordinator_client, "communities", xlsx_file(table))
    job.refresh_from_db()
    assert (job.report["update"], job.report["unchanged"], job.report["bad"]) == (1, 1, 0)
    confirm(coordinator_client, job)
    first.refresh_from_db()
    assert first.estimated_size == 4000
    assert second.history.count() == 1  # no empty history entry for the unchanged row


def test_people_and_interactions_link_what_the_user_may_see(municipality, coordinator,
                                                            coordinator_client):
    community = CommunityFactory(municipality=municipality, name="Les Flanades")
    OrganisationFactory(municipality=municipality, name="Youth club")
    _, job = upload(coordinator_client, "people", csv_file([
        ["name", "organisation", "communities", "partner_level", "is_key_figure",
         "preferred_channel", "phone"],
        ["Youth worker", "Youth club", "Les Flanades", "Operational contact", "yes", "Phone",
         "'+33 1 00 00 00 00"],
        ["Imam", "", "", "", "no", "E-mail", ""]]))
    job.refresh_from_db()
    assert [c for c, _m in bad_rows(job)[3]] == ["email"]  # the model's own rule
    confirm(coordinator_client, job, skip_bad_rows="on")
    worker = Person.objects.get()
    assert (worker.organisation.name, worker.is_key_figure, worker.phone) == (
        "Youth club", True, "+33 1 00 00 00 00")
    _, job = upload(coordinator_client, "interactions", csv_file([
        ["occurred_on", "kind", "community", "people", "needs_heard"],
        ["2026-02-03", "Phone call", "Les Flanades", "Youth worker", "A place to meet"],
        ["2026-02-04", "Phone call", "", "", "Nobody"],
        [(datetime.date.today() + datetime.timedelta(days=3)).isoformat(), "Meeting",
         "Les Flanades", "", "Tomorrow"]], delimiter=";"))
    job.refresh_from_db()
    assert [c for c, _m in bad_rows(job)[3]] == [""]  # a contact with someone
    assert [c for c, _m in bad_rows(job)[4]] == ["occurred_on"]
    confirm(coordinator_client, job, skip_bad_rows="on")
    interaction = Interaction.objects.get()
    assert (interaction.community, interaction.logged_by) == (community, coordinator)
    assert list(interaction.people.all()) == [worker]
    community.refresh_from_db()
    assert community.last_contacted_on == datetime.date(2026, 2, 3)


def test_a_partner_imports_interactions_only_within_their_agreement(
        municipality, partner, client_for, agreement_with):
    granted = CommunityFactory(municipality=municipality, name="Granted")
    CommunityFactory(municipality=municipality, name="Not granted")
    agreement_with([IC.INTERACTION_NOTES, IC.COMMUNITY_PROFILE], communities=[granted],
                   partners_may_add=True)
    client = client_for(partner)
    _, job = upload(client, "interactions", csv_file([
        ["occurred_on", "kind", "community"], ["2026-02-03", "Phone call", "Granted"],
        ["2026-02-03", "Phone call", "Not granted"]]))
    job.refresh_from_db()
    assert list(bad_rows(job)) == [3]
    confirm(client, job, skip_bad_rows="on")
    assert list(Interaction.objects.values_list("community__name", flat=True)) == ["Granted"]
    assert client.get(upload_url("communities")).status_code == 403


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.PARTNER_PROFESSIONAL])
def test_who_may_not_add_may_not_upload(municipality, client_for, role):
    organisation = OrganisationFactory(municipality=municipality)
    client = client_for(member(municipality, role, organisation=organisation
                               if role == Role.PARTNER_PROFESSIONAL else None))
    for kind in ("communities", "organisations", "people", "interactions"):
        assert client.get(upload_url(kind)).status_code == 403
        _, job = upload(client, kind, csv_file([["name", "kind"], ["X", "Location-based"]]))
        assert job is None


def test_files_that_cannot_be_imported_are_refused_with_the_reason(coordinator_client):
    cases = [
        (csv_file([["name"], ["x"]], name="notes.txt"), ".csv or .xlsx"),
        (csv_file([["name", "size"], ["Les Flanades", "3"]]), "no column “kind”"),
        (csv_file([["name", "kind"]]), "no row"),
        (csv_file([["name", "name", "kind"], ["a", "b", "c"]]), "more than once"),
        (SimpleUploadedFile("broken.xlsx", b"PK\x03\x04 not a workbook"), "Excel (XLSX)"),
    ]
    for file, reason in cases:
        response, job = upload(coordinator_client, "communities", file)
        assert response.status_code == 200 and job is None
        assert reason in response.content.decode(), reason
    assert not Community.objects.exists()


def test_the_template_of_each_kind_has_its_columns_and_an_example(coordinator_client):
    for kind, column in (("communities", "kind"), ("organisations", "engagement_level"),
                         ("people", "organisation"), ("interactions", "occurred_on")):
        for fmt in ("csv", "xlsx"):
            response = coordinator_client.get(
                reverse("spreadsheets:import_template", args=[kind, fmt]))
            assert response.status_code == 200, (kind, fmt)
            assert f"{kind}-template.{fmt}" in response["Content-Disposition"]
            if fmt == "xlsx":
                rows = xlsx_rows(response.content)
                assert len(rows) == 1 and column in rows[0] and rows[0]["id"] is None
            else:
                lines = response.content.decode("utf-8-sig").strip().splitlines()
                assert len(lines) == 2 and column in lines[0].split(",")
    assert coordinator_client.get(reverse("spreadsheets:import_template",
                                          args=["communities", "pdf"])).status_code == 404


def test_a_cancelled_import_deletes_its_file(coordinator_client,
                                            django_capture_on_commit_callbacks):
    _, job = upload(coordinator_client, "communities", csv_file([
        COMMUNITY_HEADER, ["", "Les Flanades", "Location-based", "", "", ""]]))
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name) and name.startswith("spreadsheets/imports/")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("spreadsheets:import_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED and not storage.exists(name)
    assert confirm(coordinator_client, job).status_code == 302
    assert not Community.objects.exists()


def test_an_import_is_its_users_own(municipality, coordinator_client, client_for):
    _, job = upload(coordinator_client, "communities", csv_file([
        COMMUNITY_HEADER, ["", "Les Flanades", "Location-based", "", "", ""]]))
    colleague = client_for(member(municipality, Role.COORDINATOR))
    assert colleague.get(job.get_absolute_url()).status_code == 404
    assert confirm(colleague, job).status_code == 404
    admin = client_for(member(municipality, Role.MUNICIPAL_ADMIN))
    assert admin.get(job.get_absolute_url()).status_code == 200
    assert confirm(admin, job).status_code == 403
    assert not Community.objects.exists()


# --------------------------------------------------------------------------- large files: Celery


def test_a_large_file_is_checked_and_imported_by_celery_with_progress(
        settings, coordinator_client, eager_celery, django_capture_on_commit_callbacks):
    settings.LINCHPIN_SPREADSHEET_IMPORT_ASYNC_ROWS = 2
    rows = [["name", "kind"]] + [[f"Community {n}", "Location-based"] for n in range(5)]
    rows.append(["", "Location-based"])
    _, job = upload(coordinator_client, "communities", csv_file(rows))  # not run yet
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATING
    page = coordinator_client.get(job.get_absolute_url()).content.decode()
    assert "data-poll=" in page and "<progress" in page and "http-equiv" not in page
    partial = coordinator_client.get(job.get_absolute_url(), {"partial": "1"}).content.decode()
    assert partial.lstrip().startswith('<div class="card"') and "<html" not in partial

    from coordinator.tasks import check_spreadsheet_import, run_spreadsheet_import

    check_spreadsheet_import(job.pk)
    job.refresh_from_db()
    assert (job.status, job.progress, job.report["new"], job.report["bad"]) == (
        ImportStatus.PREVIEWED, 100, 5, 1)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(coordinator_client, job, skip_bad_rows="on")
        confirm(coordinator_client, job, skip_bad_rows="on")  # a double click
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTED
    assert Community.objects.count() == 5
    run_spreadsheet_import(job.pk)  # a redelivered message imports nothing more
    assert Community.objects.count() == 5


def test_the_import_pages_name_the_kind_of_record(coordinator_client):
    index = coordinator_client.get(reverse("spreadsheets:index")).text
    assert f'<a href="{upload_url("communities")}">Communities</a>' in index
    upload = coordinator_client.get(upload_url("organisations")).text
    assert "<h1>Import organisations from a spreadsheet</h1>" in upload
