"""The Vilvoorde coordinator plans a heterogeneous meeting in a safe space; the agenda opens with
the invited community's concern; the record says who came and who did not and when the
takeaways were sent back; a follow-up becomes a commitment; the concern is answered and
reported back (issue 9, "Done when"). In English, French and Dutch (issue 13)."""

import datetime
import os

import pytest

from demo.loader import DEMO_PASSWORD, load_demo
from dialogue.models import Attendance, Meeting, MeetingKind, MeetingOrganisation
from engagement.models import Commitment, Concern, ConcernState

from .conftest import choose, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Youth and the neighbourhood: partners and young people together"
CONCERN = "Young people feel targeted by police stops"
FOLLOW_UP = "Organise a football evening with the neighbourhood officers"
#: Screenshots of the meeting's pages, for a person to look at (not asserted).
SHOTS = os.environ.get("LINCHPIN_SHOTS", "/tmp/shots")


def _shoot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/meeting_{name}_{page.language}_{width}.png",
                        full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_heterogeneous_meeting_opens_with_the_community_concern_and_answers_it(browser_page,
                                                                                language, t):
    load_demo()
    concern = Concern.objects.get(municipality__slug="vilvoorde", topic=CONCERN)
    assert concern.state == ConcernState.OPEN
    today = datetime.date.today()
    page = browser_page
    sign_in(page, "vilvoorde-coordinator", DEMO_PASSWORD, language=language)

    # Plan: formal (police, schools) and informal (parents' circle) partners with the community.
    page.get_by_role("navigation", name=t("Main")).get_by_role("link", name=t("Meetings")).click()
    page.check_accessibility()
    page.get_by_role("link", name=t("Plan a meeting")).click()
    page.check_accessibility()
    page.get_by_label(t("Title")).fill(TITLE)
    page.get_by_label(t("Kind of meeting")).select_option(MeetingKind.HETEROGENEOUS)
    objectives = page.get_by_role("group", name=t("Objectives"))
    objectives.get_by_label(t("Building trust")).check()
    objectives.get_by_label(t("Dialogue")).check()
    page.get_by_label(t("Rationale")).fill("Step 3: formal and informal partners meet the young "
                                        "people they all work for.")
    page.get_by_label(t("Date")).fill((today + datetime.timedelta(days=3)).isoformat())
    page.get_by_label(t("starts at")).fill("19:00")
    page.get_by_label(t("ends at")).fill("21:00")
    page.get_by_label(t("Safe space")).select_option(label="Youth centre meeting room")
    page.get_by_label(t("Moderator")).fill("The street worker of the youth service")
    page.get_by_role("group", name=t("communities invited")).get_by_label(
        "Young people of Vilvoorde").check()
    # Organisations are chosen with the autocomplete (a city has thousands), by keyboard.
    for name in ("Local police", "Secondary schools of Vilvoorde", "Parents' circle"):
        choose(page, t("organisations invited"), name)
    chosen = page.get_by_role("list", name=f"{t('Chosen')}: {t.label('organisations invited')}")
    assert chosen.get_by_role("button", name=f"{t('Remove')} Local police").is_visible()
    page.get_by_label(t("Your own agenda items")).fill("Introductions\nWho can do what in the city")
    page.get_by_role("button", name=t("Save")).click()
    page.wait_for_load_state("load")

    # The agenda opens with the community's concern; the coordinator's items come after.
    assert page.get_by_role("heading", name=TITLE).is_visible()
    assert page.get_by_text(
        t("The agenda opens with the open concerns of the invited communities.")).is_visible()
    rules = page.get_by_role("region", name=t("The rules of %(name)s",
                                               name="Youth centre meeting room"))
    assert rules.is_visible()
    items = page.locator("#agenda + ol > li")
    assert items.first.inner_text().startswith(CONCERN)
    assert items.first.get_by_text(t("raised by the community")).is_visible()
    assert items.nth(1).inner_text().startswith("Introductions")
    page.check_accessibility()
    meeting_url = page.url

    # Record: the police came, the parents' circle did not; the takeaways were sent back.
    page.get_by_role("link", name=t("Record the meeting")).click()
    page.check_accessibility()
    page.get_by_role("group", name="Local police").get_by_label(t("Came"), exact=True).check()
    page.get_by_role("group", name="Secondary schools of Vilvoorde").get_by_label(
        t("Came"), exact=True).check()
    page.get_by_role("group", name="Parents' circle").get_by_label(t("Did not come")).check()
    page.get_by_label(t.field("takeaways")).fill(
        "The young people want to meet the neighbourhood officers outside a stop.")
    page.get_by_label(t("takeaways sent back on")).fill(today.isoformat())
    page.get_by_label(t("takeaways sent back how")).fill("E-mail to every participant")
    _shoot(page, "record")
    page.get_by_role("button", name=t("Save")).click()
    page.wait_for_load_state("load")
    assert page.get_by_text(t("The record of “%(name)s” was saved.", name=TITLE)).is_visible()
    organisations = page.locator("section.card", has=page.get_by_role("heading",
                                                                        name=t("Organisations")))
    assert organisations.get_by_role("listitem").filter(has_text="Local police").inner_text() \
        .endswith(t("Came"))
    assert organisations.get_by_role("listitem").filter(has_text="Parents' circle").inner_text() \
        .endswith(t("Did not come"))
    assert page.get_by_text(t("Sent back to the participants on %(on)s (%(how)s).",
                              on=t.date(today, "j F Y"), how="E-mail to every participant")) \
        .is_visible()
    page.check_accessibility()

    # A follow-up becomes a commitment, listed on the meeting.
    follow_up = page.locator("form", has=page.get_by_role(
        "heading", name=t("Turn a follow-up into a commitment")))
    follow_up.get_by_label(t("Follow-up: what was promised")).fill(FOLLOW_UP)
    follow_up.get_by_label(t("Made to")).fill("The young people and the police")
    follow_up.get_by_label(t("Community")).select_option(label="Young people of Vilvoorde")
    follow_up.get_by_label(t("Due by")).fill((today + datetime.timedelta(days=30)).isoformat())
    follow_up.get_by_role("button", name=t("Record the commitment")).click()
    page.wait_for_load_state("load")
    assert page.get_by_text(t("The follow-up “%(name)s” is now a commitment.", name=FOLLOW_UP)) \
        .is_visible()
    follow_ups = page.locator("#follow-ups + ul")
    assert follow_ups.get_by_role("link", name=FOLLOW_UP).is_visible()
    page.check_accessibility()
    _shoot(page, "detail")
    follow_ups.get_by_role("link", name=FOLLOW_UP).click()
    page.check_accessibility()
    assert page.get_by_role("heading", name=FOLLOW_UP).is_visible()

    # The concern, from the agenda: answered, then reported back.
    page.goto(meeting_url)
    page.locator("#agenda + ol > li").first.get_by_role("link", name=t("the concern")).click()
    page.check_accessibility()
    assert page.get_by_role("heading", name=CONCERN).is_visible()
    page.get_by_role("link", name=t("Record the answer")).click()
    page.check_accessibility()
    page.get_by_label(t.field("answer")).fill(
        "Neighbourhood officers join a football evening each month; stops are explained.")
    page.get_by_role("button", name=t("Record the answer")).click()
    page.wait_for_load_state("load")
    page.check_accessibility()
    page.get_by_role("link", name=t("Record the report")).click()
    page.check_accessibility()
    page.get_by_label(t("reported back on")).fill(today.isoformat())
    page.get_by_label(t("reported back how")).fill("At the meeting's follow-up evening")
    page.get_by_role("button", name=t("Record the report")).click()
    page.wait_for_load_state("load")
    assert page.get_by_text(t("The report back was recorded.")).is_visible()
    assert page.locator("dd .badge", has_text=t("Reported back")).is_visible()
    reported = page.get_by_role("definition").filter(has_text="At the meeting's follow-up evening")
    assert reported.inner_text() == f"{t.date(today)}: At the meeting's follow-up evening"
    page.check_accessibility()

    # The same in the database.
    meeting = Meeting.objects.get(municipality__slug="vilvoorde", title=TITLE)
    assert meeting.kind == MeetingKind.HETEROGENEOUS
    assert meeting.safe_space.name == "Youth centre meeting room"
    assert list(meeting.invited_communities.values_list("name", flat=True)) == [
        "Young people of Vilvoorde"]
    first = meeting.agenda_items.order_by("position").first()
    assert first.concern == concern and first.position == 1
    attendance = dict(MeetingOrganisation.objects.filter(meeting=meeting)
                      .values_list("organisation__name", "attendance"))
    assert attendance == {"Local police": Attendance.CAME,
                          "Secondary schools of Vilvoorde": Attendance.CAME,
                          "Parents' circle": Attendance.DID_NOT_COME}
    assert meeting.takeaways_sent_on == today
    assert meeting.takeaways_sent_how == "E-mail to every participant"
    commitment = Commitment.objects.get(meeting_follow_up__meeting=meeting)
    assert commitment.description == FOLLOW_UP
    assert commitment.community == concern.community
    concern.refresh_from_db()
    assert concern.state == ConcernState.REPORTED_BACK
    assert concern.reported_back_on == today
