"""The read-access log (issue 7 "Enforcement"): every response that shows shared records to a
partner professional writes one access event with exactly the ids shown, in one INSERT; the
municipal admin reads it per agreement and per record, filters and exports it; nobody edits or
deletes it; ``purge_access_events`` keeps each event for its agreements' retention."""

import csv
import datetime
import io

import pytest
from django.contrib import admin as django_admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordinator.access import Actor, InformationCategory, record_access
from coordinator.languages import set_user_language
from coordinator.models import Role
from engagement.models import Interaction
from sharing.models import AccessEvent
from tests.factories import (
    CommitmentFactory,
    CommunityFactory,
    InteractionFactory,
    OrganisationFactory,
    member,
)

from .conftest import event_inserts

IC = InformationCategory


@pytest.fixture
def notes(municipality):
    """30 interaction notes (more than a page of 25), newest first as the list sorts them."""
    today = timezone.localdate()
    created = [InteractionFactory(municipality=municipality,
                                  occurred_on=today - datetime.timedelta(days=n),
                                  needs_heard=f"Need number {n}") for n in range(30)]
    return created


def test_a_partners_list_page_logs_exactly_the_ids_on_the_page_in_one_insert(
        municipality, partner, police, notes, make_agreement, client_for, get_logged):
    agreement = make_agreement()
    response, inserts = get_logged(client_for(partner), reverse("interaction_list"))
    assert response.status_code == 200
    shown = [i.pk for i in response.context["object_list"]]
    assert len(shown) == 25 and shown == [n.pk for n in notes[:25]]
    assert len(inserts) == 1
    event = AccessEvent.objects.get()
    assert event.object_ids == shown
    assert (event.user, event.organisation, event.municipality) == (partner, police, municipality)
    assert event.agreement_ids == [agreement.pk]
    assert (event.view, event.model, event.category) == (
        "interaction_list", "engagement.interaction", IC.INTERACTION_NOTES)

    client_for(partner).get(reverse("interaction_list") + "?page=2")
    second = AccessEvent.objects.order_by("-pk").first()
    assert second.object_ids == [n.pk for n in notes[25:]]


def test_a_partners_detail_page_logs_the_record_and_its_shared_related_lists(
        municipality, partner, make_agreement, client_for, get_logged):
    community = CommunityFactory(municipality=municipality, name="Lochères parents")
    note = InteractionFactory(municipality=municipality, community=community)
    other = InteractionFactory(municipality=municipality)
    commitment = CommitmentFactory(municipality=municipality, community=community)
    agreement = make_agreement(categories=[IC.COMMUNITY_PROFILE, IC.INTERACTION_NOTES])

    response, inserts = get_logged(
        client_for(partner), reverse("networks:community_detail", args=[community.pk]))
    assert response.status_code == 200
    assert len(inserts) == 1  # one statement, one row per model shown
    events = {e.model: e for e in AccessEvent.objects.all()}
    assert set(events) == {"networks.community", "engagement.interaction"}
    assert events["networks.community"].object_ids == [community.pk]
    assert events["engagement.interaction"].object_ids == [note.pk]
    assert other.pk not in events["engagement.interaction"].object_ids
    # Commitments are not covered: not shown, not logged.
    assert commitment.description not in response.content.decode()
    assert all(e.agreement_ids == [agreement.pk] for e in events.values())


def test_an_interaction_detail_is_logged_with_the_id_shown(
        municipality, partner, make_agreement, client_for, get_logged):
    note = InteractionFactory(municipality=municipality, needs_heard="A youth centre at night")
    make_agreement()
    response, inserts = get_logged(client_for(partner), reverse("interaction_detail",
                                                                args=[note.pk]))
    assert "A youth centre at night" in response.content.decode()
    assert len(inserts) == 1
    event = AccessEvent.objects.get()
    assert (event.model, event.object_ids, event.view) == (
        "engagement.interaction", [note.pk], "interaction_detail")


