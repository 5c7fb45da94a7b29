"""The domain rules of assessing partners (001 "Vetting procedures"; 002 step 3 "Selecting
partners"; 000 lesson 5.4). Views stay thin and call these functions.

Every transition of an assessment is a function here. Each one checks the acting user's role
(``PermissionDenied``) and the state (``ValidationError`` with a message for the user), runs in
``transaction.atomic`` with the row locked, writes a history row whose change reason names the
transition, and after commit enqueues its e-mails (``vetting.tasks.send_notice``, one
Celery task per recipient, from ``templates/emails/``). E-mails never carry assessment content:
assessors and municipal admins get the state and a link; coordinators get the outcome state and
the review date only.

The engagement-level gate (:func:`check_engagement_gate`) is registered with
:mod:`networks.gates` in ``VettingConfig.ready()`` and so runs in ``Organisation.clean()`` and
``Organisation.save()``: forms, the admin, imports and shell ``save()`` calls all refuse
to raise an organisation to collaboration or partnership, or to mark it as receiving municipal
funding, without a current clearance. ``QuerySet.update()`` and ``bulk_create()`` do not call
``save()`` and are not guarded: never use them on those two fields.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from coordinator.access import ASSESSMENT, Action, require_user
from coordinator.languages import language_of, short_date
from coordinator.models import Membership, Role
from networks.models import EngagementLevel, Organisation

from .models import (
    CLEARED_OUTCOMES,
    DEFAULT_CRITERIA,
    EVIDENCE_TYPES,
    GATED_LEVELS,
    LEVEL_RANK,
    Assessment,
    AssessmentCriterion,
    AssessmentFinding,
    AssessmentStatus,
    ComplianceAlert,
    EvidenceFile,
    Memorandum,
    Outcome,
    Rating,
    evidence_max_bytes,
    out_of_compliance,
)

logger = logging.getLogger(__name__)

#: A clearance is reviewed at the latest after this many days (assessments expire, DESIGN).
MAX_VALIDITY_DAYS = 3 * 365
#: The review date the decision form proposes.
DEFAULT_VALIDITY_DAYS = 365
#: The policies (``coordinator.access.POLICIES``) the transitions here are checked against.
ASSESSMENTS = "vetting.assessment"
MEMORANDA = "vetting.memorandum"


# --------------------------------------------------------------------------- helpers


def _require(user, municipality, label: str, action: str = Action.CHANGE) -> None:
    """``PermissionDenied`` unless the access policy lets ``user`` do ``action`` to records of
    ``label`` in ``municipality`` (services check again whatever view called them)."""
    require_user(user, getattr(municipality, "pk", municipality), action, label)


def _save(instance, by, reason: str, **kwargs):
    """Save with the history user and a change reason (at most 100 characters) naming the
    transition."""
    instance._history_user = by
    instance._change_reason = reason[:100]
    instance.save(**kwargs)


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("organisation").get(
        pk=assessment.pk)


def _require_status(assessment: Assessment, *statuses, action: str):
    if assessment.status not in statuses:
        raise ValidationError(
            _("This assessment is %(state)s: it cannot be %(action)s.")
            % {"state": assessment.get_status_display().lower(), "action": action}
        )


def _users_with_roles(municipality, roles, exclude=None):
    """``[(user, language)]``: the active users with an e-mail address holding one of
    ``roles`` in ``municipality`` (but ``exclude``), each with the language their e-mails are
    written in (their own, else the municipality's: coordinator/languages.py)."""
    recipients = [
        (m.user, language_of(m) or settings.LANGUAGE_CODE)
        for m in Membership.objects.filter(municipality=municipality, role__in=roles)
        .select_related("user", "municipality").order_by("user__pk")
        if m.user.is_active and m.user.email
    ]
    return [(u, language) for u, language in recipients if exclude is None or u.pk != exclude.pk]


def _url(name, *args) -> str:
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:  # the URLconf is not wired (yet)
        return ""
    return getattr(settings, "LINCHPIN_BASE_URL", "").rstrip("/") + path


_SILENT = contextvars.ContextVar("vetting_notifications_off", default=False)


@contextlib.contextmanager
def notifications_off():
    """Send no e-mail from the services inside this block (demo data, data migrations)."""
    token = _SILENT.set(True)
    try:
        yield
    finally:
        _SILENT.reset(token)


@dataclass(frozen=True)
class Notice:
    """One e-mail to send: ``user`` (its pk goes to the task), the template ``name`` under
    ``templates/emails/`` (see :data:`vetting.tasks.NOTICE_TEMPLATES`), its ``context`` of
    plain strings in the recipient's ``language``. Never findings, sources, reasons or
    conditions."""

    user: object
    name: str
    context: dict
    language: str = settings.LANGUAGE_CODE


def _send_later(notices: list[Notice]):
    """Enqueue one Celery task per recipient (:func:`vetting.tasks.send_notice`; no recipient
    learns of another) once the transaction commits. A broker failure is logged, never undoes
    the transition nor fails the request."""
    if not notices or _SILENT.get():
        return
    from .tasks import send_notice  # the tasks module imports this one

    def enqueue():
        for notice in notices:
            try:
                send_notice.delay(notice.user.pk, notice.name, notice.context,
                                  notice.language)
            except Exception:
                logger.exception("Assessing partners: an e-mail could not be enqueued")

    transaction.on_commit(enqueue)


def _notify(assessment: Assessment, by, event, *, coordinators: bool = False):
    """E-mail the assessors and municipal admins of the assessment's municipality (except
    ``by``) that ``event`` (a lazy text) happened, with a link and nothing of the content,
    each in their own language. With ``coordinators``, the coordinators also get the outcome
    state and review date only."""
    organisation = str(assessment.organisation)
    link = _url("vetting:assessment_detail", assessment.pk)
    notices = []
    for user, language in _users_with_roles(assessment.municipality, ASSESSMENT, exclude=by):
        with translation.override(language):
            notices.append(Notice(user, "assessment_notice", {
                "organisation": organisation, "event": str(event),
                "state": str(_state_words(assessment)), "link": link}, language))
    if coordinators:
        for user, language in _users_with_roles(assessment.municipality, [Role.COORDINATOR],
                                                exclude=by):
            with translation.override(language):
                notices.append(Notice(user, "assessment_outcome",
                                      _coordinator_words(assessment), language))
    _send_later(notices)


def _state_words(assessment: Assessment) -> str:
    if assessment.status == AssessmentStatus.DECIDED:
        return assessment.get_outcome_display()
    return assessment.get_status_display()


def _coordinator_words(assessment: Assessment) -> dict:
    """What a coordinator may read: the organisation, the outcome state, the review date."""
    review = (formats.date_format(assessment.review_on, "j F Y") if assessment.review_on
              else str(_("none")))
    return {"organisation": str(assessment.organisation),
            "state": str(_state_words(assessment)), "review": review}


# --------------------------------------------------------------------------- criteria


def ensure_default_criteria(municipality) -> int:
    """Seed the eleven criteria of the papers for ``municipality`` if it has none at all yet
    (retired ones count: a municipality that retired every criterion is not reseeded).
    Returns the number created. Idempotent."""
    if AssessmentCriterion.objects.filter(municipality=municipality).exists():
        return 0
    created = 0
    with transaction.atomic():
        for order, (key, wording, help_text) in enumerate(DEFAULT_CRITERIA, start=1):
            was_created = AssessmentCriterion.objects.get_or_create(
                municipality=municipality, key=key,
                defaults={"wording": str(wording), "help": str(help_text), "order": order * 10},
            )[1]
            created += was_created
    return created


def _unique_key(municipality, wording: str) -> str:
    base = slugify(wording)[:50] or "criterion"
    key, n = base, 2
    while AssessmentCriterion.objects.filter(municipality=municipality, key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def add_criterion(municipality, by, *, wording: str, help: str = "", order: int | None = None):
    """A new criterion for future assessments of ``municipality``. Raises ``PermissionDenied``
    (role) and ``ValidationError`` (invalid, or the same wording added at the same moment)."""
    _require(by, municipality, ASSESSMENTS)
    if order is None:
        last = AssessmentCriterion.objects.filter(municipality=municipality).order_by("-order")
        order = (last.first().order + 10) if last.exists() else 10
    criterion = AssessmentCriterion(
        municipality=municipality, key=_unique_key(municipality, wording), wording=wording,
        help=help, order=order)
    criterion.full_clean()
    try:
        # The key was free when _unique_key looked; the same wording added at the same moment
        # (a second click) takes it first: refuse in a savepoint, not with a server error.
        with transaction.atomic():
            _save(criterion, by, gettext_noop("criterion added"))
    except IntegrityError as error:
        raise ValidationError({"wording": _(
            "A criterion with this wording was added at the same moment. Check the list of "
            "criteria before adding it again.")}) from error
    return criterion


@transaction.atomic
def reword_criterion(criterion, by, *, wording: str, help: str, order: int):
    """Change the wording, guidance or order; assessments already opened keep their copy."""
    _require(by, criterion.municipality, ASSESSMENTS)
    criterion.wording, criterion.help, criterion.order = wording, help, order
    criterion.full_clean()
    _save(criterion, by, gettext_noop("criterion reworded"))
    return criterion


@transaction.atomic
def set_criterion_retired(criterion, by, retired: bool = True):
    """Retire (or bring back) a criterion for future assessments."""
    _require(by, criterion.municipality, ASSESSMENTS)
    criterion.retired = retired
    _save(criterion, by, gettext_noop("criterion retired") if retired
          else gettext_noop("criterion reinstated"))
    return criterion


# --------------------------------------------------------------------------- transitions


def open_assessment(organisation, by, *, purpose: str = "",
                    level_envisaged: str = EngagementLevel.COLLABORATION,
                    funding_envisaged: bool = False) -> Assessment:
    """Open a draft assessment of ``organisation`` prepared by ``by`` (an assessor or municipal
    admin of its municipality), with a copy of the municipality's active criteria.

    Errors: ``PermissionDenied`` (role); ``ValidationError`` when no interaction with the
    organisation has been logged ("vetting should never be the first step", 002 step 3), when
    an assessment of it is already under way, or when the municipality has no active criteria.
    """
    municipality = organisation.municipality
    _require(by, municipality, ASSESSMENTS)
    if not organisation.interactions.exists():
        raise ValidationError(_(
            "Assessing a partner is never the first step: log at least one contact "
            "with %(organisation)s before opening an assessment.") % {"organisation": organisation})
    ensure_default_criteria(municipality)
    criteria = list(AssessmentCriterion.objects.for_municipality(municipality).active())
    if not criteria:
        raise ValidationError(_("The municipality has no active criteria: add one first."))
    try:
        with transaction.atomic():
            Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
            if organisation.assessments.open().exists():
                raise ValidationError(
                    _("An assessment of %(organisation)s is already under way.")
                    % {"organisation": organisation})
            assessment = Assessment(
                municipality=municipality, organisation=organisation, prepared_by=by,
                purpose=purpose, level_envisaged=level_envisaged,
                funding_envisaged=funding_envisaged,
            )
            assessment.full_clean(validate_constraints=False)
            _save(assessment, by, gettext_noop("opened"))
            for criterion in criteria:
                finding = AssessmentFinding(
                    assessment=assessment, criterion=criterion, key=criterion.key,
                    wording=criterion.wording, help=criterion.help, order=criterion.order)
                _save(finding, by, gettext_noop("opened"))
            _notify(assessment, by, gettext_lazy("opened"))
    except IntegrityError as exc:  # a concurrent open won the race (unique constraint)
        raise ValidationError(
            _("An assessment of %(organisation)s is already under way.")
            % {"organisation": organisation}) from exc
    return assessment


@transaction.atomic
def update_findings(assessment, by, rows: dict[int, dict]) -> Assessment:
    """Record findings while the assessment is a draft. ``rows`` maps a finding pk to a dict
    with any of ``findings``, ``sources`` (text) and ``rating`` (a ``Rating`` value or "")."""
    _require(by, assessment.municipality, ASSESSMENTS)
    assessment = _locked(assessment)
    _require_status(assessment, AssessmentStatus.DRAFT, action=_("edited"))
    findings = {f.pk: f for f in assessment.findings.all()}
    for pk, values in rows.items():
        finding = findings.get(pk)
        if finding is None:
            raise ValidationError(_("That criterion is not part of this assessment."))
        changed = False
        for field in ("findings", "sources", "rating"):
            if field in values and getattr(finding, field) != values[field]:
                setattr(finding, field, values[field])
                changed = True
        if finding.rating and finding.rating not in Rating.values:
            raise ValidationError(_("Choose a rating from the list."))
        if changed:
            _save(finding, by, gettext_noop("findings edited"))
    return assessment


@transaction.atomic
def record_informed(assessment, by, *, what: str, on: date, how: str, notes: str = ""):
    """Record when and how the organisation was informed (transparency, 001; 000 lesson 5.4).

    ``what`` is ``"procedure"`` (the procedure and the criteria; before the assessment goes to
    review) or ``"outcome"`` (after the decision, also when negative). ``on`` may not be in the
    future. Not a state change: no e-mail.
    """
    _require(by, assessment.municipality, ASSESSMENTS)
    assessment = _locked(assessment)
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if what == "procedure":
        _require_status(assessment, AssessmentStatus.DRAFT, action=_("changed"))
        assessment.procedure_informed_on = on
        assessment.procedure_informed_how = how
        assessment.procedure_informed_notes = notes
    elif what == "outcome":
        if assessment.decided_at is None:
            raise ValidationError(_("There is no outcome yet to inform the organisation of."))
        if on < assessment.decided_at.date():
            raise ValidationError({"on": _("The organisation cannot be informed of the outcome "
                                           "before the decision.")})
        assessment.outcome_informed_on = on
        assessment.outcome_informed_how = how
        assessment.outcome_informed_notes = notes
    else:
        raise ValueError(f"what must be 'procedure' or 'outcome', not {what!r}")
    _save(assessment, by, gettext_noop("informed of the procedure") if what == "procedure"
          else gettext_noop("informed of the outcome"))  # whole msgids: translated when shown
    return assessment


def missing_for_review(assessment) -> list[str]:
    """What stops ``assessment`` from going to review, as sentences for the user (empty when
    ready): the organisation informed of the procedure; every criterion rated with findings."""
    missing = []
    if assessment.procedure_informed_on is None:
        missing.append(_(
            "Record when and how the organisation was informed of the procedure and the "
            "criteria (be transparent about what the procedure entails and why)."))
    incomplete = [f.wording for f in assessment.findings.all() if not f.is_complete]
    if incomplete:
        missing.append(_("Give findings and a rating for: %(criteria)s.")
                       % {"criteria": "; ".join(incomplete)})
    return missing


@transaction.atomic
def submit_for_review(assessment, by) -> Assessment:
    """draft -> in_review. Errors: ``ValidationError`` listing :func:`missing_for_review`."""
    _require(by, assessment.municipality, ASSESSMENTS)
    assessment = _locked(assessment)
    _require_status(assessment, AssessmentStatus.DRAFT, action=_("submitted for review"))
    missing = missing_for_review(assessment)
    if missing:
        raise ValidationError(missing)
    assessment.status = AssessmentStatus.IN_REVIEW
    assessment.submitted_by, assessment.submitted_at = by, timezone.now()
    _save(assessment, by, gettext_noop("submitted for review"))
    _notify(assessment, by, gettext_lazy("submitted for review; a second assessor decides"))
    return assessment


@transaction.atomic
def return_to_draft(assessment, by) -> Assessment:
    """in_review -> draft, so that the findings can be completed."""
    _require(by, assessment.municipality, ASSESSMENTS)
    assessment = _locked(assessment)
    _require_status(assessment, AssessmentStatus.IN_REVIEW, action=_("sent back to draft"))
    assessment.status = AssessmentStatus.DRAFT
    assessment.submitted_by, assessment.submitted_at = None, None
    _save(assessment, by, gettext_noop("returned to draft"))
    _notify(assessment, by, gettext_lazy("sent back to draft"))
    return assessment


def can_decide(assessment, user) -> bool:
    """Four-eyes: whoever prepared or submitted the assessment cannot decide it."""
    return user.pk not in (assessment.prepared_by_id, assessment.submitted_by_id)


@transaction.atomic
def decide(assessment, by, *, outcome: str, reasons: str, conditions: str = "",
           review_on: date | None = None) -> Assessment:
    """in_review -> decided, by a second assessor or municipal admin (four-eyes).

    ``reasons`` is required; ``conditions`` is required for cleared with conditions and only
    allowed then; ``review_on`` is required for a clearance, after today and at most
    ``MAX_VALIDITY_DAYS`` ahead (for not cleared it is optional: when a new assessment may be
    considered). A negative decision supersedes an earlier clearance at once. Partners who are
    not cleared still take part in dialogue (001).
    """
    _require(by, assessment.municipality, ASSESSMENTS)
    assessment = _locked(assessment)
    _require_status(assessment, AssessmentStatus.IN_REVIEW, action=_("decided"))
    if not can_decide(assessment, by):
        raise ValidationError(_(
            "Four-eyes: the person who prepared or submitted this assessment cannot decide it. "
            "Ask another assessor or the municipal admin."))
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose an outcome.")
    if not reasons.strip():
        errors["reasons"] = _("Give the reasons for the decision: the organisation is told "
                              "the outcome, also when it is negative.")
    if outcome == Outcome.CLEARED_WITH_CONDITIONS and not conditions.strip():
        errors["conditions"] = _("State the conditions.")
    if outcome != Outcome.CLEARED_WITH_CONDITIONS and conditions.strip():
        errors["conditions"] = _("Conditions go with \"cleared with conditions\" only.")
    today = timezone.localdate()
    if outcome in CLEARED_OUTCOMES and review_on is None:
        errors["review_on"] = _("A clearance needs a review date.")
    elif review_on is not None and review_on <= today:
        errors["review_on"] = _("The review date must be in the future.")
    elif review_on is not None and review_on > today + timedelta(days=MAX_VALIDITY_DAYS):
        errors["review_on"] = _("Review a clearance at least every three years.")
    if errors:
        raise ValidationError(errors)
    assessment.outcome, assessment.reasons, assessment.conditions = outcome, reasons, conditions
    assessment.review_on = review_on
    assessment.status = AssessmentStatus.DECIDED
    assessment.decided_by, assessment.decided_at = by, timezone.now()
    _save(assessment, by, gettext_noop("decided"))  # the outcome is in the change itself
    _notify(assessment, by, gettext_lazy("decided"), coordinators=True)
    flag_organisation(assessment.organisation, by=by)
    return assessment


@transaction.atomic
def withdraw(assessment, by, *, reason: str) -> Assessment:
    """draft / in_review / decided -> withdrawn. Withdrawing a decided clearance ends it at
    once: if the organisation is at collaboration, partnership or funded, it is flagged and
    its coordinators are told (its level is not lowered)."""
    _require(by, assessment.municipality, ASSESSMENTS)
    assessment = _locked(assessment)
    _require_status(assessment, AssessmentStatus.DRAFT, AssessmentStatus.IN_REVIEW,
                    AssessmentStatus.DECIDED, action=_("withdrawn"))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the assessment is withdrawn.")})
    was_decided = assessment.status == AssessmentStatus.DECIDED
    assessment.status = AssessmentStatus.WITHDRAWN
    assessment.withdrawn_by, assessment.withdrawn_at = by, timezone.now()
    assessment.withdrawal_reason = reason
    _save(assessment, by, gettext_noop("withdrawn"))
    _notify(assessment, by, gettext_lazy("withdrawn"), coordinators=was_decided)
    flag_organisation(assessment.organisation, by=by)
    return assessment


@transaction.atomic
def expire(assessment, today: date | None = None) -> Assessment:
    """decided -> expired, once the review date has passed (``review_on < today``); done by
    the periodic task ``vetting.tasks.expire_assessments``. Flags the organisation."""
    today = today or timezone.localdate()
    assessment = _locked(assessment)
    _require_status(assessment, AssessmentStatus.DECIDED, action=_("expired"))
    if assessment.review_on is None or assessment.review_on >= today:
        raise ValidationError(_("The review date of this assessment has not passed."))
    assessment.status = AssessmentStatus.EXPIRED
    assessment.expired_at = timezone.now()
    _save(assessment, None, gettext_noop("expired"))
    _notify(assessment, None, gettext_lazy("reached its review date"))
    flag_organisation(assessment.organisation, today=today)
    return assessment


def expire_due_assessments(today: date | None = None) -> dict[str, int]:
    """Expire every decided assessment whose review date passed, then flag (and tell once)
    every organisation out of compliance and resolve the alerts of those back in compliance.
    Idempotent. Returns counts: ``expired``, ``flagged`` (newly), ``resolved``."""
    today = today or timezone.localdate()
    open_alerts = ComplianceAlert.objects.filter(resolved_at__isnull=True)
    before = set(open_alerts.values_list("organisation_id", flat=True))
    expired = 0
    for pk in Assessment.objects.due_to_expire(today).values_list("pk", flat=True):
        try:
            expire(Assessment(pk=pk), today=today)
            expired += 1
        except ValidationError:  # changed meanwhile
            continue
    resolved = flag_out_of_compliance(today=today)[1]
    flagged = len(set(open_alerts.values_list("organisation_id", flat=True)) - before)
    return {"expired": expired, "flagged": flagged, "resolved": resolved}


# --------------------------------------------------------------------------- evidence


def _looks_like(ext: str, upload) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if ext == ".pdf":
        return head.startswith(b"%PDF-")
    if ext == ".png":
        return head == b"\x89PNG\r\n\x1a\n"
    if ext in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext in (".docx", ".odt"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if ext == ".docx":
                    return "word/document.xml" in names
                return (
                    "mimetype" in names
                    and archive.read("mimetype").strip() == EVIDENCE_TYPES[".odt"].encode()
                )
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
    if ext == ".txt":
        sample = upload.read(64 * 1024)
        upload.seek(0)
        return b"\x00" not in sample
    return False


def validate_evidence_file(upload) -> tuple[str, str]:
    """Check an uploaded file: an allowed type (PDF, PNG, JPG, DOCX, ODT, TXT) whose content
    matches its extension, not empty, at most ``LINCHPIN_EVIDENCE_MAX_BYTES`` (10 MB).
    Returns (extension, content type); raises ``ValidationError``."""
    name = upload.name or ""
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in EVIDENCE_TYPES:
        raise ValidationError(_("Attach a PDF, PNG, JPG, DOCX, ODT or TXT file."))
    limit = evidence_max_bytes()
    if upload.size > limit:
        raise ValidationError(_("The file is larger than %(mb)s MB.")
                              % {"mb": limit // (1024 * 1024)})
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    if not _looks_like(ext, upload):
        raise ValidationError(_("The file's content does not match its type (%(ext)s).")
                              % {"ext": ext})
    return ext, EVIDENCE_TYPES[ext]


@transaction.atomic
def add_evidence(assessment, by, upload, description: str = "") -> EvidenceFile:
    """Attach ``upload`` (a Django ``UploadedFile``) to a draft assessment."""
    _require(by, assessment.municipality, ASSESSMENTS)
    assessment = _locked(assessment)
    _require_status(assessment, AssessmentStatus.DRAFT, action=_("given new evidence"))
    content_type = validate_evidence_file(upload)[1]
    original = upload.name.replace("\\", "/").rsplit("/", 1)[-1][:200]
    evidence = EvidenceFile(
        assessment=assessment, original_name=original, content_type=content_type,
        size=upload.size, description=description, uploaded_by=by)
    evidence.file.save(original, upload, save=False)
    try:
        _save(evidence, by, gettext_noop("evidence added"))
    except Exception:
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


@transaction.atomic
def remove_evidence(evidence, by):
    """Remove an evidence file of a draft assessment (the file is deleted after commit; the
    history keeps that it existed)."""
    assessment = evidence.assessment
    _require(by, assessment.municipality, ASSESSMENTS)
    _require_status(_locked(assessment), AssessmentStatus.DRAFT, action=_("changed"))
    storage, name = evidence.file.storage, evidence.file.name
    evidence._history_user = by
    evidence._change_reason = gettext_noop("evidence removed")
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name), robust=True)


# --------------------------------------------------------------------------- memorandum


MEMORANDUM_FIELDS = ("parties", "purpose", "benefits", "municipality_commitments",
                     "organisation_commitments", "starts_on", "review_on", "signed_on")


@transaction.atomic
def conclude_memorandum(organisation, by, **fields) -> Memorandum:
    """The memorandum of understanding that concludes a clearance (001, Finland). Needs a
    current clearance of ``organisation``. ``fields``: see ``MEMORANDUM_FIELDS``."""
    _require(by, organisation.municipality, MEMORANDA)
    clearance = current_clearance(organisation)
    if clearance is None:
        raise ValidationError(_(
            "A memorandum of understanding concludes a clearance: %(organisation)s has no "
            "current cleared assessment.") % {"organisation": organisation})
    memorandum = Memorandum(
        municipality=organisation.municipality, organisation=organisation, assessment=clearance,
        created_by=by, **{k: v for k, v in fields.items() if k in MEMORANDUM_FIELDS})
    memorandum.full_clean()
    _save(memorandum, by, gettext_noop("memorandum concluded"))
    return memorandum


@transaction.atomic
def update_memorandum(memorandum, by, **fields) -> Memorandum:
    _require(by, memorandum.municipality, MEMORANDA)
    for key, value in fields.items():
        if key in MEMORANDUM_FIELDS:
            setattr(memorandum, key, value)
    memorandum.full_clean()
    _save(memorandum, by, gettext_noop("memorandum changed"))
    return memorandum


# --------------------------------------------------------------------------- the gate


def latest_decision(organisation) -> Assessment | None:
    """The organisation's most recently decided assessment (whatever became of it since)."""
    return (organisation.assessments.filter(decided_at__isnull=False)
            .order_by("-decided_at", "-pk").first())


def current_clearance(organisation, today: date | None = None) -> Assessment | None:
    """The assessment that clears ``organisation`` today, or None: its latest decision, if
    that is a clearance (with or without conditions), still decided (not withdrawn or expired)
    and whose review date has not passed. A later negative decision supersedes a clearance."""
    if organisation.pk is None:
        return None
    latest = latest_decision(organisation)
    if latest is not None and latest.is_current_clearance(today):
        return latest
    return None


def needs_clearance(organisation) -> bool:
    return (organisation.engagement_level in GATED_LEVELS
            or bool(organisation.receives_municipal_funding))


def clearance_gap(organisation, today: date | None = None) -> str:
    """Why ``organisation`` has no current clearance, in a sentence saying what is missing
    ("" when it has one)."""
    if current_clearance(organisation, today) is not None:
        return ""
    today = today or timezone.localdate()
    latest = latest_decision(organisation) if organisation.pk else None
    if latest is None:
        gap = _("It has not been assessed yet: an assessor can open an assessment once a "
                "contact with the organisation has been logged.")
    elif latest.status == AssessmentStatus.WITHDRAWN:
        gap = _("Its clearance was withdrawn on %(date)s: a new, cleared assessment is needed.") % {
            "date": short_date(latest.withdrawn_at)}
    elif latest.outcome == Outcome.NOT_CLEARED:
        gap = _("Its last assessment (decided on %(date)s) did not clear it: it takes part in "
                "dialogue until a new assessment clears it.") % {
            "date": short_date(latest.decided_at)}
    else:  # expired, or the review date passed before the task ran
        gap = _("Its assessment reached its review date on %(date)s: a new, cleared assessment "
                "is needed.") % {"date": short_date(latest.review_on)}
    if organisation.pk and organisation.assessments.open().exists():
        gap += " " + _("An assessment is under way but not decided yet.")
    return gap


def check_engagement_gate(organisation) -> None:
    """Refuse to *raise* ``organisation`` to collaboration or partnership, or to mark it as
    receiving municipal funding, without a current clearance (002 step 3; 001: "when funding
    is involved, vetting becomes a must").

    Compares with the stored row: lowering the level, and saving an organisation that is
    already out of compliance without raising it, are allowed (the level is never lowered
    silently; see :func:`flag_organisation`). Raises ``ValidationError`` keyed by field,
    with a message that says what is missing. Registered with
    :func:`networks.gates.register_engagement_gate`, so ``Organisation.clean()`` and
    ``Organisation.save()`` call it.
    """
    stored_level, stored_funding = EngagementLevel.DIALOGUE, False
    if organisation.pk is not None:
        row = (Organisation.objects.filter(pk=organisation.pk)
               .values_list("engagement_level", "receives_municipal_funding").first())
        if row is not None:
            stored_level, stored_funding = row
    level = organisation.engagement_level
    raises_level = (level in GATED_LEVELS
                    and LEVEL_RANK.get(level, 0) > LEVEL_RANK.get(stored_level, 0))
    adds_funding = bool(organisation.receives_municipal_funding) and not stored_funding
    if not (raises_level or adds_funding):
        return
    gap = clearance_gap(organisation)
    if not gap:
        return
    errors = {}
    if raises_level:
        errors["engagement_level"] = _(
            "%(level)s needs a current, cleared assessment of %(organisation)s (assessing "
            "partners). %(gap)s") % {
            "level": EngagementLevel(level).label, "organisation": organisation, "gap": gap}
    if adds_funding:
        errors["receives_municipal_funding"] = _(
            "Municipal funding needs a current, cleared assessment of %(organisation)s "
            "(when funding is involved, assessing partners is a must). %(gap)s") % {
            "organisation": organisation, "gap": gap}
    raise ValidationError(errors)


# --------------------------------------------------------------------------- compliance


def flag_organisation(organisation, *, by=None, today: date | None = None):
    """Bring the organisation's compliance alert up to date: open one (and tell its
    coordinators, once) when it needs a clearance and has none; resolve an open one when it
    no longer needs one or has one again. Returns the open alert or None."""
    today = today or timezone.localdate()
    organisation = Organisation.objects.get(pk=organisation.pk)
    open_alert = organisation.compliance_alerts.filter(resolved_at__isnull=True).first()
    compliant = not needs_clearance(organisation) or current_clearance(organisation, today)
    if compliant:
        if open_alert is not None:
            open_alert.resolved_at = timezone.now()
            _save(open_alert, by, gettext_noop("resolved"))
        return None
    if open_alert is None:
        try:
            with transaction.atomic():
                open_alert = ComplianceAlert(
                    municipality=organisation.municipality, organisation=organisation)
                _save(open_alert, by, gettext_noop("raised"))
        except IntegrityError:  # raised concurrently
            open_alert = organisation.compliance_alerts.get(resolved_at__isnull=True)
    if open_alert.notified_at is None:
        _tell_coordinators_out_of_compliance(organisation, today)
        open_alert.notified_at = timezone.now()
        _save(open_alert, by, gettext_noop("coordinators told"))
    return open_alert


def _compliance_words(organisation) -> str:
    """Why the organisation needs a clearance, in the active language."""
    what = []
    if organisation.engagement_level in GATED_LEVELS:
        what.append(_("is at the level %(level)s") % {
            "level": organisation.get_engagement_level_display().lower()})
    if organisation.receives_municipal_funding:
        what.append(_("receives municipal funding"))
    return str(_(" and ")).join(str(w) for w in what)


def _tell_coordinators_out_of_compliance(organisation, today):
    link = _url("networks:organisation_detail", organisation.pk)
    notices = []
    for user, language in _users_with_roles(organisation.municipality, [Role.COORDINATOR]):
        with translation.override(language):
            notices.append(Notice(user, "compliance_alert", {
                "organisation": str(organisation), "what": _compliance_words(organisation),
                "link": link}, language))
    _send_later(notices)


def flag_out_of_compliance(municipality=None, today: date | None = None) -> tuple[int, int]:
    """Run :func:`flag_organisation` for every organisation out of compliance (optionally of
    one municipality) and for every open alert. Returns (newly flagged, resolved)."""
    today = today or timezone.localdate()
    organisations = Organisation.objects.all()
    alerts = ComplianceAlert.objects.filter(resolved_at__isnull=True)
    if municipality is not None:
        organisations = organisations.for_municipality(municipality)
        alerts = alerts.for_municipality(municipality)
    already = set(alerts.values_list("organisation_id", flat=True))
    flagged = resolved = 0
    for org in out_of_compliance(organisations, today):
        with transaction.atomic():
            if flag_organisation(org, today=today) is not None and org.pk not in already:
                flagged += 1
    for org_id in already:
        with transaction.atomic():
            if flag_organisation(Organisation(pk=org_id), today=today) is None:
                resolved += 1
    return flagged, resolved


def is_out_of_compliance(organisation, today: date | None = None) -> bool:
    return needs_clearance(organisation) and current_clearance(organisation, today) is None


# --------------------------------------------------------------------------- status


@dataclass(frozen=True)
class PartnerStatus:
    """What may be shown about an organisation's assessments outside the assessors' pages.

    ``state``: "none", "under_way", "cleared", "cleared_with_conditions", "not_cleared",
    "withdrawn", "stopped" (withdrawn before a decision) or "expired". ``text`` is a neutral
    sentence. Never carries findings, reasons or conditions.
    """

    state: str
    label: str
    text: str
    review_on: date | None = None
    under_way: bool = False
    out_of_compliance: bool = False
    compliance_text: str = ""


def _decision_state(latest: Assessment, today: date) -> str:
    if latest.is_current_clearance(today):
        return latest.outcome
    if latest.status == AssessmentStatus.WITHDRAWN:
        return "withdrawn"
    if latest.status == AssessmentStatus.DECIDED and latest.outcome == Outcome.NOT_CLEARED:
        return "not_cleared"
    return "expired"


def organisation_status(organisation, today: date | None = None) -> PartnerStatus:
    """The state of assessing ``organisation``, for coordinators and the organisation page:
    state, outcome and review date only (no content)."""
    today = today or timezone.localdate()
    latest = latest_decision(organisation)
    under_way = organisation.assessments.open().exists()
    dialogue = _("This organisation takes part in dialogue.")
    if latest is None:
        state = "under_way" if under_way else "none"
    else:
        state = _decision_state(latest, today)
    review_on = latest.review_on if latest is not None else None
    texts = {
        "none": (_("Not assessed"), _("No assessment has been made.")),
        "under_way": (_("Under way"), _("An assessment is under way.")),
        Outcome.CLEARED: (_("Cleared"), _("Cleared until the review date.")),
        Outcome.CLEARED_WITH_CONDITIONS: (
            _("Cleared with conditions"), _("Cleared with conditions until the review date.")),
        "not_cleared": (_("Not cleared"), dialogue),
        "withdrawn": (_("Clearance withdrawn"), dialogue),
        "expired": (_("Review date passed"),
                    _("A new assessment is needed for collaboration, partnership or funding.")),
    }
    label, text = texts[state]
    if state not in ("none", "under_way") and under_way:
        text = f"{text} {_('A new assessment is under way.')}"
    ooc = needs_clearance(organisation) and state not in CLEARED_OUTCOMES
    compliance_text = ""
    if ooc:
        compliance_text = _(
            "Decision needed: this organisation is at %(level)s%(funding)s without a current "
            "clearance. Its level has not been changed: an assessor can open a new assessment, "
            "or the level or funding can be changed.") % {
            "level": organisation.get_engagement_level_display().lower(),
            "funding": _(" with municipal funding") if organisation.receives_municipal_funding
            else ""}
    return PartnerStatus(state=str(state), label=str(label), text=str(text),
                         review_on=review_on if state in CLEARED_OUTCOMES or state == "expired"
                         else None,
                         under_way=under_way, out_of_compliance=ooc,
                         compliance_text=str(compliance_text))


def criteria_wording(assessment: Assessment) -> list[str]:
    """The wording of the criteria ``assessment`` applies, in order: what the organisation
    was told before the review (001 "Vetting procedures": transparency). Only the wording,
    never findings, sources or ratings; the caller has checked the actor may see
    ``assessment``."""
    return list(assessment.findings.order_by("order", "pk").values_list("wording", flat=True))


def portal_status(organisation, today: date | None = None) -> PartnerStatus | None:
    """The plain-language status a portal user of ``organisation`` sees, in the words of
    "assessing partners" (001 "Vetting procedures", Finland; 004 "Terminology and language":
    no security vocabulary on screens a community reads): under way, or concluded with what it
    means for working together; never findings, reasons or conditions. None when the
    organisation was never assessed. ``state`` keeps the internal outcome key."""
    today = today or timezone.localdate()
    latest = latest_decision(organisation)
    if organisation.assessments.open().exists():
        return PartnerStatus(
            state="under_way", label=_("Assessing partners: under way"), under_way=True,
            text=_("The municipality is assessing its partners, as it explained to you. You "
                   "will be told the outcome."))
    if latest is None:
        if organisation.assessments.filter(status=AssessmentStatus.WITHDRAWN).exists():
            return PartnerStatus(
                state="stopped", label=_("Assessing partners: stopped"),
                text=_("The assessment was stopped before an outcome. We continue our "
                       "dialogue."))
        return None
    state = _decision_state(latest, today)
    review = f"{latest.review_on:%d %B %Y}" if latest.review_on else ""
    dialogue = _("We continue our dialogue, and the municipality will tell you when working "
                 "together as partners can be looked at again.")
    words = {
        Outcome.CLEARED: _("We can work together as partners. We will look at this together "
                           "again by %(date)s.") % {"date": review},
        Outcome.CLEARED_WITH_CONDITIONS: _(
            "We work together, with conditions the municipality has shared with you. We will "
            "look at this together again by %(date)s.") % {"date": review},
        "not_cleared": dialogue,
        "withdrawn": dialogue,
        "expired": _("It is time to look again at how we work together: the municipality "
                     "will contact you. We continue our dialogue."),
    }
    return PartnerStatus(
        state=str(state), label=_("Assessing partners: concluded"), text=str(words[state]),
        review_on=latest.review_on if state in CLEARED_OUTCOMES else None)

