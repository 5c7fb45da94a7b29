"""An ``.ics`` per meeting and a personal calendar feed at a secret, revocable address."""

import datetime
import re

import pytest
from django.urls import reverse

from coordinator.models import Role
from dialogue import ical
from dialogue.calendar_views import NEW_FEED_SESSION_KEY
from dialogue.models import AgendaItem, CalendarFeed
from tests.factories import CommitmentFactory, OrganisationFactory, member

from .factories import MeetingFactory, SafeSpaceFactory

pytestmark = pytest.mark.django_db

FEED = re.compile(r"https?://[^\s\"<]+/meetings/calendar/([A-Za-z0-9_-]{20,})\.ics")


def _unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_the_meeting_ics(coordinator_client, municipality):
    space = SafeSpaceFactory(municipality=municipality, name="Hall; east wing",
                             place="Main street 1, Vilvoorde")
    meeting = MeetingFactory(municipality=municipality, title="Partners, together",
                             held_on=datetime.date(2030, 7, 1), starts_at=datetime.time(19),
                             ends_at=datetime.time(21, 30), safe_space=space,
                             rationale="Why: " + "trust " * 30, notes="Never in a calendar")
    AgendaItem.objects.create(meeting=meeting, position=1, title="Parking")
    response = coordinator_client.get(reverse("dialogue:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    assert raw.endswith("END:VCALENDAR\r\n")
    text = _unfold(raw)
    assert "SUMMARY:Partners\\, together\r\n" in text
    assert "DTSTART:20300701T170000Z\r\n" in text  # 19:00 in Brussels, summer time
    assert "DTEND:20300701T193000Z\r\n" in text
    assert "LOCATION:Hall\\; east wing\\, Main street 1\\, Vilvoorde\r\n" in text
    assert "1. Parking" in text
    assert f"UID:meeting-{meeting.pk}@" in text
    assert "Never in a calendar" not in text


def test_a_meeting_without_a_time_is_a_day_long():
    meeting = MeetingFactory.build(pk=5, held_on=datetime.date(2030, 1, 31), starts_at=None,
                                   ends_at=None)
    event = ical.meeting_event(meeting)
    text = ical.calendar([event])
    assert "DTSTART;VALUE=DATE:20300131\r\n" in text
    assert "DTEND;VALUE=DATE:20300201\r\n" in text


def test_escape_and_fold():
    assert ical.escape("a,b;c\\d\ne\r\nf\x07") == "a\\,b\\;c\\\\d\\ne\\nf"
    folded = ical.fold("X" * 200)
    assert [len(line) for line in folded.split("\r\n")] == [75, 75, 52]
    emoji = ical.fold("é" * 100)  # two octets each: never split inside one
    assert all(len(line.encode()) <= 75 for line in emoji.split("\r\n"))
    assert emoji.replace("\r\n ", "") == "é" * 100


def _make_feed(client) -> tuple[str, str]:
    """Make a feed through the pages; return (its address, the page that showed it)."""
    response = client.post(reverse("dialogue:calendar_feed_create"), follow=True)
    page = response.content.decode()
    match = FEED.search(page)
    assert match, page
    return match.group(0), page


def test_the_feed_shows_the_users_meetings_and_due_commitments(coordinator_client, coordinator,
                                                               municipality, client):
    mine = MeetingFactory(municipality=municipality, organiser=coordinator, title="My meeting",
                          notes="Private notes")
    MeetingFactory(municipality=municipality, title="Someone else's meeting")
    CommitmentFactory(municipality=municipality, owner=coordinator, description="Fix the lift")
    CommitmentFactory(municipality=municipality, description="Not mine")
    url, _page = _make_feed(coordinator_client)

    response = client.get(url)  # a calendar program: no session

    assert response.status_code == 200
    text = _unfold(response.content.decode())
    assert "SUMMARY:My meeting" in text
    assert "SUMMARY:Due: Fix the lift" in text
    assert "Someone else's meeting" not in text and "Not mine" not in text
    assert "Private notes" not in text
    assert f"meeting-{mine.pk}@" in text
    assert CalendarFeed.objects.get().last_used_at is not None


def test_the_token_is_shown_once_and_stored_hashed(coordinator_client, coordinator,
                                                   municipality):
    meeting = MeetingFactory(municipality=municipality, organiser=coordinator)
    url, page = _make_feed(coordinator_client)
    token = FEED.search(url).group(1)
    feed = CalendarFeed.objects.get()
    assert feed.token_hash == ical.hash_token(token) and token not in feed.token_hash
    assert NEW_FEED_SESSION_KEY not in coordinator_client.session
    for other in (reverse("dialogue:calendar_feed"), reverse("dialogue:meeting_list"),
                  meeting.get_absolute_url(), reverse("dashboard")):
        assert token not in coordinator_client.get(other).content.decode(), other
    assert "You have a calendar address" in coordinator_client.get(
        reverse("dialogue:calendar_feed")).content.decode()


def test_revoking_answers_404_at_once(coordinator_client, client):
    url, _page = _make_feed(coordinator_client)
    assert client.get(url).status_code == 200
    response = coordinator_client.post(reverse("dialogue:calendar_feed_revoke"))
    assert response.status_code == 302
    assert client.get(url).status_code == 404
    assert CalendarFeed.objects.get().revoked_at is not None


def test_a_new_address_revokes_the_old_one(coordinator_client, client):
    old, _page = _make_feed(coordinator_client)
    new, _page = _make_feed(coordinator_client)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_user_who_left_gets_nothing(coordinator_client, coordinator, client):
    url, _page = _make_feed(coordinator_client)
    coordinator.memberships.all().delete()
    assert client.get(url).status_code == 404


def test_an_inactive_user_gets_nothing(coordinator_client, coordinator, client):
    url, _page = _make_feed(coordinator_client)
    coordinator.is_active = False
    coordinator.save()
    assert client.get(url).status_code == 404


def test_the_feed_reads_as_the_users_membership(client_for, municipality, other_municipality,
                                                client):
    """A partner professional with no agreement holds a feed but sees no meeting in it, even
    one they organise; a meeting of another municipality is never in it."""
    partner = member(municipality, Role.PARTNER_PROFESSIONAL,
                     organisation=OrganisationFactory(municipality=municipality))
    MeetingFactory(municipality=municipality, organiser=partner, title="Not shared")
    MeetingFactory(municipality=other_municipality, organiser=partner, title="Elsewhere")
    url, _page = _make_feed(client_for(partner))
    text = client.get(url).content.decode()
    assert "BEGIN:VCALENDAR" in text
    assert "Not shared" not in text and "Elsewhere" not in text


def test_a_portal_user_has_no_feed(client_for, municipality):
    portal = client_for(member(municipality, Role.COMMUNITY_REPRESENTATIVE))
    response = portal.post(reverse("dialogue:calendar_feed_create"))
    assert response.status_code == 302 and response["Location"].startswith("/portal/")
    assert not CalendarFeed.objects.exists()