def test_the_partners_dashboard_is_logged_once_for_all_its_panels(
        municipality, partner, make_agreement, client_for, get_logged):
    notes = [InteractionFactory(municipality=municipality) for _ in range(3)]
    due = CommitmentFactory(municipality=municipality)
    make_agreement(categories=[IC.INTERACTION_NOTES, IC.COMMITMENTS])
    response, inserts = get_logged(client_for(partner), reverse("dashboard"))
    assert response.status_code == 200
    assert due.description in response.content.decode()
    assert len(inserts) == 1
    events = {e.model: e for e in AccessEvent.objects.all()}
    assert sorted(events["engagement.interaction"].object_ids) == sorted(n.pk for n in notes)
    assert events["engagement.commitment"].object_ids == [due.pk]
    assert {e.view for e in events.values()} == {"dashboard"}


def test_an_export_logs_every_id_in_one_insert(municipality, partner, make_agreement):
    """Streamed exports and tasks pass an ``Actor``: written at once, every id, one INSERT."""
    make_agreement()
    actor = Actor(partner, partner.memberships.get())
    ids = list(range(1, 1201))
    with CaptureQueriesContext(connection) as queries:
        record_access(actor, Interaction, ids, "interaction_export")
    assert len(event_inserts(queries.captured_queries)) == 1
    assert AccessEvent.objects.get().object_ids == ids


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MUNICIPAL_ADMIN, Role.ASSESSOR])
def test_staff_who_read_in_full_are_not_logged(municipality, role, make_agreement, client_for,
                                               get_logged):
    note = InteractionFactory(municipality=municipality)
    make_agreement()
    client = client_for(member(municipality, role))
    for url in (reverse("interaction_list"), reverse("interaction_detail", args=[note.pk]),
                reverse("dashboard")):
        response, inserts = get_logged(client, url)
        assert response.status_code in (200, 403)
        assert inserts == []
    assert not AccessEvent.objects.exists()


def test_a_page_that_shows_a_partner_nothing_shared_writes_nothing(
        municipality, partner, make_agreement, client_for, get_logged):
    make_agreement()
    response, inserts = get_logged(client_for(partner), reverse("interaction_list"))
    assert response.status_code == 200 and inserts == []


# --------------------------------------------------------------------------- reading the log


@pytest.fixture
def logged(municipality, partner, police, make_agreement):
    """Two agreements and three events: under the first, ids [5] and [15, 50]; under the
    second, [5]; by a second partner of another organisation."""
    first = make_agreement(title="Safety House")
    youth = OrganisationFactory(municipality=municipality, name="Youth care")
    second = make_agreement(title="Schools covenant", parties=[youth])
    other_partner = member(municipality, Role.PARTNER_PROFESSIONAL, organisation=youth)
    other_partner.first_name, other_partner.last_name = "Yara", "Youthworker"
    other_partner.save()
    now = timezone.now()

    def event(user, organisation, agreement, ids, days_ago):
        return AccessEvent.objects.create(
            municipality=municipality, user=user, organisation=organisation,
            agreement_ids=[agreement.pk], view="interaction_list", model="engagement.interaction",
            category=IC.INTERACTION_NOTES, object_ids=ids,
            at=now - datetime.timedelta(days=days_ago))

    return {
        "first": first, "second": second, "other_partner": other_partner,
        "a": event(partner, police, first, [5], 10),
        "b": event(partner, police, first, [15, 50], 1),
        "c": event(other_partner, youth, second, [5], 0),
    }


def _table(response) -> str:
    page = response.content.decode()
    return page[page.index("<table>"):page.index("</table>")]


def _pks(response):
    return [row["event"].pk for row in response.context["rows"]]


def test_the_admin_reads_what_partners_saw_under_one_agreement(admin, logged, client_for):
    response = client_for(admin).get(reverse("sharing_log:agreement", args=[logged["first"].pk]))
    assert response.status_code == 200
    assert _pks(response) == [logged["b"].pk, logged["a"].pk]
    table = _table(response)
    assert "Safety House" in table and "Police Sarcelles" in table
    assert "Yara" not in table  # the other organisation's partner (listed in the filter only)


