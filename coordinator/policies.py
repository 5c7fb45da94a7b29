"""The access policy table: for every model (keyed by ``"app_label.modelname"``, so this lowest
layer imports no higher app) and action, the roles that may act in full within their own
municipality, and the information category through which an information-sharing agreement may
open its records to partner professionals (004 "Coordination & information sharing"; 000
lessons 4.1 and 5.2). The rules live here, one place; ``coordinator.access`` applies them."""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Role

# --------------------------------------------------------------------------- vocabulary


class Action:
    """The actions a policy knows. Views name one; templates ask ``{% can action obj %}``."""

    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    EXPORT = "export"
    DECIDE = "decide"  #: an assessment decision (four-eyes, 001 "Vetting procedures")
    APPROVE = "approve"  #: adopting an action plan version on behalf of the council
    COMMENT = "comment"
    MANAGE = "manage"  #: users, agreements, the read-access log: the municipal admin's work
    #: read the terms of a record that binds one's own organisation (a partner professional
    #: reading the information-sharing agreements their organisation is a party to)
    VIEW_TERMS = "view_terms"
    #: invite and revoke the municipality's community representatives (the portal's users)
    REPRESENTATIVES = "representatives"
    #: accept or decline what a community representative proposed (a profile correction)
    REVIEW = "review"


class InformationCategory(models.TextChoices):
    """The fixed list of what an information-sharing agreement may cover (004 "Information
    sharing": what is shared, with whom, under which rules). Each category is tied to models in
    ``POLICIES``. Partner assessments are never a category (001 "Vetting procedures": no
    publicity); ethnicity and faith are shown only where an agreement records an Article 9
    condition (``Grant.special_category``)."""

    COMMUNITY_PROFILE = "community_profile", _("Community profiles")
    ORGANISATIONS_AND_CONTACTS = "organisations_contacts", _("Organisations and contacts")
    INTERACTION_NOTES = "interaction_notes", _("Interaction notes")
    COMMITMENTS = "commitments", _("Commitments")
    ACTION_PLAN_SECTIONS = "action_plan_sections", _("Action plan sections")
    CONCERNS = "concerns", _("Concerns heard")
    MEETINGS = "meetings", _("Meetings and dialogue events")
    #: A crisis: the incident, its timeline, impact per community, statements, recovery.
    CRISIS_RESPONSE = "crisis_response", _("Crisis response")
    #: What the network said when checked in with during a crisis (concerns, fears, rumours).
    CHECK_INS = "check_ins", _("Crisis check-ins")


# Role sets: named once, here. Least privilege: partner professionals and community
# representatives hold none of them; what they see comes from grants.
COORDINATION = frozenset({Role.COORDINATOR, Role.MUNICIPAL_ADMIN})
READERS = COORDINATION | {Role.ASSESSOR}
ASSESSMENT = frozenset({Role.ASSESSOR, Role.MUNICIPAL_ADMIN})
MEMORANDA = ASSESSMENT | {Role.COORDINATOR}
ADMINISTRATION = frozenset({Role.MUNICIPAL_ADMIN})
STAFF = frozenset({Role.COORDINATOR, Role.ASSESSOR, Role.MUNICIPAL_ADMIN,
                   Role.PARTNER_PROFESSIONAL})
PORTAL = frozenset({Role.COMMUNITY_REPRESENTATIVE})
#: Roles that act for an organisation (a partner professional's or a representative's).
PARTNERS = frozenset({Role.PARTNER_PROFESSIONAL, Role.COMMUNITY_REPRESENTATIVE})
NOBODY: frozenset = frozenset()


