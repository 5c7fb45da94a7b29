"""Planning and recording meetings through the pages: invitation choices never offer another
municipality's records, attendance is recorded, safe spaces are scoped."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinator.languages import short_date
from dialogue.models import Attendance, Meeting, MeetingOrganisation, MeetingPerson, SafeSpace
from tests.factories import CommunityFactory, OrganisationFactory, PersonFactory

from .factories import MeetingFactory, SafeSpaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_towns(municipality, other_municipality):
    home = {"community": CommunityFactory(municipality=municipality, name="Harbour quarter"),
            "organisation": OrganisationFactory(municipality=municipality, name="Harbour school"),
            "person": PersonFactory(municipality=municipality, name="Harbour teacher"),
            "space": SafeSpaceFactory(municipality=municipality, name="Harbour library")}
    foreign = {"community": CommunityFactory(municipality=other_municipality,
                                             name="Families of Zzforeign"),
               "organisation": OrganisationFactory(municipality=other_municipality,
                                                   name="Zzforeign police"),
               "person": PersonFactory(municipality=other_municipality, name="Zzforeign officer"),
               "space": SafeSpaceFactory(municipality=other_municipality, name="Zzforeign hall")}
    return home, foreign


def test_the_invitation_choices_are_the_municipalitys_own(coordinator_client, two_towns):
    home, foreign = two_towns
    page = coordinator_client.get(reverse("dialogue:meeting_create")).content.decode()
    for record in home.values():
        assert record.name in page
    assert "Zzforeign" not in page


def test_a_forged_foreign_invitation_is_refused(coordinator_client, two_towns):
    home, foreign = two_towns
    for field in ("invited_organisations", "invited_people", "invited_communities",
                  "safe_space"):
        response = coordinator_client.post(reverse("dialogue:meeting_create"), {
            "title": "Forged", "kind": "round_table", "held_on": "2030-01-10",
            field: foreign[{"invited_organisations": "organisation", "invited_people": "person",
                            "invited_communities": "community", "safe_space": "space"}[field]].pk,
        })
        assert response.status_code == 200, field
        assert field in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_planning_inviting_and_recording_who_came(coordinator_client, municipality, two_towns):
    home, _foreign = two_towns
    response = coordinator_client.post(reverse("dialogue:meeting_create"), {
        "title": "Harbour evening", "kind": "dialogue_event", "held_on": "2030-01-10",
        "starts_at": "19:00", "ends_at": "21:00", "safe_space": home["space"].pk,
        "objectives": ["dialogue", "building_trust"],
        "invited_communities": [home["community"].pk],
        "invited_organisations": [home["organisation"].pk],
        "invited_people": [home["person"].pk],
    })
    assert response.status_code == 302, response.context["form"].errors
    meeting = Meeting.objects.get()
    organisation_row = MeetingOrganisation.objects.get(meeting=meeting)
    person_row = MeetingPerson.objects.get(meeting=meeting)
    absent = CommunityFactory(municipality=municipality, name="Newcomers")
    record = reverse("dialogue:meeting_record", args=[meeting.pk])
    assert "Harbour school" in coordinator_client.get(record).content.decode()
    response = coordinator_client.post(record, {
        "lock_version": str(meeting.lock_version),
        f"organisation_{organisation_row.pk}": Attendance.CAME,
        f"person_{person_row.pk}": Attendance.DID_NOT_COME,
        "absent_communities": [absent.pk], "takeaways": "Lighting first",
        "takeaways_sent_on": "2030-01-12", "takeaways_sent_how": "Letter",
    })
    assert response.status_code == 302, response.context["form"].errors
    organisation_row.refresh_from_db()
    person_row.refresh_from_db()
    assert organisation_row.attendance == Attendance.CAME
    assert person_row.attendance == Attendance.DID_NOT_COME
    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Newcomers" in page and "Did not come" in page
    assert "Sent back to the participants on 12 January 2030 (Letter)." in page
    # Editing the invitations keeps the attendance of those still invited.
    meeting.refresh_from_db()
    response = coordinator_client.post(reverse("dialogue:meeting_update", args=[meeting.pk]), {
        "lock_version": str(meeting.lock_version), "title": "Harbour evening",
        "kind": "dialogue_event", "held_on": "2030-01-10",
        "invited_organisations": [home["organisation"].pk],
    })
    assert response.status_code == 302
    assert MeetingOrganisation.objects.get(meeting=meeting).attendance == Attendance.CAME
    assert not MeetingPerson.objects.filter(meeting=meeting).exists()


def test_safe_space_pages(coordinator_client, access, municipality):
    response = coordinator_client.post(reverse("dialogue:safespace_create"), {
        "name": "Open door", "place": "Mosque meeting room", "ground": "gesture",
        "press": "no_press", "sensitive_information": "Stays in the room",
    })
    assert response.status_code == 302
    space = SafeSpace.objects.get()
    assert space.municipality == municipality and space.notes_taken is False
    access.assert_scoped(space.get_absolute_url())
    access.assert_scoped(reverse("dialogue:safespace_update", args=[space.pk]))
    meeting = MeetingFactory(municipality=municipality, safe_space=space)
    access.assert_scoped(meeting.get_absolute_url())
    access.assert_scoped(reverse("dialogue:meeting_agenda", args=[meeting.pk]))
    listing = coordinator_client.get(reverse("dialogue:safespace_list"))
    assert listing.context["object_list"][0].meeting_count == 1


def test_the_dashboard_lists_the_next_meetings(coordinator_client, municipality,
                                               other_municipality):
    MeetingFactory(municipality=municipality, title="Round table tomorrow",
                   held_on=datetime.date.today() + datetime.timedelta(days=1))
    MeetingFactory(municipality=municipality, title="Evening last month",
                   held_on=datetime.date.today() - datetime.timedelta(days=30))
    MeetingFactory(municipality=other_municipality, title="Zzforeign meeting")
    page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "Round table tomorrow" in page
    assert "Evening last month" not in page and "Zzforeign" not in page


def test_the_next_meetings_panel_reads_its_columns_in_one_query(coordinator_client,
                                                                 municipality):
    """The panel reads the few columns it shows (``only()``): one query for five meetings with
    their place and time as for one, none per meeting for a column left out."""
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)

    def queries_with(indexes):
        for index in indexes:
            MeetingFactory(municipality=municipality, title=f"Round table {index}",
                           held_on=tomorrow, starts_at=datetime.time(18, 30),
                           safe_space=SafeSpaceFactory(municipality=municipality,
                                                       name=f"Hall {index}"))
        with CaptureQueriesContext(connection) as queries:
            page = coordinator_client.get(reverse("dashboard")).content.decode()
        return page, len(queries)

    page, one = queries_with([0])
    assert f"Round table 0</a> · {short_date(tomorrow)} 18:30 · Hall 0</li>" in page
    page, five = queries_with([1, 2, 3, 4])
    assert f"Round table 4</a> · {short_date(tomorrow)} 18:30 · Hall 4</li>" in page
    assert five == one
