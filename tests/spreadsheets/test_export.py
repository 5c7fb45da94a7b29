"""Export of the staff lists as CSV and XLSX (issue 13): the rows the list shows, through the
access layer, with its filters, without ethnicity and faith unless asked for and allowed, and
logged; long lists through Celery."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coordinator.models import Role
from coordinator.spreadsheets import imports
from coordinator.spreadsheets.models import ExportStatus, SpreadsheetExport
from networks.models import CommunityKind
from sharing.models import AccessEvent
from tests.factories import (
    CommunityFactory,
    InteractionFactory,
    OrganisationFactory,
    PersonFactory,
    member,
)

from .conftest import IC, csv_rows, xlsx_rows

COMMUNITIES = reverse("networks:community_list")
INTERACTIONS = reverse("interaction_list")
PEOPLE = reverse("networks:person_list")


@pytest.fixture
def communities(municipality, other_municipality):
    home = CommunityFactory(municipality=municipality, name="Les Flanades",
                            kind=CommunityKind.LOCATION, ethnicity="Assyro-Chaldean",
                            faith="Chaldean Catholic")
    faith = CommunityFactory(municipality=municipality, name="Parish of Saint Thomas",
                             kind=CommunityKind.IDENTITY_FAITH)
    foreign = CommunityFactory(municipality=other_municipality, name="Foreign quarter")
    return home, faith, foreign


def test_a_coordinator_exports_the_communities_of_their_municipality(
        coordinator_client, communities):
    response = coordinator_client.get(COMMUNITIES, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    names = [row["name"] for row in csv_rows(response)]
    assert names == ["Les Flanades", "Parish of Saint Thomas"]  # the list's order
    assert "Foreign quarter" not in response.content.decode("utf-8-sig")


def test_the_export_honours_the_filters_of_the_list(coordinator_client, communities):
    response = coordinator_client.get(COMMUNITIES, {"kind": CommunityKind.IDENTITY_FAITH,
                                                    "export": "csv"})
    rows = csv_rows(response)
    assert [row["name"] for row in rows] == ["Parish of Saint Thomas"]
    assert rows[0]["kind"] == "Identity-based: faith"  # the label, as on the page
    searched = coordinator_client.get(COMMUNITIES, {"q": "Flanades", "export": "xlsx"})
    assert [row["name"] for row in xlsx_rows(searched.content)] == ["Les Flanades"]


def test_ethnicity_and_faith_are_left_out_unless_asked_for(coordinator_client, communities):
    plain = coordinator_client.get(COMMUNITIES, {"export": "csv"})
    assert "ethnicity" not in csv_rows(plain)[0]
    assert "Assyro-Chaldean" not in plain.content.decode("utf-8-sig")
    asked = coordinator_client.get(COMMUNITIES, {"export": "csv", "special": "1"})
    row = csv_rows(asked)[0]
    assert (row["ethnicity"], row["faith"]) == ("Assyro-Chaldean", "Chaldean Catholic")
    logged = SpreadsheetExport.objects.order_by("pk")
    assert [e.include_special for e in logged] == [False, True]


def test_a_partner_without_an_article_9_condition_never_gets_ethnicity_and_faith(
        municipality, partner, client_for, agreement_with, communities):
    agreement_with([IC.COMMUNITY_PROFILE])
    response = client_for(partner).get(COMMUNITIES, {"export": "csv", "special": "1"})
    assert response.status_code == 200
    assert [row["name"] for row in csv_rows(response)] == ["Les Flanades",
                                                           "Parish of Saint Thomas"]
    assert "ethnicity" not in csv_rows(response)[0]
    assert "Assyro-Chaldean" not in response.content.decode("utf-8-sig")
    # Under an agreement with an Article 9 condition, asking for them includes them.
    agreement_with([IC.COMMUNITY_PROFILE],
                   special_category_condition="substantial_public_interest")
    allowed = client_for(partner).get(COMMUNITIES, {"export": "csv", "special": "1"})
    assert csv_rows(allowed)[0]["ethnicity"] == "Assyro-Chaldean"


def test_a_partner_exports_only_the_rows_their_agreement_opens_and_it_is_logged(
        municipality, other_municipality, partner, client_for, agreement_with):
    granted = CommunityFactory(municipality=municipality, name="Granted")
    other = CommunityFactory(municipality=municipality, name="Not granted")
    shown = InteractionFactory(municipality=municipality, community=granted,
                               needs_heard="Granted note")
    InteractionFactory(municipality=municipality, community=other, needs_heard="Hidden note")
    InteractionFactory(municipality=other_municipality, needs_heard="Foreign note")
    agreement = agreement_with([IC.INTERACTION_NOTES], communities=[granted])
    response = client_for(partner).get(INTERACTIONS, {"export": "csv"})
    assert response.status_code == 200
    rows = csv_rows(response)
    assert [row["id"] for row in rows] == [str(shown.pk)]
    assert "Hidden note" not in response.content.decode("utf-8-sig")
    assert "Foreign note" not in response.content.decode("utf-8-sig")
    # The community is named only if the agreement opens community profiles: it does not.
    assert rows[0]["community"] == ""
    event = AccessEvent.objects.get(model="engagement.interaction")
    assert event.object_ids == [shown.pk]
    assert event.agreement_ids == [agreement.pk]
    assert event.view == "interaction_list"
    export = SpreadsheetExport.objects.get()
    assert (export.requested_by, export.row_count, export.list_name) == (
        partner, 1, "interaction_list")


def test_related_records_are_named_only_when_the_exporter_may_see_them(
        municipality, partner, client_for, agreement_with):
    school = OrganisationFactory(municipality=municipality, name="Lycée Jean-Jaurès")
    community = CommunityFactory(municipality=municipality, name="Les Flanades")
    person = PersonFactory(municipality=municipality, name="Head teacher", organisation=school)
    person.communities.add(community)
    agreement_with([IC.ORGANISATIONS_AND_CONTACTS])
    rows = csv_rows(client_for(partner).get(PEOPLE, {"export": "csv"}))
    assert [(r["name"], r["organisation"], r["communities"]) for r in rows] == [
        ("Head teacher", "Lycée Jean-Jaurès", "")]


@pytest.mark.parametrize("role", [Role.ASSESSOR])
def test_who_may_read_but_not_export_gets_403_and_no_buttons(municipality, client_for, role,
                                                            communities):
    client = client_for(member(municipality, role))
    page = client.get(COMMUNITIES)
    assert page.status_code == 200
    assert 'name="export"' not in page.content.decode()
    assert client.get(COMMUNITIES, {"export": "csv"}).status_code == 403
    assert not SpreadsheetExport.objects.exists()


def test_a_partner_without_an_agreement_cannot_export(municipality, partner, client_for):
    assert client_for(partner).get(INTERACTIONS, {"export": "csv"}).status_code == 403


def test_the_list_page_offers_both_formats_with_its_filters(coordinator_client, communities):
    page = coordinator_client.get(COMMUNITIES, {"kind": CommunityKind.LOCATION}).content.decode()
    assert 'name="export" value="csv"' in page and 'name="export" value="xlsx"' in page
    assert '<input type="hidden" name="kind" value="location">' in page
    assert 'name="special"' in page  # the coordinator may read ethnicity and faith


def test_an_unknown_format_is_404(coordinator_client, communities):
    assert coordinator_client.get(COMMUNITIES, {"export": "pdf"}).status_code == 404


def test_the_log_keeps_who_what_filters_and_count_never_values(coordinator, coordinator_client,
                                                               communities):
    coordinator_client.get(COMMUNITIES, {"q": "Flanades", "export": "csv", "page": "2"})
    export = SpreadsheetExport.objects.get()
    assert export.requested_by == coordinator
    assert export.list_name == "networks:community_list"
    assert export.filters == {"q": ["Flanades"]}
    assert (export.row_count, export.format, export.status) == (1, "csv",
                                                                 ExportStatus.DOWNLOADED)
    assert export.object_ids == [] and not export.file


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(
        municipality, coordinator_client):
    CommunityFactory(municipality=municipality, name="=HYPERLINK(\"http://evil\")")
    row = csv_rows(coordinator_client.get(COMMUNITIES, {"export": "csv"}))[0]
    assert row["name"] == "'=HYPERLINK(\"http://evil\")"


# --------------------------------------------------------------------------- long lists: Celery


def test_a_long_list_is_made_by_celery_and_downloaded_by_its_requester_only(
        settings, municipality, coordinator, coordinator_client, client_for, communities,
        eager_celery, django_capture_on_commit_callbacks):
    settings.LINCHPIN_SPREADSHEET_EXPORT_ASYNC_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.get(COMMUNITIES, {"export": "xlsx"})
    export = SpreadsheetExport.objects.get()
    assert response.status_code == 302 and response["Location"] == export.get_absolute_url()
    export.refresh_from_db()
    assert (export.status, export.row_count, export.object_ids) == (ExportStatus.READY, 2, [])
    page = coordinator_client.get(export.get_absolute_url()).content.decode()
    assert "http-equiv" not in page and "data-poll" not in page
    download = coordinator_client.get(reverse("spreadsheets:export_download", args=[export.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert [r["name"] for r in xlsx_rows(content)] == ["Les Flanades", "Parish of Saint Thomas"]
    colleague = client_for(member(municipality, Role.COORDINATOR))
    assert colleague.get(reverse("spreadsheets:export_download",
                                 args=[export.pk])).status_code == 404
    assert colleague.get(export.get_absolute_url()).status_code == 404
    # The municipal admin reads the export in the log, but never downloads it.
    admin = client_for(member(municipality, Role.MUNICIPAL_ADMIN))
    assert admin.get(export.get_absolute_url()).status_code == 200
    assert admin.get(reverse("spreadsheets:export_download", args=[export.pk])).status_code == 404


def test_the_task_renders_once_and_asks_the_access_layer_again(
        settings, municipality, coordinator, coordinator_client, communities,
        django_capture_on_commit_callbacks):
    from coordinator.tasks import render_spreadsheet_export

    settings.LINCHPIN_SPREADSHEET_EXPORT_ASYNC_ROWS = 1
    coordinator_client.get(COMMUNITIES, {"export": "csv"})
    again = coordinator_client.get(COMMUNITIES, {"export": "csv"})  # a second click
    export = SpreadsheetExport.objects.get()
    assert again["Location"] == export.get_absolute_url()
    page = coordinator_client.get(export.get_absolute_url()).content.decode()
    assert "data-poll=" in page  # the status part polls, no meta refresh
    render_spreadsheet_export(export.pk)
    export.refresh_from_db()
    first_file = export.file.name
    render_spreadsheet_export(export.pk)  # a redelivered message
    export.refresh_from_db()
    assert (export.status, export.file.name) == (ExportStatus.READY, first_file)
    # A coordinator demoted meanwhile gets no file.
    coordinator_client.get(COMMUNITIES, {"export": "xlsx"})
    later = SpreadsheetExport.objects.exclude(pk=export.pk).get()
    membership = coordinator.memberships.get()
    membership.role = Role.ASSESSOR
    membership.save()
    render_spreadsheet_export(later.pk)
    later.refresh_from_db()
    assert later.status == ExportStatus.FAILED and not later.file


def test_expired_files_are_deleted_and_the_log_stays(
        settings, coordinator_client, communities, eager_celery,
        django_capture_on_commit_callbacks):
    settings.LINCHPIN_SPREADSHEET_EXPORT_ASYNC_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.get(COMMUNITIES, {"export": "csv"})
    export = SpreadsheetExport.objects.get()
    export.refresh_from_db()
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)
    assert imports.purge_files(now=timezone.now()) == 0
    assert imports.purge_files(now=timezone.now() + datetime.timedelta(days=2)) == 1
    export.refresh_from_db()
    assert not storage.exists(name)
    assert (export.status, export.row_count) == (ExportStatus.EXPIRED, 2)
    assert coordinator_client.get(reverse("spreadsheets:export_download",
                                          args=[export.pk])).status_code == 404
