"""Records in the states the demo lacks, so that every page and form of the URLconf has a record
to show (for the form fuzz test and URL x role tests). Built through the services, as a user
would; call inside a transaction that is rolled back.

``complete_demo(municipality, users)``: ``users`` maps a ``Role`` to a user of ``municipality``.
Stores an evidence file under ``MEDIA_ROOT``: override it with a temporary folder for as long as
the records are used. Returns nothing; each added record is the newest of its model, which
``tests.urlwalk`` always tries.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from coordinator.models import Role
from networks.models import OrganisationKind
from tests.factories import InteractionFactory, OrganisationFactory


def complete_demo(municipality, users) -> None:
    coordinator, assessor = users[Role.COORDINATOR], users[Role.ASSESSOR]
    admin = users[Role.MUNICIPAL_ADMIN]
    _assessments(municipality, assessor, admin)
    _plans(municipality, coordinator, admin)
    _export(municipality, coordinator)
    # Last, so it is the newest organisation: known (a logged contact), never assessed, so the
    # form to open an assessment shows.
    _known_organisation(municipality, "to be assessed")


def _assessments(municipality, assessor, admin):
    """A draft with an evidence file, one in review (to decide or return) and, newest, a
    clearance without a memorandum of understanding (its page links to concluding one)."""
    import datetime

    from tests.vetting.conftest import fill
    from vetting import services
    from vetting.models import Assessment, AssessmentStatus, Outcome

    draft = Assessment.objects.filter(municipality=municipality,
                                      status=AssessmentStatus.DRAFT).first()
    if draft is not None:
        services.add_evidence(draft, assessor, SimpleUploadedFile(
            "minutes.txt", b"Minutes of the meeting.", content_type="text/plain"))
    with services.notifications_off():
        in_review = services.open_assessment(_known_organisation(municipality, "in review"),
                                             assessor)
        fill(in_review, assessor)
        services.submit_for_review(in_review, assessor)
        cleared = services.open_assessment(_known_organisation(municipality, "cleared"), assessor)
        fill(cleared, assessor)
        services.submit_for_review(cleared, assessor)
        services.decide(cleared, admin, outcome=Outcome.CLEARED, reasons="References checked.",
                        review_on=datetime.date.today() + datetime.timedelta(days=365))


def _known_organisation(municipality, label):
    """A new organisation with one logged contact (so it may be assessed)."""
    organisation = OrganisationFactory(municipality=municipality, name=f"Fuzz: {label}",
                                       kind=OrganisationKind.CIVIL_SOCIETY)
    InteractionFactory(municipality=municipality).organisations.add(organisation)
    return organisation


def _plans(municipality, coordinator, admin):
    """A version in consultation, and an approved plan with no open version (new draft)."""
    from actionplans import services
    from networks.models import Organisation
    from tests.actionplans.conftest import fill_complete

    school, association = Organisation.objects.filter(municipality=municipality)[:2]
    _plan, consulted = services.create_plan(municipality, "Fuzz: in consultation", by=coordinator)
    fill_complete(consulted, school, association)
    services.send_to_consultation(consulted, coordinator)
    _plan, approved = services.create_plan(municipality, "Fuzz: approved", by=coordinator)
    fill_complete(approved, school, association)
    services.send_to_consultation(approved, coordinator)
    services.approve(approved, admin, "Council decision (fuzz)")


def _export(municipality, coordinator):
    from actionplans.models import ActionPlanVersion, PlanExport

    version = ActionPlanVersion.objects.filter(municipality=municipality).order_by("pk").first()
    PlanExport.objects.create(version=version, requested_by=coordinator)
