"""Two municipalities, one record of every kind in each, and the twelve actors of the URL x role
matrix (tests/access/test_url_matrix.py).

Every name, title and free text of a record of the *home* municipality carries ``HOME``; every
one of the *foreign* municipality carries ``FOREIGN``. A page shown to a member of one
municipality must never contain the other's marker (issue 7: "no name of another
municipality's record appears anywhere in it, drop-downs included").

``build()`` returns a ``World``: ``users`` (actor -> user, None for anonymous) and ``records``
(the names a matrix row's ``args`` refers to, e.g. ``"community"`` -> the home community).
Test code calls it with tenancy scopes disabled (it builds records of two municipalities).
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from actionplans import services as plan_services
from actionplans.models import ExportStatus, PlanExport
from api import services as api_services
from coordinator.access import Actor, InformationCategory
from coordinator.models import Invitation, Role
from coordinator.spreadsheets import imports as spreadsheet_imports
from coordinator.spreadsheets.models import ExportStatus as SpreadsheetExportStatus
from coordinator.spreadsheets.models import SpreadsheetExport, SpreadsheetImport
from crisis import services as crisis_services
from crisis.models import (
    Channel,
    CheckIn,
    CrisisProtocol,
    CrisisTeam,
    HateIncident,
    ImpactAssessment,
    Incident,
    IncidentKind,
    Level,
    MediaRequest,
    RecoveryAction,
    Scale,
    SituationReport,
    Statement,
    TeamKind,
    TeamMember,
)
from dialogue.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingFollowUp,
    MeetingKind,
    MeetingOrganisation,
    MeetingPerson,
    SafeSpace,
)
from engagement.models import Commitment, Concern
from networks.models import OrganisationKind, PartnerLevel
from portal import services as portal_services
from privacy.models import ExportKind, PrivacyExport
from privacy.models import ExportStatus as PrivacyExportStatus
from reminders.models import Reminder
from sharing import grant_services
from sharing.models import Agreement, AgreementParty, AgreementState
from sociogram.models import Relationship
from tests.factories import (
    CommitmentFactory,
    CommunityFactory,
    ConcernFactory,
    GoalReviewFactory,
    InteractionFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    PreconditionGoalFactory,
    PreconditionsFactory,
    UserFactory,
    member,
)
from vetting import services as vetting_services
from vetting.models import AssessmentCriterion, EvidenceFile, Outcome, Rating

HOME = "Yyhome"
FOREIGN = "Zzforeign"
#: In the ethnicity and faith of the communities: special-category data (GDPR Art. 9), shown
#: to a partner only under an agreement with an Article 9 condition (the one here has none).
SPECIAL = "Wwspecial"
#: The actors who must never be shown ethnicity or faith.
NOT_SPECIAL = frozenset({"anonymous", "partner_active", "partner_none", "portal", "portal_other",
                         "portal_foreign", "superuser"})

#: The actors of the matrix, in the order of its report.
ACTORS = (
    "anonymous",  # not signed in
    "coordinator",
    "assessor",
    "admin",  # municipal admin
    "partner_active",  # partner professional whose organisation an active agreement binds
    "partner_none",  # partner professional of an organisation with no agreement
    "portal",  # community representative of the association (the portal's records are its)
    "portal_other",  # community representative of another organisation (the youth club)
    "portal_foreign",  # community representative of the foreign municipality's association
    "outsider",  # coordinator of the foreign municipality
    "outsider_admin",  # municipal admin of the foreign municipality (users, agreements, log)
    "superuser",  # Django superuser with no membership
)

#: The actors who belong to the foreign municipality.
FOREIGN_ACTORS = frozenset({"outsider", "outsider_admin", "portal_foreign"})

#: What the active agreement of ``partner_active`` covers: community profiles, interaction
#: notes and concerns, partners may add records (so interaction notes and concerns may be
#: added, commitments not; concerns are answered by the municipality only).
AGREEMENT_CATEGORIES = [InformationCategory.COMMUNITY_PROFILE,
                        InformationCategory.INTERACTION_NOTES, InformationCategory.CONCERNS]


@dataclass
class World:
    home: object
    foreign: object
    users: dict = field(default_factory=dict)
    records: dict = field(default_factory=dict)

    def marker_not_to_see(self, actor: str) -> str:
        """The marker that must not appear on a page shown to ``actor``."""
        return HOME if actor in FOREIGN_ACTORS else FOREIGN

    def own_marker(self, actor: str) -> str:
        """The marker of the records of ``actor``'s own municipality ("" without one)."""
        if actor in FOREIGN_ACTORS:
            return FOREIGN
        return {"anonymous": "", "superuser": ""}.get(actor, HOME)


