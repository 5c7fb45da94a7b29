"""The retention table: for every model of the project (keyed by ``"app_label.modelname"``,
like ``coordinator.policies.POLICIES``, so this lowest layer imports no higher app), how long
its records are kept, what happens when that time is up, the lawful basis of holding them, the
special-category condition where Article 9 applies, and which fields hold personal data.

GDPR Article 5(1)(e) (storage limitation) and 5(2) (accountability), Article 30 (records of
processing) and the ICO accountability framework ("Retention and deletion"; "Records of
processing and lawful basis") ask for one documented schedule that the system itself applies.
This is it:

- ``CLASSES``: the retention classes, each with its default period in days and the limits a
  municipality may set it within (``privacy.RetentionSetting``); a class without a period
  (kept while in use, the public record, configuration) is never erased by the daily run.
- ``RETENTION``: one ``Rule`` per model. The daily run (``privacy.runs``) applies the rules
  of method ``DELETE`` and ``ANONYMISE`` to the records whose ``anchor`` date lies more than the
  class's period in the past; ``WITH_PARENT`` records go with the record they belong to,
  ``OWN_PURGE`` ones are removed by their own routine, ``KEEP`` ones stay.
- History models (django-simple-history) and the automatic many-to-many tables have no row of
  their own: they follow the model they copy or link (``base_label``), and are erased with it.

A model without a rule makes the test suite fail (``tests/privacy/test_retention_table.py``):
adding a model means deciding, here, how long it is kept. The data map
(``privacy.datamap``) is generated from this table and the access policy.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils.translation import gettext_lazy as _

#: What an erased value becomes in the history rows of a record: history then shows that a
#: value was removed, never what it was. Shown on screens as "removed" (coordinator.history).
REDACTED = "[removed]"

DAY = 1
YEAR = 365


class Method:
    """What happens to a record when its period is up."""

    DELETE = "delete"  #: the record, its history rows, its files and its links are deleted
    ANONYMISE = "anonymise"  #: ``erase_fields`` are blanked; in history they become REDACTED
    WITH_PARENT = "with_parent"  #: deleted with the record it belongs to (same reach)
    OWN_PURGE = "own_purge"  #: removed by its own routine (named in the rule's ``note``)
    KEEP = "keep"  #: not erased by the daily run (erasure on request still reaches it)


class Basis:
    """GDPR Article 6(1) lawful bases used by a municipality (a public authority)."""

    PUBLIC_TASK = _("Public task (Art. 6(1)(e))")
    LEGAL_OBLIGATION = _("Legal obligation (Art. 6(1)(c))")
    CONTRACT = _("Contract (Art. 6(1)(b))")


class Condition:
    """GDPR Article 9(2) conditions for special-category data."""

    SUBSTANTIAL_PUBLIC_INTEREST = _("Substantial public interest (Art. 9(2)(g)), under national law")


@dataclass(frozen=True)
class RetentionClass:
    """A retention class. ``default_days`` None: no period (never erased by the daily run).
    A municipality may set the period between ``min_days`` and ``max_days`` when they differ.
    ``runs_from``: what the period is counted from, in words."""

    key: str
    label: str
    description: str
    default_days: int | None = None
    min_days: int | None = None
    max_days: int | None = None
    runs_from: str = ""

    @property
    def has_period(self) -> bool:
        return self.default_days is not None

    @property
    def configurable(self) -> bool:
        return self.has_period and self.min_days is not None and self.min_days != self.max_days

    def check(self, days: int) -> None:
        """``ValidationError`` unless ``days`` is within the limits of this class."""
        if not self.configurable:
            raise ValidationError(_("The period of “%(label)s” cannot be changed.")
                                  % {"label": self.label})
        if days < self.min_days or days > self.max_days:
            raise ValidationError(
                _("Choose between %(low)s and %(high)s days for “%(label)s”.")
                % {"low": self.min_days, "high": self.max_days, "label": self.label})


_CLASSES = (
    RetentionClass("configuration", _("Configuration"), _(
        "Settings and reference lists that hold no personal data: kept.")),
    RetentionClass("in_use", _("Kept while in use"), _(
        "Kept while the municipality works with it; reviewed at each mapping check and erased "
        "on request when no legal duty to keep it remains.")),
    RetentionClass("public_record", _("Public record"), _(
        "The local action plan and its consultation: the municipality's record of a council "
        "decision, kept under the archives rules of the municipality.")),
    # Counted from the last check: mapping is continuous (002 step 1 "Mapping and research").
    RetentionClass("special_category", _("Ethnicity and faith of a community"), _(
        "Cleared when the community has not been checked for this long: mapping is "
        "continuous, and special-category data is kept only while it is current."),
        730 * DAY, 183 * DAY, 5 * YEAR, _("the last check of the community")),
    RetentionClass("contacts", _("Contacts"), _(
        "A contact with no logged interaction for this long is deleted."),
        5 * YEAR, 1 * YEAR, 10 * YEAR, _("the last contact")),
    RetentionClass("interaction_notes", _("Interaction notes"), _(
        "Notes of a contact, deleted this long after the contact."),
        5 * YEAR, 1 * YEAR, 10 * YEAR, _("the date of the contact")),
    RetentionClass("commitments", _("Commitments and concerns"), _(
        "Deleted this long after they were closed (delivered, dropped, reported back)."),
        5 * YEAR, 1 * YEAR, 10 * YEAR, _("the closing date")),
    # Assessments expire and are reviewed (001 "Vetting procedures"): counted from the review.
    RetentionClass("assessments", _("Assessments of partners"), _(
        "Assessments, their findings and evidence, memoranda and compliance alerts: deleted "
        "this long after the review date (or the decision or withdrawal)."),
        3 * YEAR, 1 * YEAR, 10 * YEAR, _("the review date")),
    RetentionClass("agreement_contacts", _("Contacts named in agreements"), _(
        "The contacts and signatory of an ended agreement are removed this long after its "
        "end; the agreement itself stays as the record of what was shared."),
        6 * YEAR, 1 * YEAR, 10 * YEAR, _("the end of the agreement")),
    RetentionClass("invitations", _("Invitations"), _(
        "Invitations by e-mail, deleted this long after they expired."),
        90 * DAY, 30 * DAY, 1 * YEAR, _("the expiry of the link")),
    RetentionClass("generated_files", _("Generated files"), _(
        "PDF and JSON exports, deleted with their files this long after they were made."),
        30 * DAY, 1 * DAY, 1 * YEAR, _("the day the file was made")),
    RetentionClass("access_log", _("Read-access log"), _(
        "Kept for the period each information-sharing agreement sets (at least 30 days); an "
        "event under several agreements is kept for the longest.")),
    RetentionClass("technical", _("Technical records"), _(
        "One-time form tokens, purged after 12 hours.")),
    RetentionClass("accountability", _("Records of erasure"), _(
        "Records of retention runs and erasure requests (counts, never content)."),
        6 * YEAR, 3 * YEAR, 10 * YEAR, _("the day of the erasure")),
)
CLASSES: dict[str, RetentionClass] = {c.key: c for c in _CLASSES}


@dataclass(frozen=True)
class Rule:
    """How one model's records are kept.

    ``retention``: a key of ``CLASSES``. ``basis``: the Article 6 lawful basis. ``personal``:
    the fields holding personal data (empty: none). ``special``: the fields holding special-
    category data (Article 9), with their ``condition``. ``method``: a ``Method``. ``anchor``:
    a field name or expression giving the *date* the period runs from (records with no anchor
    date are kept). ``when``: only records matching this ``Q`` are erased (e.g. closed ones).
    ``erase_fields``: the fields ``ANONYMISE`` blanks. ``free_text``: fields where a name may
    be written (searched by the subject-access export, redacted on request). ``note``: how an
    ``OWN_PURGE`` or ``KEEP`` rule is applied."""

    retention: str
    basis: str = Basis.PUBLIC_TASK
    personal: tuple[str, ...] = ()
    special: tuple[str, ...] = ()
    condition: str = ""
    method: str = Method.KEEP
    anchor: object = None
    when: Q | None = None
    erase_fields: tuple[str, ...] = ()
    free_text: tuple[str, ...] = ()
    note: str = ""

    @property
    def retention_class(self) -> RetentionClass:
        return CLASSES[self.retention]

    @property
    def holds_personal_data(self) -> bool:
        return bool(self.personal or self.special)


def _day(field: str):
    return TruncDate(field)


#: The last contact with a person: their newest interaction, or when they were added if that is
#: later (a contact added today with an old interaction is not erased tomorrow).
LAST_CONTACT = Greatest(Coalesce(Max("interactions__occurred_on"), TruncDate("created_at")),
                        TruncDate("created_at"))

_ITEM = dict(retention="public_record", method=Method.KEEP, note=_("Kept with its plan version."))

RETENTION: dict[str, Rule] = {
    # ---------------------------------------------------------------- coordinator
    "coordinator.municipality": Rule("configuration"),
    "coordinator.membership": Rule("in_use", personal=("user", "role", "organisation"),
                                   note=_("Ended on the users page.")),
    "coordinator.invitation": Rule(
        "invitations", personal=("email", "invited_by", "accepted_by"), method=Method.DELETE,
        anchor=_day("expires_at")),
    "coordinator.submissiontoken": Rule(
        "technical", personal=("user",), method=Method.OWN_PURGE,
        note=_("Purged by the form-submission check after 12 hours.")),
    # Spreadsheets (issue 13): the export is also its log (who, which list, filters, rows);
    # its file and an upload's are deleted after LINCHPIN_SPREADSHEET_FILE_HOURS, the rows
    # with the generated files.
    "coordinator.spreadsheetexport": Rule(
        "generated_files", personal=("requested_by", "file", "filters"), method=Method.DELETE,
        anchor=_day("created_at")),
    "coordinator.spreadsheetimport": Rule(
        "generated_files", personal=("requested_by", "file", "original_name", "report"),
        method=Method.DELETE, anchor=_day("created_at")),
    # ---------------------------------------------------------------- networks (002 step 1; 003)
    "networks.community": Rule(
        "special_category", personal=("point_of_contact",), special=("ethnicity", "faith"),
        condition=Condition.SUBSTANTIAL_PUBLIC_INTEREST, method=Method.ANONYMISE,
        anchor=Coalesce("last_verified_on", TruncDate("created_at")),
        erase_fields=("ethnicity", "faith"),
        free_text=("description", "local_history", "gathering_notes"),
        note=_("The rest of the community profile is kept while in use.")),
    "networks.organisation": Rule(
        "in_use", personal=("name", "mandate", "website", "communities"),
        free_text=("mandate",),
        note=_("A small association can identify the people behind it.")),
    "networks.person": Rule(
        "contacts", personal=("name", "role", "organisation", "communities", "is_key_figure",
                              "preferred_channel", "email", "phone", "languages"),
        method=Method.DELETE, anchor=LAST_CONTACT),
    # ---------------------------------------------------------------- engagement (002)
    "engagement.preconditions": Rule("configuration"),
    # Reminders and their daily digests: the staff member's own notices, kept while in use as
    # the record that a reminder was sent (exactly once); their titles name no person.
    "reminders.reminder": Rule("in_use", personal=("recipient", "dismiss_reason"),
                               note=_("Kept as the record of what was reminded; erased on "
                                      "request with the recipient's account.")),
    "reminders.digest": Rule("in_use", personal=("recipient",),
                             note=_("Kept as the record of what was sent.")),
    # The municipality's own objectives and their reviews (002 step 1.1): kept while in use;
    # a review names the staff member who recorded it.
    "engagement.preconditiongoal": Rule("in_use"),
    "engagement.goalreview": Rule("in_use", personal=("reviewed_by",),
                                  note=_("Kept with its goal; erased on request.")),
    "engagement.interaction": Rule(
        "interaction_notes", personal=("people", "organisations", "needs_heard",
                                       "interests_heard", "concerns_heard", "follow_up",
                                       "logged_by"),
        method=Method.DELETE, anchor="occurred_on",
        free_text=("needs_heard", "interests_heard", "concerns_heard", "follow_up")),
    "engagement.commitment": Rule(
        "commitments", personal=("made_to", "organisation", "description", "owner",
                                 "dropped_reason"),
        method=Method.DELETE, anchor="closed_on",
        free_text=("description", "made_to", "dropped_reason")),
    "engagement.concern": Rule(
        "commitments", personal=("raised_by_person", "raised_by_organisation", "description",
                                 "answer", "owner"),
        method=Method.DELETE, anchor=Coalesce("reported_back_on", "answered_on", "raised_on"),
        when=Q(state__in=["reported_back", "closed"]),
        free_text=("topic", "description", "answer", "reported_back_how")),
    # ---------------------------------------------------------------- assessing partners (001)
    "vetting.assessmentcriterion": Rule("configuration"),
    # Memoranda first: an assessment a memorandum still refers to is kept until it goes.
    "vetting.memorandum": Rule(
        "assessments", personal=("organisation", "parties", "created_by"),
        method=Method.DELETE, anchor="review_on",
        free_text=("parties", "purpose", "benefits", "municipality_commitments",
                   "organisation_commitments")),
    "vetting.assessment": Rule(
        "assessments", personal=("organisation", "purpose", "reasons", "conditions",
                                 "procedure_informed_notes", "outcome_informed_notes",
                                 "withdrawal_reason", "prepared_by", "submitted_by",
                                 "decided_by", "withdrawn_by"),
        method=Method.DELETE,
        anchor=Coalesce("review_on", TruncDate("expired_at"), TruncDate("withdrawn_at"),
                        TruncDate("decided_at")),
        when=Q(status__in=["decided", "withdrawn", "expired"]),
        free_text=("purpose", "reasons", "conditions", "procedure_informed_notes",
                   "outcome_informed_notes", "withdrawal_reason")),
    "vetting.assessmentfinding": Rule(
        "assessments", personal=("findings", "sources"), method=Method.WITH_PARENT,
        free_text=("findings", "sources"), note=_("Deleted with its assessment.")),
    "vetting.evidencefile": Rule(
        "assessments", personal=("file", "original_name", "description", "uploaded_by"),
        method=Method.WITH_PARENT, free_text=("original_name", "description"),
        note=_("Deleted, file included, with its assessment.")),
    "vetting.compliancealert": Rule(
        "assessments", personal=("organisation",), method=Method.DELETE,
        anchor=_day("resolved_at")),
    # ---------------------------------------------------------------- the action plan (004)
    "actionplans.actionplan": Rule("public_record", personal=("created_by",)),
    "actionplans.actionplanversion": Rule("public_record", personal=("created_by", "approved_by")),
    "actionplans.analysisfactor": Rule(**_ITEM),
    "actionplans.insidehelper": Rule(**_ITEM, personal=("who", "organisation")),
    "actionplans.analysissource": Rule(**_ITEM),
    "actionplans.figuretable": Rule(**_ITEM),
    "actionplans.protectionaim": Rule(**_ITEM),
    "actionplans.goal": Rule(**_ITEM),
    "actionplans.politicalsponsor": Rule(**_ITEM, personal=("name", "office", "endorsed")),
    "actionplans.resourcecommitment": Rule(**_ITEM, personal=("committed_by",)),
    "actionplans.definition": Rule(**_ITEM),
    "actionplans.keyorganisation": Rule(**_ITEM, personal=("organisation",)),
    "actionplans.sharedsubgoal": Rule(**_ITEM),
    "actionplans.partnerrole": Rule(**_ITEM, personal=("organisation", "people")),
    "actionplans.sharedinformation": Rule(**_ITEM, personal=("held_by",)),
    "actionplans.intervention": Rule(**_ITEM, personal=("responsible",)),
    "actionplans.indicator": Rule(**_ITEM),
    "actionplans.indicatormeasurement": Rule(**_ITEM),
    "actionplans.sectionopening": Rule("public_record", personal=("organisations", "opened_by")),
    "actionplans.sectioncomment": Rule(
        "public_record", personal=("author", "organisation", "body", "resolved_by"),
        free_text=("body",)),
    "actionplans.planexport": Rule(
        "generated_files", personal=("file", "requested_by"), method=Method.DELETE,
        anchor=_day("created_at")),
    # ---------------------------------------------------------------- sharing (004; ICO code)
    "sharing.agreement": Rule(
        "agreement_contacts", personal=("signed_off_by", "signed_off_role", "created_by"),
        method=Method.ANONYMISE, anchor="ends_on", when=Q(state="ended"),
        erase_fields=("signed_off_by", "signed_off_role")),
    "sharing.agreementparty": Rule(
        "agreement_contacts", personal=("contact_name", "contact_role", "contact_email",
                                        "contact_phone"),
        method=Method.ANONYMISE, anchor="agreement__ends_on", when=Q(agreement__state="ended"),
        erase_fields=("contact_name", "contact_role", "contact_email", "contact_phone")),
    "sharing.agreementreview": Rule("in_use", personal=("reviewed_by",),
                                    note=_("Kept with its agreement.")),
    "sharing.partnergroup": Rule("configuration"),
    "sharing.interactiongrant": Rule(
        "interaction_notes", personal=("granted_by",), method=Method.WITH_PARENT,
        note=_("Deleted with its interaction note or agreement.")),
    "sharing.accessevent": Rule(
        "access_log", basis=Basis.LEGAL_OBLIGATION, personal=("user", "organisation",
                                                               "object_ids"),
        method=Method.OWN_PURGE,
        note=_("Purged daily after the retention period of its agreements.")),
    # ---------------------------------------------------------------- dialogue (002 step 4)
    # A meeting is a contact: its record (attendance, takeaways, notes) is kept as long as
    # interaction notes, counted from the day it was held; its rows go with it. Its follow-ups
    # are commitments, kept by their own rule.
    "dialogue.safespace": Rule(
        "in_use", personal=("right_people",),
        free_text=("place", "ground_explanation", "right_people", "sensitive_information",
                   "accessibility")),
    "dialogue.meeting": Rule(
        "interaction_notes", personal=("organiser", "moderator", "invited_organisations",
                                       "invited_people", "takeaways", "notes"),
        method=Method.DELETE, anchor="held_on",
        free_text=("title", "rationale", "moderator", "takeaways", "takeaways_sent_how",
                   "notes")),
    "dialogue.meetingorganisation": Rule(
        "interaction_notes", personal=("organisation", "attendance"),
        method=Method.WITH_PARENT, note=_("Deleted with its meeting.")),
    "dialogue.meetingperson": Rule(
        "interaction_notes", personal=("person", "attendance"), method=Method.WITH_PARENT,
        note=_("Deleted with its meeting or its contact.")),
    # the crisis response (issue 11): an incident and everything of it is kept while in use
    # (lessons learned), and erased with the incident; check-in answers hold what people said.
    "crisis.crisisprotocol": Rule("configuration", free_text=("call_order", "checks",
                                                              "press_contact")),
    "crisis.crisisteam": Rule("in_use", free_text=("purpose",)),
    "crisis.teammember": Rule("in_use", personal=("name", "role", "phone", "email",
                                                  "availability"),
                              free_text=("name", "role", "availability")),
    "crisis.incident": Rule("interaction_notes", personal=("opened_by",), method=Method.DELETE,
                            anchor=TruncDate("closed_at"), when=Q(status="closed"),
                            free_text=("title", "place", "description", "lessons_learned")),
    **{f"crisis.{name}": Rule("interaction_notes", personal=personal, method=Method.WITH_PARENT,
                              free_text=free_text, note=_("Deleted with its incident."))
       for name, personal, free_text in (
           ("timelineentry", ("by", "text"), ("text",)),
           ("checkin", ("person", "organisation", "responsible", "answered_by", "concerns",
                        "needs", "fears", "rumours", "support_asked"),
            ("concerns", "needs", "fears", "rumours", "support_asked")),
           ("impactassessment", ("assessed_by", "note"), ("note",)),
           ("hateincident", ("recorded_by", "description"), ("description",)),
           ("statement", ("drafted_by", "released_by"), ("text",)),
           ("briefing", ("who", "feedback", "recorded_by"), ("who", "feedback")),
           ("mediarequest", ("request", "answer"), ("request", "answer")),
           ("recoveryaction", ("owner",), ("description",)))},
    # A generated PDF of an incident (names of the network, statements): like the plan's export,
    # deleted with its file once the period of generated files is up (or with its incident).
    "crisis.situationreport": Rule(
        "generated_files", personal=("file", "requested_by"), method=Method.DELETE,
        anchor=_day("created_at")),
    # the portal (issue 10): a decided correction is kept with the profile's history; a
    # response follows its commitment.
    "portal.profilecorrection": Rule(
        "commitments", personal=("proposed_by", "decided_by", "changes", "previous", "message",
                                 "decision_note"),
        method=Method.DELETE, anchor=TruncDate("decided_at"),
        when=Q(status__in=["accepted", "declined"]),
        free_text=("message", "decision_note")),
    "portal.commitmentresponse": Rule(
        "commitments", personal=("said_by", "note"), method=Method.WITH_PARENT,
        free_text=("note",), note=_("Deleted with its commitment.")),
    "dialogue.agendaitem": Rule(
        "interaction_notes", personal=("title",), method=Method.WITH_PARENT,
        free_text=("title",), note=_("Deleted with its meeting.")),
    "dialogue.meetingfollowup": Rule(
        "commitments", method=Method.WITH_PARENT,
        note=_("Deleted with its meeting or its commitment.")),
    "dialogue.calendarfeed": Rule(
        "in_use", personal=("user",),
        note=_("A revoked address no longer works; the row is erased on request.")),
    "api.apitoken": Rule(
        "in_use", personal=("user",),
        note=_("A revoked token no longer works; the row is erased on request.")),
    # ---------------------------------------------------------------- the sociogram (issue 12)
    # A tie between two contacts lives as long as both of them: deleted with either end.
    "sociogram.relationship": Rule(
        "contacts", personal=("from_person", "from_organisation", "to_person",
                              "to_organisation", "kind", "note"),
        method=Method.WITH_PARENT, free_text=("note",),
        note=_("Deleted with either of the people or organisations it links.")),
    # ---------------------------------------------------------------- privacy (this issue)
    "privacy.retentionsetting": Rule("configuration"),
    # A municipality's days before a relationship goes quiet (reminders, issue 12).
    "reminders.quietintervals": Rule("configuration"),
    "privacy.erasurerun": Rule("accountability", basis=Basis.LEGAL_OBLIGATION,
                               method=Method.DELETE, anchor=_day("started_at")),
    "privacy.erasurerequest": Rule(
        "accountability", basis=Basis.LEGAL_OBLIGATION, personal=("performed_by",),
        method=Method.DELETE, anchor=_day("performed_at")),
    "privacy.privacyexport": Rule(
        "generated_files", basis=Basis.LEGAL_OBLIGATION,
        personal=("person", "organisation", "json_file", "pdf_file", "requested_by"),
        method=Method.DELETE, anchor=_day("created_at")),
}


class NoRetention(ImproperlyConfigured):
    """A model has no rule in ``RETENTION``."""


def base_model(model):
    """The model whose rule applies to ``model``: itself, or for a history model
    (django-simple-history) the model it copies, and for an automatic many-to-many table (or
    the history of one) the model that declares the relation."""
    seen = set()
    while model not in seen:
        seen.add(model)
        copied = getattr(model, "instance_type", None)
        if copied is not None and copied is not model:
            model = copied
            continue
        owner = model._meta.auto_created
        if owner:
            model = owner
            continue
        break
    return model


def base_label(model) -> str:
    return base_model(model)._meta.label_lower


def rule_for(model_or_label) -> Rule:
    """The ``Rule`` of a model class, instance or ``"app.model"`` label (history models and
    automatic tables: their base model's); ``NoRetention`` if none."""
    if isinstance(model_or_label, str):
        label = model_or_label.lower()
    else:
        model = model_or_label if isinstance(model_or_label, type) else type(model_or_label)
        label = base_label(model)
    try:
        return RETENTION[label]
    except KeyError:
        raise NoRetention(f"No retention rule for {label}: add one to "
                          "coordinator.retention.RETENTION.") from None


def missing_rules(models) -> list[str]:
    """The labels of ``models`` (any, history models included) whose base has no rule."""
    return sorted({base_label(m) for m in models} - set(RETENTION))