def test_the_admin_reads_who_saw_one_record(admin, logged, client_for):
    url = reverse("sharing_log:record", args=["engagement.interaction", 5])
    response = client_for(admin).get(url)
    assert _pks(response) == [logged["c"].pk, logged["a"].pk]  # not [15, 50]: 5 is no substring
    table = _table(response)
    assert "Yara Youthworker" in table and "Schools covenant" in table
    assert client_for(admin).get(
        reverse("sharing_log:record", args=["engagement.interaction", 1])).context["rows"] == []


def test_the_log_names_each_page_as_a_reader_would(admin, municipality, partner, logged,
                                                   client_for):
    """Never the URL name (``interaction_list``): the page and the records, in the reader's
    language."""
    for view, model in (("networks:community_detail", "networks.person"),
                        ("api:commitment-detail", "engagement.commitment"),
                        ("dashboard", "engagement.concern"),
                        ("gone_view", "engagement.commitment")):
        AccessEvent.objects.create(municipality=municipality, user=partner, view=view,
                                   model=model, object_ids=[7])
    table = _table(client_for(admin).get(reverse("sharing_log:list")))
    assert "interaction_list" not in table and "community_detail" not in table
    assert "Interactions: list" in table
    assert "Community: record page" in table  # the page, whatever records it showed
    assert "API – Commitment: record page" in table
    assert "Dashboard" in table
    assert "<td>Commitments</td>" in table  # a page no longer known: the records it showed
    assert "engagement.interaction</span>" not in table  # the records, by their name
    assert 'aria-label="Who saw interaction #5"' in table

    set_user_language(admin, "fr")
    french = _table(client_for(admin).get(reverse("sharing_log:list")))
    assert "Échanges\xa0: liste" in french
    assert "Communauté\xa0: fiche" in french
    assert "Tableau de bord" in french


def test_the_log_filters_by_dates_user_and_organisation(admin, partner, police, logged, client_for):
    client = client_for(admin)
    url = reverse("sharing_log:list")
    today = timezone.localdate()
    assert _pks(client.get(url, {"date_from": (today - datetime.timedelta(days=2)).isoformat()})) \
        == [logged["c"].pk, logged["b"].pk]
    assert _pks(client.get(url, {"date_to": (today - datetime.timedelta(days=2)).isoformat()})) \
        == [logged["a"].pk]
    assert _pks(client.get(url, {"user": logged["other_partner"].pk})) == [logged["c"].pk]
    assert _pks(client.get(url, {"organisation": police.pk})) == [logged["b"].pk, logged["a"].pk]
    response = client.get(url, {"date_from": today.isoformat(),
                                "date_to": (today - datetime.timedelta(days=3)).isoformat()})
    assert response.status_code == 200
    assert "The end of the period cannot be before its start." in response.content.decode()


def test_the_log_is_paginated(admin, municipality, partner, client_for):
    AccessEvent.objects.bulk_create([
        AccessEvent(municipality=municipality, user=partner, view="interaction_list",
                    model="engagement.interaction", object_ids=[n]) for n in range(30)])
    client = client_for(admin)
    assert len(client.get(reverse("sharing_log:list")).context["rows"]) == 25
    assert len(client.get(reverse("sharing_log:list"), {"page": 2}).context["rows"]) == 5


def test_the_admin_exports_the_log_as_a_streamed_csv(admin, logged, client_for, get_logged):
    response, _ = get_logged(client_for(admin),
                             reverse("sharing_log:agreement_export", args=[logged["first"].pk]))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="access-log-test-sarcelles-agreement-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content_bytes.decode())))
    assert rows[0][0] == "when" and len(rows) == 3
    assert rows[1][-1] == "15 50" and rows[2][-1] == "5"
    assert rows[1][3] == "Safety House"