def _user(municipality, role, marker, label, **membership):
    user = member(municipality, role, **membership)
    user.first_name, user.last_name = marker, label
    user.save(update_fields=["first_name", "last_name"])
    return user


def _network(municipality, marker):
    """A community, organisations, a person, an interaction, a commitment and an open concern,
    named with ``marker``. Returns the records by name."""
    community = CommunityFactory(municipality=municipality, name=f"{marker} community",
                                 local_history=f"{marker} history",
                                 ethnicity=f"{SPECIAL} ethnicity", faith=f"{SPECIAL} faith")
    other_community = CommunityFactory(municipality=municipality, name=f"{marker} quiet community")
    police = OrganisationFactory(municipality=municipality, name=f"{marker} police",
                                 kind=OrganisationKind.POLICE)
    school = OrganisationFactory(municipality=municipality, name=f"{marker} school",
                                 kind=OrganisationKind.SCHOOL)
    club = OrganisationFactory(municipality=municipality, name=f"{marker} youth club")
    association = OrganisationFactory(municipality=municipality, name=f"{marker} association",
                                      kind=OrganisationKind.COMMUNITY_ORGANISATION)
    school.communities.add(community)
    association.communities.add(community)
    person = PersonFactory(municipality=municipality, name=f"{marker} person",
                           organisation=school)
    person.communities.add(community)
    interaction = InteractionFactory(municipality=municipality, community=community,
                                     needs_heard=f"{marker} need")
    interaction.organisations.add(school, association)
    interaction.people.add(person)
    commitment = CommitmentFactory(municipality=municipality, community=community,
                                   interaction=interaction, description=f"{marker} promise",
                                   made_to=f"{marker} residents")
    concern = ConcernFactory(municipality=municipality, community=community,
                             interaction=interaction, topic=f"{marker} concern",
                             description=f"{marker} said", raised_by_organisation=association,
                             raised_by_person=person, routed_to_organisation=school)
    preconditions = PreconditionsFactory(municipality=municipality,
                                         effects_wanted=f"{marker} effects")
    goal = PreconditionGoalFactory(preconditions=preconditions, goal=f"{marker} goal",
                                   target=f"{marker} target")
    GoalReviewFactory(goal=goal, progress=f"{marker} progress")
    person.partner_level = PartnerLevel.OPERATIONAL
    person.save()
    return {"community": community, "other_community": other_community, "police": police,
            "school": school, "club": club, "association": association, "person": person,
            "interaction": interaction, "commitment": commitment, "goal": goal,
            "concern": concern}


def _agreement(municipality, marker, organisation, categories):
    agreement = Agreement.objects.create(
        municipality=municipality, title=f"{marker} agreement", purpose=f"{marker} purpose",
        categories=categories, lawful_basis="public_task", partners_may_add=True,
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
        state=AgreementState.ACTIVE)
    AgreementParty.objects.create(agreement=agreement, organisation=organisation,
                                  contact_name=f"{marker} contact")
    return agreement