@dataclass(frozen=True)
class Policy:
    """Who may do what with one model.

    ``roles``: action -> roles that may do it to every record of their own municipality.
    ``category``: the information category agreements may open (None: never shared).
    ``grant_actions``: actions a grant may give at most ("add" only where the agreement lets
    partners add records of the category). ``municipality``: the lookup from the model to its
    owning municipality. ``community``: the lookup to a community id, for agreements limited to
    some communities ("pk" for the community itself); ``community_many`` when it is many-valued.
    ``party``: the lookup from the record to the partner organisations it binds; a partner
    professional of one of them may do ``party_actions`` to it (``Action.VIEW_TERMS``: read
    the agreements their organisation is a party to, never the municipality's register).
    ``owner``: the lookup from the record to the user it belongs to; that user may do
    ``owner_actions`` to it (their own reminders).
    ``portal``: the lookup from the record to the organisation it concerns; a community
    representative of that organisation may do ``portal_actions`` to it in the portal (their
    organisation's profile, meetings, concerns, promises; issue 10 "Minimum data").
    """

    roles: dict[str, frozenset]
    category: str | None = None
    grant_actions: frozenset = frozenset({Action.VIEW})
    municipality: str = "municipality"
    community: str | None = None
    community_many: bool = False
    party: str | None = None
    party_actions: frozenset = frozenset()
    owner: str | None = None
    owner_actions: frozenset = frozenset()
    portal: str | None = None
    portal_actions: frozenset = frozenset()


def _crud(view=READERS, edit=COORDINATION, **more) -> dict[str, frozenset]:
    return {Action.VIEW: view, Action.ADD: edit, Action.CHANGE: edit, Action.DELETE: NOBODY,
            Action.EXPORT: edit, **more}


