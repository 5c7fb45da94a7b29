"""The screens of assessing partners: who gets what (table-driven), the flow through the
views, evidence downloads, the organisation-page snippet, and constant query counts."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from coordinator.models import Membership, Role
from networks.models import EngagementLevel
from tests.factories import InteractionFactory, OrganisationFactory, member
from vetting import services
from vetting.models import Assessment, AssessmentCriterion, AssessmentStatus, Outcome

from .conftest import fill, in_a_year
from .test_evidence import PDF

SECRET = "SECRET-FINDING-TEXT"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(municipality, organisation, assessor, second_assessor):
    """A draft, an assessment in review, a decided clearance with a memorandum, evidence."""
    draft = services.open_assessment(organisation, assessor)
    services.update_findings(draft, assessor, {
        f.pk: {"findings": SECRET, "rating": "meets"} for f in draft.findings.all()})
    evidence = services.add_evidence(draft, assessor, SimpleUploadedFile("report.pdf", PDF))

    reviewed_org = OrganisationFactory(municipality=municipality, name="Org under review")
    InteractionFactory(municipality=municipality).organisations.add(reviewed_org)
    in_review = services.open_assessment(reviewed_org, assessor)
    fill(in_review, assessor)
    services.submit_for_review(in_review, assessor)

    cleared_org = OrganisationFactory(municipality=municipality, name="Cleared")
    InteractionFactory(municipality=municipality).organisations.add(cleared_org)
    cleared = services.open_assessment(cleared_org, assessor)
    fill(cleared, assessor)
    services.submit_for_review(cleared, assessor)
    cleared = services.decide(cleared, second_assessor, outcome=Outcome.CLEARED,
                              reasons="Fine.", review_on=in_a_year())
    memorandum = services.conclude_memorandum(
        cleared_org, assessor, parties="Both", purpose="Youth work", benefits="Trust",
        municipality_commitments="A room", organisation_commitments="Evening sessions",
        starts_on=timezone.localdate(), review_on=in_a_year())
    criterion = AssessmentCriterion.objects.for_municipality(municipality).first()
    return {"organisation": organisation, "draft": draft, "in_review": in_review,
            "cleared": cleared, "cleared_org": cleared_org, "memorandum": memorandum,
            "evidence": evidence, "criterion": criterion}


def _url(world, name, arg):
    args = [] if arg is None else [world[arg].pk]
    return reverse(f"vetting:{name}", args=args)


ASSESSOR_ONLY = [  # (url name, object key, status for an allowed user)
    ("assessment_open", "organisation", 200),
    ("assessment_detail", "draft", 200),
    ("findings_edit", "draft", 200),
    ("informed_procedure", "draft", 200),
    ("informed_outcome", "cleared", 200),
    ("submit", "draft", 200),
    ("return_to_draft", "in_review", 405),  # POST only
    ("decide", "in_review", 200),
    ("withdraw", "draft", 200),
    ("evidence_upload", "draft", 200),
    ("evidence_download", "evidence", 200),
    ("evidence_remove", "evidence", 405),  # POST only
    ("criterion_update", "criterion", 200),
    ("criterion_retire", "criterion", 405),  # POST only
]
MUNICIPALITY_PAGES = [("assessment_list", None, 200), ("criterion_list", None, 200),
                      ("criterion_create", None, 200)]
MEMORANDUM_PAGES = [("memorandum_create", "cleared_org", 200),
                    ("memorandum_detail", "memorandum", 200),
                    ("memorandum_update", "memorandum", 200)]

ROLES = ["assessor", "municipal_admin", "coordinator", "partner_professional", "portal",
         "other_assessor", "other_coordinator"]


def _expected(kind, role, allowed_status, name=None):
    allowed = {"assessor", "municipal_admin"} | ({"coordinator"} if kind == "memo" else set())
    if role in allowed:
        return allowed_status
    if role == "portal":
        return "portal"
    if role.startswith("other_"):
        # Another municipality's record is not found; pages without a record are their own.
        if kind == "page":
            return allowed_status if role == "other_assessor" else 403
        return 404
    if kind == "page":
        return 403
    # Same municipality without the right (coordinator.access.require): a record the role may
    # see answers 403 (a coordinator sees the organisation an assessment would be opened
    # for); a record the role may not see at all is not found.
    if role == "coordinator" and name == "assessment_open":
        return 403
    return 404


CASES = (
    [("content", *view) for view in ASSESSOR_ONLY]
    + [("page", *view) for view in MUNICIPALITY_PAGES]
    + [("memo", *view) for view in MEMORANDUM_PAGES]
)


@pytest.fixture
def clients(municipality, other_municipality, client_for):
    roles = {
        "assessor": (municipality, Role.ASSESSOR),
        "municipal_admin": (municipality, Role.MUNICIPAL_ADMIN),
        "coordinator": (municipality, Role.COORDINATOR),
        "partner_professional": (municipality, Role.PARTNER_PROFESSIONAL),
        "portal": (municipality, Role.COMMUNITY_REPRESENTATIVE),
        "other_assessor": (other_municipality, Role.ASSESSOR),
        "other_coordinator": (other_municipality, Role.COORDINATOR),
    }
    return {name: client_for(member(m, role)) for name, (m, role) in roles.items()}


@pytest.mark.parametrize("kind, name, arg, allowed_status", CASES)
def test_who_gets_what(world, clients, kind, name, arg, allowed_status):
    url = _url(world, name, arg)
    for role in ROLES:
        response = clients[role].get(url)
        expected = _expected(kind, role, allowed_status, name)
        if expected == "portal":
            assert response.status_code == 302, (role, url)
            assert response["Location"].startswith("/portal/"), (role, url)
        else:
            assert response.status_code == expected, (role, url, response.status_code)
        if response.status_code == 200:
            assert "no-store" in response["Cache-Control"], url
        if role not in ("assessor", "municipal_admin") and response.status_code != 404:
            body = b"".join(response) if response.streaming else response.content
            assert SECRET.encode() not in body, (role, url)


@pytest.mark.parametrize("kind, name, arg, allowed_status", CASES)
def test_scoped_like_every_view(world, access, kind, name, arg, allowed_status):
    """The shared one-liner (owner = a coordinator of the municipality)."""
    owner_status = _expected(kind, "coordinator", allowed_status, name)
    if kind == "page":
        access.assert_portal_kept_out(_url(world, name, arg))
        assert access.owner.get(_url(world, name, arg)).status_code == 403
        return
    access.assert_scoped(_url(world, name, arg), owner_status=owner_status)


def test_an_assessor_of_another_municipality_sees_none_of_its_assessments(world, clients):
    response = clients["other_assessor"].get(reverse("vetting:assessment_list"))
    assert response.status_code == 200 and list(response.context["object_list"]) == []
    assert b"Org under review" not in response.content


def test_the_list_shows_the_municipalitys_assessments_and_filters(world, clients):
    response = clients["assessor"].get(reverse("vetting:assessment_list"))
    assert len(response.context["object_list"]) == 3
    response = clients["assessor"].get(reverse("vetting:assessment_list") + "?state=in_review")
    assert list(response.context["object_list"]) == [world["in_review"]]


# --- the flow through the views ----------------------------------------------------------------


def test_the_flow_through_the_views(municipality, organisation, assessor, second_assessor,
                                    coordinator, client_for):
    prep, second, coord = client_for(assessor), client_for(second_assessor), client_for(
        coordinator)
    edit_org = reverse("networks:organisation_update", args=[organisation.pk])
    org_data = {"name": organisation.name, "kind": organisation.kind, "mandate": "",
                "website": "", "engagement_level": "partnership"}
    refused = coord.post(edit_org, org_data)
    assert refused.status_code == 200
    assert "needs a current, cleared assessment" in refused.content.decode()

    response = prep.post(reverse("vetting:assessment_open", args=[organisation.pk]),
                         {"level_envisaged": "partnership", "purpose": "Co-create the plan"})
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == assessment.get_absolute_url()

    findings = list(assessment.findings.all())
    data = {"findings-TOTAL_FORMS": len(findings), "findings-INITIAL_FORMS": len(findings)}
    for i, finding in enumerate(findings):
        data.update({f"findings-{i}-id": finding.pk, f"findings-{i}-rating": "meets",
                     f"findings-{i}-findings": f"Looked at {finding.key}",
                     f"findings-{i}-sources": "https://example.org"})
    assert prep.post(reverse("vetting:findings_edit", args=[assessment.pk]), data
                     ).status_code == 302
    submit = reverse("vetting:submit", args=[assessment.pk])
    assert "informed of the procedure" in prep.get(submit).content.decode()
    prep.post(reverse("vetting:informed_procedure", args=[assessment.pk]),
              {"on": timezone.localdate().isoformat(), "how": "meeting", "notes": ""})
    assert prep.post(submit, {"confirm": "on"}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.IN_REVIEW

    decide = reverse("vetting:decide", args=[assessment.pk])
    decision = {"outcome": "cleared_with_conditions", "conditions": "Sign the charter",
                "reasons": "References cross-checked", "review_on": in_a_year().isoformat()}
    page = prep.get(decide).content.decode()
    assert "Four-eyes" in page and "Record the decision" not in page
    assert prep.post(decide, decision).status_code == 200  # refused, re-rendered
    assert second.post(decide, decision).status_code == 302
    assessment.refresh_from_db()
    assert assessment.outcome == Outcome.CLEARED_WITH_CONDITIONS

    assert coord.post(edit_org, org_data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.engagement_level == EngagementLevel.PARTNERSHIP


def test_open_refuses_without_an_interaction(municipality, assessor, client_for):
    stranger = OrganisationFactory(municipality=municipality)
    url = reverse("vetting:assessment_open", args=[stranger.pk])
    page = client_for(assessor).get(url)
    assert "never the first step" in page.content.decode()
    response = client_for(assessor).post(url, {"level_envisaged": "collaboration"})
    assert response.status_code == 200 and not Assessment.objects.exists()


def test_decision_errors_show_on_the_fields(world, second_assessor, client_for):
    response = client_for(second_assessor).post(
        reverse("vetting:decide", args=[world["in_review"].pk]),
        {"outcome": "cleared_with_conditions", "reasons": "x", "review_on": ""})
    form = response.context["form"]
    assert "conditions" in form.errors and "review_on" in form.errors


def test_criteria_can_be_adapted_through_the_views(world, municipality, municipal_admin,
                                                    client_for):
    client = client_for(municipal_admin)
    client.post(reverse("vetting:criterion_create"), {"wording": "Safeguarding policy",
                                                      "help": "", "order": 200})
    criterion = world["criterion"]
    client.post(reverse("vetting:criterion_update", args=[criterion.pk]),
                {"wording": "Funding sources", "help": "", "order": 1})
    client.post(reverse("vetting:criterion_retire", args=[criterion.pk]))
    criterion.refresh_from_db()
    assert (criterion.wording, criterion.retired) == ("Funding sources", True)
    assert AssessmentCriterion.objects.filter(municipality=municipality,
                                              wording="Safeguarding policy").exists()


def test_memorandum_through_the_views(world, coordinator, client_for):
    memorandum = world["memorandum"]
    response = client_for(coordinator).post(
        reverse("vetting:memorandum_update", args=[memorandum.pk]), {
            "parties": "Both", "purpose": "Youth work", "benefits": "Trust for both",
            "municipality_commitments": "A room", "organisation_commitments": "Sessions",
            "starts_on": timezone.localdate().isoformat(),
            "review_on": (in_a_year() + datetime.timedelta(days=30)).isoformat(),
            "signed_on": ""})
    assert "no later than the assessment" in response.content.decode()
    page = client_for(coordinator).get(memorandum.get_absolute_url())
    assert memorandum.assessment.get_absolute_url().encode() not in page.content


# --- evidence ------------------------------------------------------------------------------


def test_evidence_is_downloaded_as_an_uncached_attachment(world, assessor, client_for):
    response = client_for(assessor).get(world["evidence"].get_download_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="report.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_an_evidence_file_missing_from_storage_is_not_found_not_a_server_error(
        world, assessor, client_for):
    evidence = world["evidence"]
    name, storage = evidence.file.name, evidence.file.storage
    storage.delete(name)
    try:
        response = client_for(assessor).get(evidence.get_download_url())
        assert response.status_code == 404
    finally:
        assert storage.save(name, ContentFile(PDF)) == name


def test_evidence_upload_and_refusal(world, assessor, client_for):
    client = client_for(assessor)
    url = reverse("vetting:evidence_upload", args=[world["draft"].pk])
    refused = client.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ"), "description": ""})
    assert refused.status_code == 200 and "Attach a PDF" in refused.content.decode()
    accepted = client.post(url, {"file": SimpleUploadedFile("b.pdf", PDF), "description": "b"})
    assert accepted.status_code == 302
    assert world["draft"].evidence.count() == 2


def test_a_body_far_over_the_limit_is_refused_before_parsing(world, assessor, client_for,
                                                             settings):
    settings.LINCHPIN_EVIDENCE_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 200_000)
    response = client_for(assessor).post(
        reverse("vetting:evidence_upload", args=[world["draft"].pk]), {"file": big})
    assert response.status_code == 413


# --- the organisation page snippet -----------------------------------------------------------


def _render_snippet(user, municipality, organisation):
    request = RequestFactory().get("/")
    request.user = user
    request.membership = Membership.objects.filter(user=user).first()
    request.memberships = [request.membership]
    return render_to_string("vetting/_organisation_status.html",
                            {"organisation": organisation}, request=request)


@pytest.mark.parametrize("role, sees, links", [
    (Role.ASSESSOR, True, True), (Role.MUNICIPAL_ADMIN, True, True),
    (Role.COORDINATOR, True, False), (Role.PARTNER_PROFESSIONAL, False, False),
    (Role.COMMUNITY_REPRESENTATIVE, False, False),
])
def test_the_organisation_snippet_by_role(world, municipality, role, sees, links):
    html = _render_snippet(member(municipality, role), municipality, world["cleared_org"])
    assert ("Assessing partners" in html) is sees
    assert (world["cleared"].get_absolute_url() in html) is links
    assert "Fine." not in html  # the reasons never
    if sees:
        assert "Cleared" in html and f"{world['cleared'].review_on:%-d %b %Y}" in html


def test_the_snippet_shows_nothing_to_another_municipality(world, other_municipality):
    html = _render_snippet(member(other_municipality, Role.ASSESSOR), other_municipality,
                           world["cleared_org"])
    assert html.strip() == ""


def test_the_snippet_says_not_cleared_in_neutral_words(municipality, organisation, coordinator,
                                                       make_decided):
    make_decided(organisation, Outcome.NOT_CLEARED)
    html = _render_snippet(coordinator, municipality, organisation)
    assert "Not cleared" in html and "This organisation takes part in dialogue." in html


def test_the_portal_snippet(world):
    request = RequestFactory().get("/")
    html = render_to_string("vetting/_portal_status.html",
                            {"organisation": world["cleared_org"]}, request=request)
    assert "Assessing partners: concluded" in html and "We can work together as partners" in html
    assert SECRET not in html and "Fine." not in html


# --- query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [10, 200])
def test_the_list_runs_a_constant_number_of_queries(municipality, assessor, second_assessor,
                                                    client_for, rows,
                                                    django_assert_max_num_queries):
    services.ensure_default_criteria(municipality)
    criterion = AssessmentCriterion.objects.for_municipality(municipality).first()
    for n in range(rows):
        org = OrganisationFactory(municipality=municipality, name=f"Org {n}",
                                  engagement_level=EngagementLevel.DIALOGUE)
        Assessment.objects.create(municipality=municipality, organisation=org,
                                  prepared_by=assessor,
                                  status=AssessmentStatus.DECIDED, outcome=Outcome.CLEARED,
                                  decided_at=timezone.now(), review_on=in_a_year())
    assert criterion is not None
    client = client_for(assessor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("vetting:assessment_list"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == min(rows, 25)
