"""The situation report of an incident (issue 11 "After it"; crisis/pdf.py, crisis/reports.py,
crisis/report_views.py): asked for on the incident, rendered by Celery with the action plan's
safe renderer, read back with pypdf; the chart of hate incidents per day is server-side SVG."""

import datetime
import io
import re

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplans.pdf import StaticOnlyURLFetcher
from coordinator.access import InformationCategory, actor_for
from coordinator.celery import app as celery_app
from coordinator.models import Role
from crisis import pdf, reports, services
from crisis.charts import bar_chart_svg
from crisis.models import (
    Channel,
    HateIncident,
    ImpactAssessment,
    Level,
    SituationReport,
    Statement,
)
from crisis.tasks import render_situation_report

from ..factories import OrganisationFactory, member
from .records import check_in, network, open_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def incident(municipality, coordinator):
    """Three days into a response: the network checked in with (the youth club answered), the
    impact on Moss Side assessed on two days, five hate incidents, a statement briefed to the
    network and released."""
    actor = actor_for(coordinator, municipality.pk)
    moss_side = network(municipality, "Moss Side", organisations=["Youth Club Alexandra Park"],
                        key_figures=["Amina Yusuf"])
    start = timezone.now() - datetime.timedelta(days=3)
    incident = open_incident(coordinator, municipality, title="Attack at the arena",
                             communities=[moss_side], occurred_at=start)
    club = next(c for c in check_in(coordinator, incident) if c.organisation_id)
    services.answer_check_in(actor, club, version=club.lock_version, channel=Channel.PHONE,
                             rumours="A rumour about the family next door")
    day0 = timezone.localtime(start).date()
    for offset, fear in ((0, Level.HIGH), (2, Level.MODERATE)):
        services.save_new(actor, ImpactAssessment(
            community=moss_side, assessed_on=day0 + datetime.timedelta(days=offset),
            people_affected=1200, fear=fear, hate_incidents_reported=2,
            media_pressure=Level.VERY_HIGH, polarisation_risk=Level.HIGH), incident)
    for offset, count in ((0, 2), (2, 3)):
        for _ in range(count):
            services.save_new(actor, HateIncident(
                community=moss_side, occurred_on=day0 + datetime.timedelta(days=offset),
                description="Graffiti on the community centre"), incident)
    statement = services.save_new(actor, Statement(
        title="We stand together", text="The city stands with every community."), incident)
    services.record_briefing(actor, statement, who="Council of Mosques, youth workers",
                             feedback="Name the Libyan community's help with the vigil.")
    services.release_statement(actor, statement)
    return incident


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_the_report_is_rendered_by_celery_and_downloaded_as_a_pdf(
        incident, coordinator_client, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("crisis:report_request", args=[incident.pk]))
    report = SituationReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("crisis:report_detail", args=[report.pk])
    assert (report.status, report.progress) == (SituationReport.Status.DONE, 100)
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Download the PDF" in page and 'http-equiv="refresh"' not in page

    download = coordinator_client.get(reverse("crisis:report_download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "no-store"
    data = b"".join(download.streaming_content)
    assert data.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(data)).pages) == report.pages >= 2
    text = " ".join(pdf_text(data).split())
    for shown in ("Attack at the arena", "Situation report", "Youth Club Alexandra Park",
                  "Amina Yusuf", "Not answered yet", "We stand together",
                  "Council of Mosques", "Released to the press", "Moss Side", "3 – high",
                  "5 hate incidents linked to the incident", "Incident opened"):
        assert shown in text, shown
    # Who answered, never what they said.
    assert "rumour about the family" not in text


def test_the_chart_of_hate_incidents_is_inline_svg_in_the_report(incident, coordinator,
                                                                  municipality):
    html = pdf.render_html(actor_for(coordinator, municipality.pk), incident)
    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    assert svg.count("<rect ") == 2  # the two days with hate incidents; the day between is 0
    assert "<script" not in svg and "style=" not in svg and "href" not in svg
    day0 = timezone.localtime(incident.occurred_at).date()
    assert f"{day0:%-d} {day0:%B} {day0:%Y}: 2" in svg  # the accessible text of each day


def test_the_renderer_fetches_nothing_but_the_projects_static_files(incident, coordinator,
                                                                     municipality):
    Statement.objects.filter(incident=incident).update(
        text='<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
             '<img src="file:///etc/passwd">')
    fetcher = StaticOnlyURLFetcher()
    html = pdf.render_html(actor_for(coordinator, municipality.pk), incident)
    data, pages = pdf.render_pdf_from_html(html, fetcher)
    assert pages >= 2
    assert fetcher.requests and all(accepted for _url, accepted in fetcher.requests)
    assert not any("127.0.0.1" in url or "passwd" in url for url, _ok in fetcher.requests)
    assert "http://127.0.0.1:9/x.css" in pdf_text(data)  # printed as text, never loaded