def _assessments(municipality, marker, records, assessor, admin):
    """A custom criterion, a draft assessment of the school with one evidence file, and a
    decided (cleared) assessment of the association concluded by a memorandum."""
    criterion = AssessmentCriterion.objects.create(
        municipality=municipality, key=f"{marker.lower()}-criterion",
        wording=f"{marker} criterion", order=1)
    draft = vetting_services.open_assessment(records["school"], assessor,
                                             purpose=f"{marker} assessment purpose")
    evidence = EvidenceFile.objects.create(
        assessment=draft, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="evidence.pdf"),
        original_name=f"{marker} evidence.pdf", content_type="application/pdf", size=15,
        description=f"{marker} evidence", uploaded_by=assessor)
    cleared = vetting_services.open_assessment(records["association"], assessor)
    vetting_services.update_findings(cleared, assessor, {
        f.pk: {"findings": f"{marker} finding", "sources": "https://example.org/report",
               "rating": Rating.MEETS}
        for f in cleared.findings.all()
    })
    vetting_services.record_informed(cleared, assessor, what="procedure",
                                     on=timezone.localdate(), how="meeting")
    vetting_services.submit_for_review(cleared, assessor)
    vetting_services.decide(cleared, admin, outcome=Outcome.CLEARED,
                            reasons=f"{marker} reasons",
                            review_on=timezone.localdate() + datetime.timedelta(days=300))
    memorandum = vetting_services.conclude_memorandum(
        records["association"], admin, parties=f"{marker} parties", purpose=f"{marker} aims",
        benefits=f"{marker} benefits", municipality_commitments=f"{marker} we do",
        organisation_commitments=f"{marker} they do", starts_on=timezone.localdate(),
        signed_on=timezone.localdate(),
        review_on=timezone.localdate() + datetime.timedelta(days=300))
    return {"criterion": criterion, "assessment": draft, "evidence": evidence,
            "cleared_assessment": cleared, "memorandum": memorandum}


def _action_plan(municipality, marker, coordinator):
    plan, version = plan_services.create_plan(municipality, f"{marker} plan", by=coordinator)
    version.vision = f"{marker} vision"
    version.save()
    comment = plan_services.add_comment(version, 1, coordinator, f"{marker} comment")
    export = PlanExport.objects.create(
        version=version, municipality=municipality, status=ExportStatus.DONE,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="plan.pdf"), requested_by=coordinator,
        finished_at=timezone.now())
    return {"plan": plan, "version": version, "comment": comment, "export": export}


def _dialogue(municipality, marker, records, coordinator):
    """A safe space, and a meeting there inviting the community, the school and the person,
    with an agenda item raised by the community and a follow-up commitment."""
    space = SafeSpace.objects.create(municipality=municipality, name=f"{marker} hall",
                                     place=f"{marker} street", right_people=f"{marker} hosts")
    meeting = Meeting.objects.create(
        municipality=municipality, title=f"{marker} meeting", kind=MeetingKind.HETEROGENEOUS,
        held_on=timezone.localdate() + datetime.timedelta(days=7), safe_space=space,
        organiser=coordinator, takeaways=f"{marker} takeaways", notes=f"{marker} notes")
    meeting.invited_communities.add(records["community"])
    MeetingOrganisation.objects.create(meeting=meeting, organisation=records["school"],
                                       attendance=Attendance.CAME)
    MeetingPerson.objects.create(meeting=meeting, person=records["person"])
    concern = Concern.objects.create(municipality=municipality, community=records["community"],
                                     topic=f"{marker} parking")
    AgendaItem.objects.create(meeting=meeting, position=1, title=f"{marker} item",
                              concern=concern)
    promise = Commitment.objects.create(
        municipality=municipality, description=f"{marker} follow-up", made_to=f"{marker} all",
        due_on=timezone.localdate() + datetime.timedelta(days=14), owner=coordinator)
    MeetingFollowUp.objects.create(meeting=meeting, commitment=promise)
    return {"safe_space": space, "meeting": meeting, "meeting_concern": concern}


