""""Notes are not taken" (000 lesson 1.3; 002 step 4): the safe space's rule closes the
meeting's notes, in the form (disabled, saying why) and in the model (any save)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dialogue.models import Meeting

from .factories import MeetingFactory, SafeSpaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_space(municipality):
    return SafeSpaceFactory(municipality=municipality, name="Open door", notes_taken=False,
                            sensitive_information="What is said stays in the room.")


def _record_data(meeting, **values):
    return {"lock_version": str(meeting.lock_version), "takeaways": "Parking first",
            "takeaways_sent_how": "", "takeaways_sent_on": "", **values}


def test_the_record_form_closes_the_notes_and_says_why(coordinator_client, municipality,
                                                       closed_space):
    meeting = MeetingFactory(municipality=municipality, safe_space=closed_space)
    response = coordinator_client.get(reverse("dialogue:meeting_record", args=[meeting.pk]))
    form = response.context["form"]
    assert form.fields["notes"].disabled
    page = response.content.decode()
    assert "the rules of Open door say notes are not taken" in page
    assert "What is said stays in the room." in page  # the rules are shown


def test_posting_notes_anyway_saves_none(coordinator_client, municipality, closed_space):
    meeting = MeetingFactory(municipality=municipality, safe_space=closed_space)
    response = coordinator_client.post(reverse("dialogue:meeting_record", args=[meeting.pk]),
                                       _record_data(meeting, notes="Who said what"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes == ""
    assert meeting.takeaways == "Parking first"


def test_notes_are_kept_where_the_rules_allow_them(coordinator_client, municipality):
    meeting = MeetingFactory(municipality=municipality,
                             safe_space=SafeSpaceFactory(municipality=municipality))
    response = coordinator_client.post(reverse("dialogue:meeting_record", args=[meeting.pk]),
                                       _record_data(meeting, notes="Agreed: a second meeting"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes == "Agreed: a second meeting"


def test_the_model_refuses_notes_on_any_save(municipality, closed_space):
    meeting = MeetingFactory(municipality=municipality, safe_space=closed_space)
    meeting.notes = "Written in the shell"
    with pytest.raises(ValidationError) as error:
        meeting.save()
    assert "notes" in error.value.message_dict
    assert Meeting.objects.get(pk=meeting.pk).notes == ""


def test_moving_a_meeting_with_notes_to_a_closed_space_is_refused(coordinator_client,
                                                                  municipality, closed_space):
    meeting = MeetingFactory(municipality=municipality, notes="Taken in the old place")
    response = coordinator_client.post(reverse("dialogue:meeting_update", args=[meeting.pk]), {
        "lock_version": str(meeting.lock_version), "title": meeting.title, "kind": meeting.kind,
        "held_on": meeting.held_on.isoformat(), "safe_space": closed_space.pk,
    })
    assert response.status_code == 200
    assert "Notes are not taken in Open door" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).safe_space is None


def test_the_plan_page_shows_the_rules(coordinator_client, municipality, closed_space):
    meeting = MeetingFactory(municipality=municipality, safe_space=closed_space)
    page = coordinator_client.get(reverse("dialogue:meeting_update", args=[meeting.pk]))
    assert "Notes are not taken." in page.content.decode()
    detail = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Notes are not taken in this safe space." in detail
