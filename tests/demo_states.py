"""Records in the states the demo lacks, so that every page and form of the URLconf has a record
to show (for the form fuzz test and URL x role tests). Built through the services, as a user
would; call inside a transaction that is rolled back.

``complete_demo(municipality, users)``: ``users`` maps a ``Role`` to a user of ``municipality``.
Stores an evidence file under ``MEDIA_ROOT``: override it with a temporary folder for as long as
the records are used. Each added record is the newest of its model, which ``tests.urlwalk``
always tries. Returns the strings no record can give, for ``urlwalk.fill(known=...)``:
``{"token": [the raw token of an open invitation's link], "label": ["app.model", ...],
"kind": [import kinds], "format": ["csv"]}``.
"""

import secrets

from django.core.files.uploadedfile import SimpleUploadedFile

from coordinator.access import AccessRecord, Actor, InformationCategory
from coordinator.models import Membership, Role
from networks.models import OrganisationKind
from tests.factories import InteractionFactory, OrganisationFactory


def complete_demo(municipality, users) -> dict:
    coordinator, assessor = users[Role.COORDINATOR], users[Role.ASSESSOR]
    admin = users[Role.MUNICIPAL_ADMIN]
    _assessments(municipality, assessor, admin)
    _plans(municipality, coordinator, admin)
    _export(municipality, coordinator)
    _agreements(municipality, admin)
    labels = _access_event(municipality)
    _privacy_export(municipality, admin)
    token = _invitation(municipality, admin)
    _meetings(municipality, coordinator)
    _api_token(municipality, coordinator)
    _representative_invitation(municipality, coordinator)
    _crisis(municipality, coordinator)
    # Last, so it is the newest organisation: known (a logged contact), never assessed, so the
    # form to open an assessment shows.
    _known_organisation(municipality, "to be assessed")
    _spreadsheets(municipality, coordinator)
    return {"token": [token], "label": labels, "kind": ["communities", "interactions"],
            "format": ["csv"]}


def _spreadsheets(municipality, coordinator):
    """The coordinator's import of a file of organisations, checked, with one bad row (the
    preview's confirmation form offers to skip it), and a long export being made."""
    from coordinator.access import actor_for
    from coordinator.spreadsheets import exports, imports, registry
    from coordinator.spreadsheets.models import SpreadsheetExport

    actor = actor_for(coordinator, municipality.pk)
    content = (b"name,kind,engagement_level\nFuzz: new club,Youth work,Dialogue\n"
               b"Fuzz: bad row,not a kind,Dialogue\n")
    imports.start(actor, registry.entry_for("networks.organisation"), "organisations.csv",
                  content, "csv")
    SpreadsheetExport.objects.create(
        municipality=municipality, requested_by=coordinator, list_name="interaction_list",
        resource="engagement.interaction", format=exports.Format.CSV, row_count=1,
        object_ids=[], status="queued")


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


def _agreements(municipality, admin):
    """A draft (to activate) and a suspended agreement (to resume), besides the demo's active
    and ended ones; both bind the first organisation of the demo's active agreement."""
    from sharing import services
    from sharing.models import Agreement, AgreementState
    from tests.sharing.conftest import new_agreement

    active = Agreement.objects.filter(municipality=municipality, state=AgreementState.ACTIVE).first()
    organisation = active.parties.order_by("pk").first().organisation
    new_agreement(municipality, organisation, title="Fuzz: draft", state=AgreementState.DRAFT,
                  signed_off_by="", signed_off_role="", signed_off_on=None)
    suspended = new_agreement(municipality, organisation, title="Fuzz: suspended")
    services.suspend(suspended, admin, reason="Fuzz: a breach is being looked into")


def _access_event(municipality) -> list[str]:
    """A partner professional's reading of the first interaction note (the record ``urlwalk``
    tries first), as the recorder writes it, so the log's pages list an event. Returns the
    labels of the models whose records have a log page ("who saw this record")."""
    from engagement.models import Interaction
    from sharing import log
    from sharing.models import Agreement, AgreementState

    partner = Membership.objects.filter(municipality=municipality,
                                        role=Role.PARTNER_PROFESSIONAL).order_by("pk").first()
    agreement = Agreement.objects.filter(municipality=municipality,
                                         state=AgreementState.ACTIVE).order_by("pk").first()
    note = Interaction.objects.filter(municipality=municipality).order_by("pk").first()
    log.write_events([AccessRecord(
        user_id=partner.user_id, municipality_id=municipality.pk,
        organisation_id=partner.organisation_id, model="engagement.interaction",
        category=InformationCategory.INTERACTION_NOTES, view="interaction_detail",
        object_ids=[note.pk], agreement_ids=[agreement.pk])])
    return list(log.LOGGED_MODELS)