_IC = InformationCategory
_SEE = frozenset({Action.VIEW})
#: What an agreement may open of a listed record: reading it, and exporting the rows of a list
#: the partner sees (``sharing.grants``: an agreement's grants carry both; every exported row
#: is written to the read-access log like a page).
_SEE_EXPORT = frozenset({Action.VIEW, Action.EXPORT})
_SEE_ADD_EXPORT = frozenset({Action.VIEW, Action.ADD, Action.EXPORT})
POLICIES: dict[str, Policy] = {
    # coordinator: users and roles are the municipal admin's.
    # Coordinators invite and revoke community representatives (the portal's users) and no
    # other role (issue 10 "Who gets in").
    "coordinator.membership": Policy(
        {Action.VIEW: ADMINISTRATION, Action.ADD: ADMINISTRATION, Action.CHANGE: ADMINISTRATION,
         Action.MANAGE: ADMINISTRATION, Action.REPRESENTATIVES: COORDINATION}),
    # the municipality itself (its settings page): its municipal admins change it. Checked on
    # the label only (``can``): the page edits the actor's own municipality, no other.
    "coordinator.municipality": Policy({Action.VIEW: ADMINISTRATION,
                                        Action.CHANGE: ADMINISTRATION}, municipality="pk"),
    # one-time tokens of create forms (coordinator.concurrency): internal, never a page.
    "coordinator.submissiontoken": Policy({Action.VIEW: NOBODY, Action.ADD: NOBODY,
                                           Action.CHANGE: NOBODY, Action.DELETE: NOBODY}),
    # invitations to join a municipality: only its municipal admins see or send them
    "coordinator.invitation": Policy(
        {Action.VIEW: ADMINISTRATION, Action.ADD: ADMINISTRATION, Action.CHANGE: ADMINISTRATION,
         Action.DELETE: NOBODY, Action.MANAGE: ADMINISTRATION,
         Action.REPRESENTATIVES: COORDINATION}),
    # Spreadsheet exports and imports (issue 13): each user's own; the municipal admin reads
    # the municipality's exports as their log. What may be exported or imported is the
    # policy of the records themselves ("export", "add", "change").
    "coordinator.spreadsheetexport": Policy(
        {Action.VIEW: ADMINISTRATION, Action.ADD: NOBODY, Action.CHANGE: NOBODY,
         Action.DELETE: NOBODY},
        owner="requested_by", owner_actions=_SEE),
    "coordinator.spreadsheetimport": Policy(
        {Action.VIEW: ADMINISTRATION, Action.ADD: NOBODY, Action.CHANGE: NOBODY,
         Action.DELETE: NOBODY},
        owner="requested_by", owner_actions=frozenset({Action.VIEW, Action.CHANGE})),
    # networks (003; 002 step 1 mapping)
    "networks.community": Policy(_crud(), category=_IC.COMMUNITY_PROFILE, community="pk",
                                 grant_actions=_SEE_EXPORT),
    "networks.organisation": Policy(_crud(), category=_IC.ORGANISATIONS_AND_CONTACTS,
                                    grant_actions=_SEE_EXPORT,
                                    community="communities", community_many=True,
                                    portal="pk", portal_actions=_SEE),
    "networks.person": Policy(_crud(), category=_IC.ORGANISATIONS_AND_CONTACTS,
                              grant_actions=_SEE_EXPORT,
                              community="communities", community_many=True,
                              portal="organisation", portal_actions=_SEE),
    # the engagement process (002 steps 1, 2 and 4)
    "engagement.preconditions": Policy(_crud()),
    # the goals of the preconditions and their reviews (002 step 1.1, step 4): internal,
    # never shared by an agreement
    "engagement.preconditiongoal": Policy(_crud()),
    "engagement.goalreview": Policy(_crud()),
    "engagement.interaction": Policy(_crud(), category=_IC.INTERACTION_NOTES,
                                     grant_actions=_SEE_ADD_EXPORT,
                                     community="community"),
    # In the portal: the promises made to the representative's organisation, on which they
    # say whether it was delivered from their side ("comment"), and the concerns it raised.
    "engagement.commitment": Policy(_crud(), category=_IC.COMMITMENTS,
                                    grant_actions=_SEE_ADD_EXPORT,
                                    community="community", portal="organisation",
                                    portal_actions=frozenset({Action.VIEW, Action.COMMENT})),
    "engagement.concern": Policy(_crud(), category=_IC.CONCERNS,
                                 grant_actions=_SEE_ADD_EXPORT,
                                 community="community", portal="raised_by_organisation",
                                 portal_actions=frozenset({Action.VIEW, Action.ADD})),
    # dialogue and collaboration (002 step 4; 003 "3 steps"): meetings are opened to partners
    # with the communities they invite; the rows of a meeting (agenda, invitations, follow-ups)
    # are reached through their meeting, never listed on their own.
    "dialogue.safespace": Policy(_crud(), category=_IC.MEETINGS),
    # In the portal: the meetings the organisation was invited to; "comment": add a concern
    # or an agenda item for an upcoming one.
    "dialogue.meeting": Policy(_crud(), category=_IC.MEETINGS, community="invited_communities",
                               grant_actions=_SEE_EXPORT,
                               community_many=True, portal="invitations__organisation",
                               portal_actions=frozenset({Action.VIEW, Action.COMMENT})),
    **{f"dialogue.{name}": Policy(_crud(), category=_IC.MEETINGS,
                                  municipality="meeting__municipality")
       for name in ("meetingperson", "meetingfollowup")},
    "dialogue.agendaitem": Policy(_crud(), category=_IC.MEETINGS,
                                  municipality="meeting__municipality",
                                  portal="meeting__invitations__organisation", portal_actions=_SEE),
    "dialogue.meetingorganisation": Policy(_crud(), category=_IC.MEETINGS,
                                           municipality="meeting__municipality",
                                           portal="organisation", portal_actions=_SEE),
    # a personal calendar feed: every staff member may hold their own; the pages show only the
    # user's (dialogue.views), the feed reads as that user's membership.
    "dialogue.calendarfeed": Policy({Action.VIEW: STAFF, Action.ADD: STAFF,
                                     Action.CHANGE: STAFF, Action.DELETE: NOBODY}),
    # personal tokens of the read API (the api app): every staff member may make their own and
    # sees and revokes only their own; a community representative has no API (the portal is
    # their area). "change" is revoking.
    "api.apitoken": Policy({Action.VIEW: NOBODY, Action.ADD: STAFF, Action.CHANGE: NOBODY,
                            Action.DELETE: NOBODY},
                           owner="user", owner_actions=frozenset({Action.VIEW, Action.CHANGE})),
    # assessing partners: never a category (001 "Vetting procedures")
    # In the portal the organisation sees that it is assessed and the outcome in plain words,
    # never findings or reasons (``vetting.services.portal_summary``; 001 "Vetting procedures").
    "vetting.assessment": Policy(_crud(view=ASSESSMENT, edit=ASSESSMENT, decide=ASSESSMENT),
                                 portal="organisation", portal_actions=_SEE),
    "vetting.assessmentcriterion": Policy(_crud(view=ASSESSMENT, edit=ASSESSMENT)),
    "vetting.assessmentfinding": Policy(_crud(view=ASSESSMENT, edit=ASSESSMENT),
                                        municipality="assessment__municipality"),
    "vetting.evidencefile": Policy(_crud(view=ASSESSMENT, edit=ASSESSMENT),
                                   municipality="assessment__municipality"),
    "vetting.memorandum": Policy(_crud(view=MEMORANDA, edit=MEMORANDA),
                                 portal="organisation", portal_actions=_SEE),
    "vetting.compliancealert": Policy(_crud(view=MEMORANDA, edit=ASSESSMENT)),
    # the local action plan (004)
    "actionplans.actionplan": Policy(_crud(approve=ADMINISTRATION),
                                     category=_IC.ACTION_PLAN_SECTIONS),
    "actionplans.actionplanversion": Policy(_crud(approve=ADMINISTRATION, comment=COORDINATION),
                                            category=_IC.ACTION_PLAN_SECTIONS,
                                            portal="openings__organisations",
                                            portal_actions=_SEE),
    "actionplans.versionitem": Policy(_crud(), municipality="version__municipality"),
    "actionplans.sectionopening": Policy(_crud(), portal="organisations", portal_actions=_SEE),
    # In the portal: the threads the organisation started (the coordinator's replies within).
    "actionplans.sectioncomment": Policy(_crud(comment=COORDINATION), portal="organisation",
                                         portal_actions=_SEE),
    "actionplans.planexport": Policy(_crud(view=COORDINATION)),
    # information-sharing agreements and the read-access log (the sharing app)
    "sharing.agreement": Policy(_crud(view=COORDINATION, edit=ADMINISTRATION,
                                      manage=ADMINISTRATION),
                                party="parties__organisation",
                                party_actions=frozenset({Action.VIEW_TERMS}),
                                portal="parties__organisation",
                                portal_actions=frozenset({Action.VIEW_TERMS})),
    "sharing.agreementparty": Policy(_crud(view=COORDINATION, edit=ADMINISTRATION),
                                     municipality="agreement__municipality",
                                     party="agreement__parties__organisation",
                                     party_actions=frozenset({Action.VIEW_TERMS}),
                                     portal="agreement__parties__organisation",
                                     portal_actions=frozenset({Action.VIEW_TERMS})),
    "sharing.agreementreview": Policy(_crud(view=COORDINATION, edit=ADMINISTRATION),
                                      municipality="agreement__municipality"),
    # A per-record grant is revoked by deleting it (its history keeps the trace).
    "sharing.interactiongrant": Policy(_crud(view=COORDINATION, edit=COORDINATION,
                                             delete=COORDINATION),
                                       municipality="agreement__municipality"),
    # The read-access log: read and exported by the municipal admin, never edited or deleted
    # by the application (only ``manage.py purge_access_events`` removes events).
    # reminders (issue 12): a user's own; the municipal admin sees the municipality's. Digests
    # are the outbox of the e-mails: internal, never a page.
    "reminders.reminder": Policy(
        {Action.VIEW: ADMINISTRATION, Action.ADD: NOBODY, Action.CHANGE: NOBODY,
         Action.DELETE: NOBODY},
        owner="recipient", owner_actions=frozenset({Action.VIEW, Action.CHANGE})),
    "reminders.digest": Policy({Action.VIEW: NOBODY, Action.ADD: NOBODY, Action.CHANGE: NOBODY,
                                Action.DELETE: NOBODY}),
    # How long a relationship may go without contact: the municipal admin's setting.
    "reminders.quietintervals": Policy(_crud(view=ADMINISTRATION, edit=ADMINISTRATION)),
    # the crisis response (issue 11; 002 "Step 5"): coordinators and admins in full, partners
    # under an agreement covering the crisis categories; a representative sees and answers
    # only their own organisation's check-ins (in the portal).
    **{f"crisis.{name}": Policy(_crud(view=COORDINATION), category=_IC.CRISIS_RESPONSE)
       for name in ("crisisprotocol", "crisisteam", "teammember", "timelineentry", "statement",
                    "briefing", "mediarequest", "recoveryaction")},
    "crisis.incident": Policy(_crud(view=COORDINATION), category=_IC.CRISIS_RESPONSE,
                              community="communities", community_many=True),
    "crisis.impactassessment": Policy(_crud(view=COORDINATION), category=_IC.CRISIS_RESPONSE,
                                      community="community"),
    "crisis.hateincident": Policy(_crud(view=COORDINATION), category=_IC.CRISIS_RESPONSE,
                                  community="community"),
    "crisis.checkin": Policy(_crud(view=COORDINATION), category=_IC.CHECK_INS,
                             community="community", portal="organisation",
                             portal_actions=frozenset({Action.VIEW, Action.COMMENT})),
    # the situation report PDF: asked for by coordinators and admins (as the plan's export)
    "crisis.situationreport": Policy(_crud(view=COORDINATION), category=_IC.CRISIS_RESPONSE),
    # the sociogram (issue 12): ties between people and organisations, shared as contacts are;
    # the pages also need both ends visible (sociogram.services, sociogram.views).
    "sociogram.relationship": Policy(_crud(), category=_IC.ORGANISATIONS_AND_CONTACTS),
    # the portal (issue 10): what representatives propose and say, decided by the coordinator
    "portal.profilecorrection": Policy(
        {Action.VIEW: COORDINATION, Action.ADD: NOBODY, Action.CHANGE: NOBODY,
         Action.DELETE: NOBODY, Action.REVIEW: COORDINATION},
        portal="organisation", portal_actions=frozenset({Action.VIEW, Action.ADD})),
    "portal.commitmentresponse": Policy(
        {Action.VIEW: READERS, Action.ADD: NOBODY, Action.CHANGE: NOBODY, Action.DELETE: NOBODY},
        portal="organisation", portal_actions=frozenset({Action.VIEW, Action.ADD})),
    "sharing.accessevent": Policy(_crud(view=ADMINISTRATION, edit=NOBODY,
                                        export=ADMINISTRATION)),
    # data protection (the privacy app): the municipal admin's alone, never shared. "manage":
    # the data map, retention periods, erasure on request and subject-access exports.
    "privacy.retentionsetting": Policy(_crud(view=ADMINISTRATION, edit=ADMINISTRATION,
                                             manage=ADMINISTRATION)),
    "privacy.erasurerun": Policy(_crud(view=ADMINISTRATION, edit=NOBODY)),
    "privacy.erasurerequest": Policy(
        {Action.VIEW: ADMINISTRATION, Action.ADD: ADMINISTRATION, Action.CHANGE: NOBODY,
         Action.DELETE: NOBODY, Action.EXPORT: ADMINISTRATION, Action.MANAGE: ADMINISTRATION}),
    "privacy.privacyexport": Policy(_crud(view=ADMINISTRATION, edit=ADMINISTRATION)),
}


class NoPolicy(ImproperlyConfigured):
    """A model reached the access layer without a policy in ``POLICIES``."""


def label_of(model_or_label) -> str:
    if isinstance(model_or_label, str):
        return model_or_label.lower()
    return model_or_label._meta.label_lower


def policy_for(model_or_label) -> Policy:
    """The ``Policy`` of a model class, instance or ``"app.model"`` label; ``NoPolicy`` if none."""
    if isinstance(model_or_label, models.Model):
        model_or_label = type(model_or_label)
    label = label_of(model_or_label)
    try:
        return POLICIES[label]
    except KeyError:
        raise NoPolicy(f"No access policy for {label}: add one to coordinator.access.POLICIES.") \
            from None