def _portal(municipality, marker, records, users):
    """What concerns the association, whose representative is ``users["portal"]`` (issue 10):
    an invitation to the meeting, a promise made to it and its answer, a section of the action
    plan opened to it with its own thread (and a coordinator's thread it must not see), an
    agreement it signed, a contact person, a correction it proposed, and an open invitation of
    a second representative. The youth club (``portal_other``) gets none of these."""
    association, coordinator = records["association"], users["coordinator"]
    representative = Actor(users["portal"], users["portal"].memberships.get())
    MeetingOrganisation.objects.create(meeting=records["meeting"], organisation=association)
    contact = PersonFactory(municipality=municipality, name=f"{marker} neighbour",
                            organisation=association)
    pledge = Commitment.objects.create(
        municipality=municipality, community=records["community"], organisation=association,
        description=f"{marker} pledge", made_to=f"{marker} association members",
        due_on=timezone.localdate() + datetime.timedelta(days=21), owner=coordinator)
    response = portal_services.respond(representative, pledge, delivered=False,
                                       note=f"{marker} not yet")
    version = records["version"]
    [opening] = plan_services.open_sections(version, [2], [association], by=coordinator)
    question = plan_services.add_comment(version, 2, users["portal"], f"{marker} question")
    plan_services.add_comment(version, 2, coordinator, f"{marker} answer", parent=question)
    plan_services.add_comment(version, 2, coordinator, f"{marker} internal remark")
    agreement = Agreement.objects.create(
        municipality=municipality, title=f"{marker} association agreement",
        purpose=f"{marker} shared aims", categories=[InformationCategory.CONCERNS],
        lawful_basis="public_task", starts_on=timezone.localdate() - datetime.timedelta(days=10),
        state=AgreementState.ACTIVE)
    AgreementParty.objects.create(agreement=agreement, organisation=association,
                                  contact_name=f"{marker} association contact")
    correction = portal_services.propose_correction(
        representative, changes={"website": f"https://{marker.lower()}-association.example.org"},
        message=f"{marker} correction")
    invitation = Invitation.objects.create(
        municipality=municipality, email=f"{marker.lower()}-representative@example.org",
        role=Role.COMMUNITY_REPRESENTATIVE, organisation=association, invited_by=coordinator,
        expires_at=timezone.now() + datetime.timedelta(days=2))
    return {"pledge": pledge, "response": response, "opening": opening, "question": question,
            "association_agreement": agreement, "contact": contact, "correction": correction,
            "representative_invitation": invitation,
            "representative": representative.membership}