def _meetings(municipality, coordinator):
    """An open concern of a community a planned meeting invites, not yet on its agenda (the
    meeting's page offers to put it there), and a calendar feed of the coordinator (the page
    offers to revoke it)."""
    from dialogue import ical
    from dialogue.models import CalendarFeed, Meeting
    from engagement.models import Concern

    meeting = (Meeting.objects.filter(municipality=municipality, invited_communities__isnull=False)
               .order_by("pk").first())
    if meeting is not None:
        Concern.objects.create(municipality=municipality, topic="Fuzz: street lighting",
                               community=meeting.invited_communities.order_by("pk").first())
    CalendarFeed.objects.create(user=coordinator, municipality=municipality,
                                token_hash=ical.hash_token(secrets.token_urlsafe(32)))


def _api_token(municipality, coordinator):
    """A token of the coordinator's read API (their tokens page offers to revoke it)."""
    from api import services

    services.create_token(Actor(coordinator, coordinator.memberships.get(
        municipality=municipality)), "Fuzz: report script")


def _crisis(municipality, coordinator):
    """An open incident with check-ins, a draft statement, a media request, a recovery action
    and a finished situation report, and a protocol and a team with a member (Sarcelles has no
    crisis in the demo)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from actionplans.models import ExportStatus
    from coordinator.access import actor_for
    from crisis import services
    from crisis.models import (
        CrisisProtocol,
        CrisisTeam,
        Incident,
        MediaRequest,
        RecoveryAction,
        SituationReport,
        Statement,
        TeamMember,
    )
    from networks.models import Community

    actor = actor_for(coordinator, municipality.pk)
    representative = (Membership.objects.filter(municipality=municipality,
                                                role=Role.COMMUNITY_REPRESENTATIVE)
                      .select_related("organisation").order_by("pk").first())
    protocol = CrisisProtocol.objects.create(
        municipality=municipality, title="Fuzz: hate crime protocol", incident_kind="hate_crime",
        call_order="1. The key figures.")
    team = CrisisTeam.objects.create(municipality=municipality, name="Fuzz: mediators",
                                     kind="dialogue")
    TeamMember.objects.create(team=team, name="Mediator on call")
    incident = services.open_incident(actor, Incident(
        title="Fuzz: graffiti", kind="hate_crime", scale="neighbourhood",
        occurred_at=timezone.now(), place="Square", description="Graffiti.", protocol=protocol),
        # The representative's communities: their check-in has a form in the portal.
        Community.objects.filter(organisations=representative.organisation))
    services.check_in_with_network(actor, incident)
    services.save_new(actor, Statement(title="Fuzz: statement", text="We stand together."),
                      incident)
    services.save_new(actor, MediaRequest(outlet="Fuzz gazette", request="A comment?"), incident)
    services.save_new(actor, RecoveryAction(description="Fuzz: a dialogue evening"), incident)
    SituationReport.objects.create(
        incident=incident, municipality=municipality, status=ExportStatus.DONE, pages=1,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="situation.pdf"), requested_by=coordinator,
        finished_at=timezone.now())


def _representative_invitation(municipality, coordinator):
    """An open invitation of a community representative (the representatives page offers to
    withdraw it)."""
    from coordinator.access import actor_for
    from coordinator.users import services
    from networks.models import Organisation

    organisation = (Organisation.objects.filter(municipality=municipality)
                    .order_by("pk").first())
    services.invite(actor_for(coordinator, municipality.pk), email="fuzz.representative@example.org",
                    role=Role.COMMUNITY_REPRESENTATIVE, organisation=organisation)


def _privacy_export(municipality, admin):
    """A finished subject-access export of the first person (its page and downloads)."""
    from django.core.files.base import ContentFile

    from networks.models import Person
    from privacy.models import ExportKind, ExportStatus, PrivacyExport

    PrivacyExport.objects.create(
        municipality=municipality, kind=ExportKind.SUBJECT_ACCESS,
        person=Person.objects.filter(municipality=municipality).order_by("pk").first(),
        status=ExportStatus.DONE, requested_by=admin, pages=1,
        json_file=ContentFile(b"{}", name="copy.json"),
        pdf_file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="copy.pdf"))


def _invitation(municipality, admin) -> str:
    """An open invitation of a new address, with the token its link would carry (the e-mail
    task draws it; here it is drawn the same way). Returns the raw token."""
    from coordinator.users import services

    membership = Membership.objects.get(municipality=municipality, user=admin)
    invitation = services.invite(Actor(admin, membership), email="invitee@example.org",
                                 role=Role.COORDINATOR)
    raw = secrets.token_urlsafe(32)
    invitation.token_hash = services.hash_token(raw)
    invitation.save(update_fields=["token_hash"])
    return raw