@pytest.mark.parametrize("role", [Role.PARTNER_PROFESSIONAL, Role.COORDINATOR, Role.ASSESSOR])
def test_only_the_municipal_admin_reads_the_log(municipality, role, police, logged, client_for):
    client = client_for(member(municipality, role, organisation=police))
    for url in (reverse("sharing_log:list"), reverse("sharing_log:export"),
                reverse("sharing_log:agreement", args=[logged["first"].pk]),
                reverse("sharing_log:record", args=["engagement.interaction", 5])):
        assert client.get(url).status_code in (403, 404), (role, url)


def test_another_municipalitys_admin_sees_none_of_the_events(other_municipality, logged,
                                                            client_for):
    client = client_for(member(other_municipality, Role.MUNICIPAL_ADMIN))
    assert client.get(reverse("sharing_log:list")).context["rows"] == []
    assert client.get(reverse("sharing_log:agreement", args=[logged["first"].pk])).status_code == 404
    rows = list(csv.reader(io.StringIO(b"".join(
        client.get(reverse("sharing_log:export")).streaming_content).decode())))
    assert len(rows) == 1


def test_no_url_edits_or_deletes_an_access_event(admin, logged, client_for):
    from sharing import urls_log

    assert {p.name for p in urls_log.urlpatterns} == {
        "list", "export", "agreement", "agreement_export", "record", "record_export"}
    client = client_for(admin)
    for url in (reverse("sharing_log:list"), reverse("sharing_log:export")):
        assert client.post(url).status_code == 405
        assert client.delete(url).status_code == 405
    model_admin = django_admin.site._registry.get(AccessEvent)
    if model_admin is not None:  # registered read-only, if at all
        assert not model_admin.has_change_permission(None)
        assert not model_admin.has_delete_permission(None)
    assert AccessEvent.objects.count() == 3


def test_who_saw_this_is_linked_for_the_admin_only(municipality, admin, coordinator, client_for):
    note = InteractionFactory(municipality=municipality)
    link = reverse("sharing_log:record", args=["engagement.interaction", note.pk])
    url = reverse("interaction_detail", args=[note.pk])
    assert link in client_for(admin).get(url).content.decode()
    assert link not in client_for(coordinator).get(url).content.decode()
    community = note.community
    assert reverse("sharing_log:record", args=["networks.community", community.pk]) in \
        client_for(admin).get(reverse("networks:community_detail", args=[community.pk])).content.decode()


def test_an_unknown_model_has_no_per_record_log(admin, client_for):
    response = client_for(admin).get(reverse("sharing_log:record", args=["vetting.assessment", 1]))
    assert response.status_code == 404


# --------------------------------------------------------------------------- purging


def test_purge_keeps_each_event_for_its_agreements_longest_retention(
        municipality, partner, make_agreement):
    short = make_agreement(access_log_retention_days=30)
    long = make_agreement(access_log_retention_days=365)
    now = timezone.now()

    def event(agreements, days_ago):
        return AccessEvent.objects.create(
            municipality=municipality, user=partner, view="v", model="engagement.interaction",
            object_ids=[1], agreement_ids=[a.pk for a in agreements],
            at=now - datetime.timedelta(days=days_ago))

    expired = event([short], 31)
    fresh = event([short], 29)
    both = event([short, long], 200)
    old_long = event([long], 366)
    orphan_recent = event([], 400)  # no agreement left: the default 730 days
    out = io.StringIO()
    call_command("purge_access_events", "--dry-run", stdout=out)
    assert "Would delete 2" in out.getvalue() and AccessEvent.objects.count() == 5
    call_command("purge_access_events", stdout=io.StringIO())
    assert set(AccessEvent.objects.values_list("pk", flat=True)) == {
        fresh.pk, both.pk, orphan_recent.pk}
    assert not AccessEvent.objects.filter(pk__in=[expired.pk, old_long.pk]).exists()