def _crisis(municipality, marker, records, users):
    """A protocol, a team with a member, and an incident affecting the community, opened and
    run through ``crisis.services``: a timeline step, check-ins with the network (the
    community's organisations, the association and the school, answered by phone; the youth
    club belongs to no community and is not asked), an impact assessment, a hate incident, a
    statement briefed to the network, a media request, a recovery action, the meeting and the
    commitment linked to it. The answers of each check-in name whose they are, so that a page
    showing one organisation another's answers is caught (test_portal_minimum_data.py)."""
    coordinator = users["coordinator"]
    actor = Actor(coordinator, coordinator.memberships.get())
    protocol = CrisisProtocol.objects.create(
        municipality=municipality, title=f"{marker} protocol", incident_kind=IncidentKind.HATE_CRIME,
        call_order=f"{marker} call order", press_contact=f"{marker} press officer",
        last_reviewed_on=timezone.localdate())
    team = CrisisTeam.objects.create(municipality=municipality, name=f"{marker} team",
                                     kind=TeamKind.DIALOGUE, purpose=f"{marker} team purpose")
    team_member = TeamMember.objects.create(team=team, name=f"{marker} mediator",
                                            phone="+44 161 000 0000", availability="evenings")
    incident = crisis_services.open_incident(actor, Incident(
        title=f"{marker} incident", kind=IncidentKind.HATE_CRIME, scale=Scale.NEIGHBOURHOOD,
        occurred_at=timezone.now() - datetime.timedelta(hours=20), place=f"{marker} square",
        description=f"{marker} what happened", protocol=protocol), [records["community"]])
    crisis_services.add_entry(actor, incident, f"{marker} timeline step")
    crisis_services.check_in_with_network(actor, incident)
    check_ins = {}
    for name, organisation in (("check_in", records["association"]),
                               ("other_check_in", records["school"])):
        whose = "our" if name == "check_in" else "other"
        check_ins[name] = crisis_services.answer_check_in(
            actor, CheckIn.objects.get(incident=incident, organisation=organisation),
            version=None, channel=Channel.PHONE, concerns=f"{marker} {whose} concerns",
            needs=f"{marker} {whose} needs", fears=f"{marker} {whose} fears",
            rumours=f"{marker} {whose} rumours", support_asked=f"{marker} {whose} support")
    impact = crisis_services.save_new(actor, ImpactAssessment(
        community=records["community"], fear=Level.HIGH, media_pressure=Level.MODERATE,
        polarisation_risk=Level.MODERATE, note=f"{marker} impact note",
        assessed_by=coordinator), incident)
    hate_incident = crisis_services.save_new(actor, HateIncident(
        community=records["community"], description=f"{marker} hate incident",
        recorded_by=coordinator), incident)
    statement = crisis_services.save_new(actor, Statement(
        title=f"{marker} statement", text=f"{marker} statement text", drafted_by=coordinator),
        incident)
    crisis_services.record_briefing(actor, statement, who=f"{marker} elders briefed",
                                    feedback=f"{marker} feedback")
    media_request = crisis_services.save_new(actor, MediaRequest(
        outlet=f"{marker} gazette", request=f"{marker} press question"), incident)
    recovery_action = crisis_services.save_new(actor, RecoveryAction(
        description=f"{marker} recovery", owner=coordinator), incident)
    incident.meetings.add(records["meeting"])
    incident.commitments.add(records["commitment"])
    report = SituationReport.objects.create(
        incident=incident, municipality=municipality, status=ExportStatus.DONE,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="situation.pdf"), pages=1,
        requested_by=coordinator, finished_at=timezone.now())
    return {"report": report, "protocol": protocol, "team": team, "team_member": team_member,
            "incident": incident, **check_ins, "impact": impact, "hate_incident": hate_incident,
            "statement": statement, "media_request": media_request,
            "recovery_action": recovery_action}


