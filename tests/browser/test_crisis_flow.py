"""A crisis night in the Manchester demo (issue 11, "Done when"): the coordinator opens an
incident and checks in with the network; the Libyan community civic team's representative
answers on a phone; the coordinator drafts a statement, is refused its release before the
network is briefed, records the briefing, releases it, and downloads the situation report,
read back with pypdf. axe-core checks every page. In each of the three languages."""

import io

import pytest
from pypdf import PdfReader

from coordinator.celery import app as celery_app
from crisis.models import CheckIn, Incident, StatementState
from demo.loader import DEMO_PASSWORD, load_demo

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Hate crime after the derby"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def eager_celery(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def _submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_a_crisis_night_from_the_incident_to_the_situation_report(browser_page, eager_celery,
                                                                  language, t):
    load_demo()
    page = browser_page
    page.set_viewport_size(DESKTOP)

    # The coordinator opens the incident and checks in with the network.
    sign_in(page, "manchester-coordinator", DEMO_PASSWORD, language=language)
    page.get_by_role("link", name=t("Crisis"), exact=True).click()
    page.check_accessibility()
    page.get_by_role("link", name=t("Open an incident")).click()
    page.check_accessibility()
    page.get_by_label(t("title")).fill(TITLE)
    page.get_by_label(t("kind")).select_option(label=t("Hate crime"))
    page.get_by_label(t("scale")).select_option(label=t("A neighbourhood"))
    page.get_by_label(t("happened at")).fill("2026-11-22T21:40")
    page.get_by_label(t.field("place")).fill("Moss Side, near the mosque")
    page.get_by_label(t("what happened")).fill("Supporters shouted abuse and pulled a woman's "
                                            "headscarf off.")
    page.get_by_label("Libyan community", exact=True).check()
    _submit(page, t("Save"))
    page.check_accessibility()
    incident = Incident.objects.get(title=TITLE)
    _submit(page, t("Check in with the network"))
    assert page.get_by_text(t.pattern("%(n)s check-ins are waiting for an answer.")).is_visible()
    page.check_accessibility()
    mine = CheckIn.objects.get(incident=incident,
                               organisation__name="Libyan community civic team")
    assert not mine.is_answered
    _submit(page, t("Sign out"))

    # The representative answers on a phone.
    page.set_viewport_size(PHONE)
    sign_in(page, "manchester-portal", DEMO_PASSWORD, language=language)
    page.get_by_role("link", name=t("Check-ins")).click()
    page.check_accessibility()
    page.get_by_role("link", name=TITLE).click()
    page.check_accessibility()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label(t("What are people afraid of?")).fill(
        "Women do not dare to go out with a headscarf.")
    page.get_by_label(t("What support would help?")).fill("A visible presence at the school gate.")
    _submit(page, t("Send my answer"))
    assert page.get_by_text(t("Thank you. The municipality has your answer.")).is_visible()
    page.check_accessibility()
    mine.refresh_from_db()
    assert mine.is_answered and mine.channel == "portal"
    _submit(page, t("Sign out"))

    # The coordinator: a statement, the refused release, the briefing, the release.
    page.set_viewport_size(DESKTOP)
    sign_in(page, "manchester-coordinator", DEMO_PASSWORD, language=language)
    page.goto_checked(incident.get_absolute_url())
    assert page.get_by_text("Women do not dare").count() == 0  # answers are on the check-in
    page.get_by_role("link", name=t("Draft a statement")).click()
    page.check_accessibility()
    page.get_by_label(t("title")).fill("We stand with our neighbours")
    page.get_by_label(t("statement")).fill("Manchester stands with every community of Moss Side.")
    _submit(page, t("Save"))
    _submit(page, t("Mark released to the press"))
    assert page.get_by_text(t(
        "Brief the network with this statement first, and record it: messages of the "
        "municipality and the communities must match before the press hears them.")).is_visible()
    page.check_accessibility()
    page.get_by_role("link", name=t("Record a briefing of the network")).click()
    page.check_accessibility()
    page.get_by_label(t("who was briefed")).fill("The Libyan community's civic and media teams")
    page.get_by_label(t("their feedback")).fill("Name the women who were attacked as neighbours.")
    _submit(page, t("Save"))
    _submit(page, t("Mark released to the press"))
    assert page.get_by_text(t("The statement is marked released to the press.")).is_visible()
    statement = incident.statements.get()
    assert statement.state == StatementState.RELEASED

    # The situation report, rendered through Celery, downloaded and read back.
    _submit(page, t("Situation report (PDF)"))
    page.check_accessibility()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=t.pattern("Download the PDF (%(pages)s page)",
                                                "Download the PDF (%(pages)s pages)")).click()
    data = open(download_info.value.path(), "rb").read()
    assert data.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    for expected in (TITLE, "Libyan community civic team", "We stand with our neighbours"):
        assert expected in text, expected