def test_a_foreign_user_gets_404_on_every_page_of_the_report(
        incident, coordinator, other_municipality, client_for, eager_celery,
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.request_report(actor_for(coordinator, incident.municipality_id),
                                        incident)
    report.refresh_from_db()
    assert report.status == SituationReport.Status.DONE
    foreign = client_for(member(other_municipality, Role.COORDINATOR))
    assessor = client_for(member(incident.municipality, Role.ASSESSOR))
    for client in (foreign, assessor):  # crisis records are the coordinators' and admins'
        assert client.post(reverse("crisis:report_request", args=[incident.pk])).status_code \
            == 404
        for name in ("crisis:report_detail", "crisis:report_download"):
            assert client.get(reverse(name, args=[report.pk])).status_code == 404
    assert SituationReport.objects.count() == 1
    portal = client_for(member(incident.municipality, Role.COMMUNITY_REPRESENTATIVE))
    response = portal.get(reverse("crisis:report_download", args=[report.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/portal/")


def test_a_partner_under_a_crisis_agreement_downloads_but_does_not_ask_and_is_logged(
        incident, coordinator, municipality, client_for, eager_celery,
        django_capture_on_commit_callbacks):
    from sharing.models import AccessEvent, Agreement, AgreementParty, AgreementState

    police = OrganisationFactory(municipality=municipality, name="Harbour police")
    agreement = Agreement.objects.create(
        municipality=municipality, title="Crisis cell", purpose="The response to the attack",
        categories=[InformationCategory.CRISIS_RESPONSE], lawful_basis="public_task",
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
        state=AgreementState.ACTIVE)
    AgreementParty.objects.create(agreement=agreement, organisation=police,
                                  contact_name="Desk officer")
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.request_report(actor_for(coordinator, municipality.pk), incident)
    partner = client_for(member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police))

    assert partner.post(reverse("crisis:report_request", args=[incident.pk])).status_code == 403
    response = partner.get(reverse("crisis:report_download", args=[report.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"
    event = AccessEvent.objects.get(model="crisis.situationreport")
    assert (event.object_ids, event.agreement_ids) == ([report.pk], [agreement.pk])


def test_a_double_click_makes_one_report(incident, coordinator,
                                         django_capture_on_commit_callbacks):
    actor = actor_for(coordinator, incident.municipality_id)
    with django_capture_on_commit_callbacks() as queued:
        first = reports.request_report(actor, incident)
        second = reports.request_report(actor, incident)
    assert first == second and len(queued) == 1
    assert reports.reports_for(actor, incident) == [first]


def test_the_progress_page_refreshes_until_done(incident, coordinator, coordinator_client):
    report = SituationReport.objects.create(incident=incident, requested_by=coordinator,
                                            status=SituationReport.Status.RUNNING, progress=30)
    page = coordinator_client.get(reverse("crisis:report_detail", args=[report.pk]))
    assert b'http-equiv="refresh"' not in page.content  # polled by static/js/linchpin.js
    assert b'data-poll="2000"' in page.content
    assert coordinator_client.get(
        reverse("crisis:report_download", args=[report.pk])).status_code == 404


def test_a_report_stopped_at_the_soft_time_limit_is_failed_with_a_reason(
        incident, coordinator, monkeypatch):
    def too_slow(html, url_fetcher=None):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(pdf, "render_pdf_from_html", too_slow)
    report = SituationReport.objects.create(incident=incident, requested_by=coordinator)
    render_situation_report(report.pk, incident.municipality_id)
    report.refresh_from_db()
    assert report.status == SituationReport.Status.FAILED and report.finished_at
    assert "took longer than" in report.error


def test_a_requester_who_lost_access_gets_no_report(incident, coordinator):
    report = SituationReport.objects.create(incident=incident, requested_by=coordinator)
    coordinator.memberships.all().delete()
    render_situation_report(report.pk, incident.municipality_id)
    report.refresh_from_db()
    assert report.status == SituationReport.Status.FAILED and not report.file
    assert "may no longer see the incident" in report.error


def test_the_report_task_stays_in_its_municipality(incident, coordinator, other_municipality):
    report = SituationReport.objects.create(incident=incident, requested_by=coordinator)
    render_situation_report(report.pk, other_municipality.pk)  # a forged message
    report.refresh_from_db()
    assert report.status == SituationReport.Status.PENDING


def test_the_incident_page_chart_is_the_reports(incident, coordinator):
    actor = actor_for(coordinator, incident.municipality_id)
    assert reports.hate_chart(actor, incident) == bar_chart_svg(
        services.hate_incidents_per_day(incident, actor), label="Hate incidents per day")
    assert reports.hate_chart(actor_for(member(incident.municipality, Role.ASSESSOR),
                                        incident.municipality_id), incident) == ""


# The chart ------------------------------------------------------------------------------


def test_a_bar_chart_draws_each_count_to_scale_and_escapes_its_text():
    svg = bar_chart_svg([("<b>", 2), ("two", 0), ("three", 8)], label='Rise & "fall"')
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert len(heights) == 2 and heights[1] == pytest.approx(4 * heights[0])
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert 'aria-label="Rise &amp; &quot;fall&quot;"' in svg
    assert bar_chart_svg([]) == ""


def test_a_long_chart_names_at_most_fourteen_days():
    start = datetime.date(2017, 5, 22)
    svg = bar_chart_svg([(start + datetime.timedelta(days=n), n % 3) for n in range(60)])
    labels = re.findall(r'text-anchor="middle">(\d+ \w+)</text>', svg)
    assert 1 < len(labels) <= 14 and labels[0] == "22 May"
    assert "22 May 2017: 0; 23 May 2017: 1" in svg