def _municipality(name, marker, slug):
    """A municipality with its staff, its network, assessments, an action plan, a crisis and an
    active agreement binding its police (community profiles and interaction notes)."""
    municipality = MunicipalityFactory(name=f"{marker} {name}", slug=slug)
    records = _network(municipality, marker)
    records["relationship"] = Relationship.objects.create(
        municipality=municipality, from_person=records["person"], kind="trusts",
        to_organisation=records["association"], note=f"{marker} tie")
    users = {
        "coordinator": _user(municipality, Role.COORDINATOR, marker, "Coordinator"),
        "assessor": _user(municipality, Role.ASSESSOR, marker, "Assessor"),
        "admin": _user(municipality, Role.MUNICIPAL_ADMIN, marker, "Admin"),
        "partner_active": _user(municipality, Role.PARTNER_PROFESSIONAL, marker, "Officer",
                                organisation=records["police"]),
        "partner_none": _user(municipality, Role.PARTNER_PROFESSIONAL, marker, "Youth worker",
                              organisation=records["club"]),
        "portal": _user(municipality, Role.COMMUNITY_REPRESENTATIVE, marker, "Representative",
                        organisation=records["association"]),
        # Of an organisation none of the portal's records concern: it must find none of them.
        "portal_other": _user(municipality, Role.COMMUNITY_REPRESENTATIVE, marker,
                              "Club representative", organisation=records["club"]),
    }
    records["agreement"] = _agreement(municipality, marker, records["police"],
                                      AGREEMENT_CATEGORIES)
    # The interaction shared individually with the police too (a per-record grant).
    coordinator = users["coordinator"]
    records["grant"] = grant_services.share_interaction(
        Actor(coordinator, coordinator.memberships.get()), records["interaction"],
        records["agreement"].pk, records["police"].pk)
    records["membership"] = users["partner_none"].memberships.get()
    # A token of the read API, the coordinator's own (only they see and revoke it).
    records["api_token"], _raw = api_services.create_token(
        Actor(coordinator, coordinator.memberships.get()), f"{marker} token")
    records["invitation"] = Invitation.objects.create(
        municipality=municipality, email=f"{marker.lower()}-invitee@example.org",
        role=Role.COORDINATOR, invited_by=users["admin"],
        expires_at=timezone.now() + datetime.timedelta(days=2))
    records.update(_assessments(municipality, marker, records, users["assessor"],
                                users["admin"]))
    records.update(_action_plan(municipality, marker, users["coordinator"]))
    records["privacy_export"] = PrivacyExport.objects.create(
        municipality=municipality, kind=ExportKind.SUBJECT_ACCESS, person=records["person"],
        status=PrivacyExportStatus.DONE, requested_by=users["admin"], pages=1,
        json_file=ContentFile(b'{"subject": {}}', name="copy.json"),
        pdf_file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="copy.pdf"), finished_at=timezone.now())
    # A reminder of the coordinator's (their own; the municipal admin may read it).
    records["reminder"] = Reminder.objects.create(
        municipality=municipality, recipient=coordinator, kind="commitment",
        subject_type=ContentType.objects.get_for_model(records["commitment"]),
        subject_id=records["commitment"].pk, title=f"{marker} reminder", period="test",
        due_on=timezone.localdate(), seen_on=timezone.localdate())
    records.update(_dialogue(municipality, marker, records, users["coordinator"]))
    records.update(_portal(municipality, marker, records, users))
    records.update(_crisis(municipality, marker, records, users))
    records.update(_spreadsheets(municipality, marker, coordinator))
    return municipality, users, records


def _spreadsheets(municipality, marker, coordinator):
    """The coordinator's export of the communities, ready to download, and their import of a
    file of communities, checked and waiting for confirmation."""
    export = SpreadsheetExport.objects.create(
        municipality=municipality, requested_by=coordinator,
        list_name="networks:community_list", resource="networks.community", format="csv",
        row_count=1, status=SpreadsheetExportStatus.READY,
        file=ContentFile(f"id,name\n1,{marker} community\n".encode(), name="x.csv"),
        finished_at=timezone.now())
    upload = SpreadsheetImport.objects.create(
        municipality=municipality, requested_by=coordinator, resource="networks.community",
        format="csv", original_name=f"{marker} communities.csv", row_count=1,
        file=ContentFile(f"name,kind\n{marker} imported community,Location-based\n".encode(),
                         name="upload.csv"))
    spreadsheet_imports.check(upload.pk)
    return {"spreadsheet_export": export, "spreadsheet_import": upload}


def build() -> World:
    """The home municipality (every actor but the outsiders, the foreign representative and
    the superuser belongs to it) and the foreign one (the outsiders are its coordinator and its
    municipal admin; ``portal_foreign`` the representative of its association). Call with
    tenancy scopes disabled."""
    home, users, records = _municipality("town", HOME, "matrix-home")
    foreign, foreign_users, foreign_records = _municipality("city", FOREIGN, "matrix-foreign")
    superuser = UserFactory(username="matrix-superuser", is_superuser=True, is_staff=True,
                            first_name="Root", last_name="Superuser")
    world = World(home=home, foreign=foreign, records=records)
    world.users = {"anonymous": None, **users, "portal_foreign": foreign_users["portal"],
                   "outsider": foreign_users["coordinator"],
                   "outsider_admin": foreign_users["admin"], "superuser": superuser}
    # For rows that try to reach a foreign record from a home page (a preset choice, a filter).
    world.records.update({f"foreign_{name}": record for name, record in foreign_records.items()})
    return world
