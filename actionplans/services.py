"""Domain rules of the local action plan (004): versioning, completeness, comparison,
co-creation and export requests. Views call these; they never change state themselves.

Errors: state changes that are not allowed raise ``TransitionError`` (a ``ValidationError``,
shown to the user); a user acting outside their role raises ``PermissionDenied``; changing a
frozen version raises ``models.FrozenVersionError``.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coordinator.access import PARTNERS, Action, Actor, actor_for, can, require_user
from coordinator.models import Membership
from networks.models import Network, Organisation

from .models import (
    CONTENT_FIELDS,
    CORE_TERMS,
    ELEMENT_FIELDS,
    ELEMENT_ITEMS,
    ITEM_MODELS,
    ActionPlan,
    ActionPlanVersion,
    AnalysisFactor,
    AnalysisSource,
    Definition,
    Element,
    FactorKind,
    Goal,
    IndicatorKind,
    Intervention,
    KeyOrganisation,
    PartnerRole,
    PlanExport,
    PoliticalSponsor,
    ProtectionAim,
    ResourceCommitment,
    SectionComment,
    SectionOpening,
    SharedInformation,
    SharedSubGoal,
    VersionState,
    format_number,
)

#: Who drafts and edits plans (coordinators and municipal admins).
VERSION = "actionplans.actionplanversion"


class TransitionError(ValidationError):
    """A state change that the plan's state does not allow."""


def membership_of(user, municipality) -> Membership | None:
    """The user's membership of ``municipality`` (None for anonymous users and outsiders)."""
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, municipality=municipality).select_related(
        "organisation").first()


# Versions --------------------------------------------------------------------------------

@transaction.atomic
def create_plan(municipality, title: str, by=None,
                language: str = "") -> tuple[ActionPlan, ActionPlanVersion]:
    """A new plan with an empty draft version 1, written in ``language`` (default: the
    municipality's default language). Raises ``ValidationError`` on ``title`` when the
    municipality has a plan of that title (also one created at the same moment, after the
    form checked: a second click)."""
    try:
        # A savepoint: the unique constraint decides the race, and the caller's transaction
        # stays usable.
        with transaction.atomic():
            plan = ActionPlan.objects.create(municipality=municipality, title=title,
                                             created_by=by, language=language)
    except IntegrityError as error:
        raise ValidationError({"title": _("A plan with this title exists already.")}) from error
    version = ActionPlanVersion.objects.create(
        plan=plan, municipality=municipality, number=1, created_by=by
    )
    return plan, version


@transaction.atomic
def new_draft_from(version: ActionPlanVersion, by=None) -> ActionPlanVersion:
    """Start editing a frozen version: a new draft numbered after the plan's last version,
    ``based_on`` it, with a deep copy of every element (items keep their ``key``; links
    between items, e.g. an intervention's goal, point into the copy; links to the network
    stay). Raises ``TransitionError`` if the version is not frozen or the plan already has an
    open version (finish that one first)."""
    plan = ActionPlan.objects.select_for_update().get(pk=version.plan_id)
    if not version.is_frozen:
        raise TransitionError(_("Only an approved or superseded version is copied to a new "
                                "draft; this one can be edited as it is."))
    if plan.versions.filter(state__in=[VersionState.DRAFT, VersionState.IN_CONSULTATION]).exists():
        raise TransitionError(_("This plan already has a version in preparation."))
    last = plan.versions.aggregate(n=models.Max("number"))["n"] or 0
    draft = ActionPlanVersion(
        plan=plan, municipality_id=plan.municipality_id, number=last + 1, based_on=version,
        created_by=by,
    )
    for name in CONTENT_FIELDS:
        field = ActionPlanVersion._meta.get_field(name)
        setattr(draft, field.attname, getattr(version, field.attname))
    draft.save()
    copy_items(version, draft)
    return draft


def copy_items(source: ActionPlanVersion, target: ActionPlanVersion) -> None:
    """Deep-copy every item of ``source`` into ``target`` (see ``new_draft_from``)."""
    copies: dict[tuple[type, int], int] = {}
    for model in ITEM_MODELS:
        item_fks = [
            f for f in model._meta.concrete_fields
            if f.is_relation and f.related_model in ITEM_MODELS
        ]
        m2m = [f.name for f in model._meta.many_to_many]
        queryset = model.objects.filter(version=source).order_by("pk")
        if m2m:
            queryset = queryset.prefetch_related(*m2m)
        for item in queryset:
            old_pk = item.pk
            related = {name: list(getattr(item, name).all()) for name in m2m}
            item.pk = None
            item._state.adding = True
            item.version = target
            for fk in item_fks:
                old = getattr(item, fk.attname)
                if old is not None:
                    setattr(item, fk.attname, copies[(fk.related_model, old)])
            item.save()
            copies[(model, old_pk)] = item.pk
            for name, values in related.items():
                getattr(item, name).set(values)


def _lock(version: ActionPlanVersion) -> ActionPlanVersion:
    ActionPlan.objects.select_for_update().filter(pk=version.plan_id).first()
    version.refresh_from_db()
    return version


@transaction.atomic
def send_to_consultation(version: ActionPlanVersion, by) -> ActionPlanVersion:
    """Draft -> in consultation (co-creation with the partners, 004 "Co-create")."""
    require_user(by, version.municipality_id, Action.CHANGE, VERSION)
    version = _lock(version)
    if version.state != VersionState.DRAFT:
        raise TransitionError(_("Only a draft can be sent to consultation."))
    version.state = VersionState.IN_CONSULTATION
    version.sent_to_consultation_at = timezone.now()
    version.save()
    return version


@transaction.atomic
def return_to_draft(version: ActionPlanVersion, by) -> ActionPlanVersion:
    """In consultation -> draft."""
    require_user(by, version.municipality_id, Action.CHANGE, VERSION)
    version = _lock(version)
    if version.state != VersionState.IN_CONSULTATION:
        raise TransitionError(_("Only a version in consultation can go back to draft."))
    version.state = VersionState.DRAFT
    version.save()
    return version


@transaction.atomic
def approve(version: ActionPlanVersion, by, council_decision_reference: str,
            approved_at=None) -> ActionPlanVersion:
    """In consultation -> approved, recording by whom, when and the council decision; the
    plan's previously approved version becomes superseded (one plan in force at a time).

    Raises ``PermissionDenied`` unless ``by`` is a municipal admin of the municipality, and
    ``TransitionError`` if the version is not in consultation, the reference is empty, or
    the plan is incomplete (004: "at the very least" the seven elements)."""
    require_user(by, version.municipality_id, Action.APPROVE, VERSION)
    version = _lock(version)
    reference = (council_decision_reference or "").strip()
    if version.state != VersionState.IN_CONSULTATION:
        raise TransitionError(_("Only a version in consultation can be approved."))
    if not reference:
        raise TransitionError(_("Give the reference of the council decision."))
    if not is_complete(check_completeness(version)):
        raise TransitionError(_("The plan is not complete yet; see what is missing."))
    now = timezone.now()
    for previous in version.plan.versions.filter(state=VersionState.APPROVED):
        previous.state = VersionState.SUPERSEDED
        previous.superseded_at = now
        previous.save()
    version.state = VersionState.APPROVED
    version.approved_by = by
    version.approved_at = approved_at or now
    version.council_decision_reference = reference
    version.save()
    return version


# Completeness ----------------------------------------------------------------------------

def check_completeness(version: ActionPlanVersion) -> list[dict]:
    """Element by element, what is missing and what deserves a second look.

    Returns seven dicts, in element order::

        {"element": 1, "title": "Regional analysis", "complete": bool,
         "missing": [str, ...], "warnings": [str, ...]}

    ``missing`` blocks approval (004: a plan encompasses "at the very least" the seven
    elements); ``warnings`` do not: goals with no intervention, interventions with no
    indicator, and interventions measured by output alone (000 lesson 5.3).
    """
    v = version
    counts = _item_counts(v)
    results = []

    def result(element, missing, warnings=()):
        results.append({
            "element": int(element), "title": str(Element(element).label),
            "complete": not missing, "missing": list(missing), "warnings": list(warnings),
        })

    # 1. Regional analysis (004 "Local analyses").
    missing = []
    if not v.analysis_extent.strip():
        missing.append(_("Describe the extent of the (potential) problem."))
    if not v.analysis_risks.strip():
        missing.append(_("Describe the risks."))
    for field, label in (("signs_right_wing", _("right-wing")), ("signs_left_wing", _("left-wing")),
                         ("signs_religious", _("religiously inspired"))):
        if not getattr(v, field).strip():
            missing.append(_("Say whether there are signs of %(kind)s extremism (all kinds "
                             "belong in the plan).") % {"kind": label})
    if not v.urgency:
        missing.append(_("Say how urgent it is to act."))
    if not counts["risk_factors"]:
        missing.append(_("List at least one risk factor."))
    if not counts["protective_factors"]:
        missing.append(_("List at least one protective factor."))
    if not counts["sources"]:
        missing.append(_("Name the sources used (civil society, frontline staff, national data)."))
    result(Element.REGIONAL_ANALYSIS, missing)

    # 2. Strategy and goals.
    missing = []
    if not v.vision.strip():
        missing.append(_("Write the vision: why prevention matters here."))
    if not counts["protection_aims"]:
        missing.append(_("Say who should be protected against what."))
    if not counts["goals"]:
        missing.append(_("Set at least one goal, general or specific, with its prevention level."))
    warnings = [
        _("Goal \"%(goal)s\" has no intervention.") % {"goal": goal.description}
        for goal in Goal.objects.filter(version=v).annotate(n=Count("interventions")).filter(n=0)
    ]
    result(Element.STRATEGY_AND_GOALS, missing, warnings)

    # 3. Political support.
    missing = []
    if not counts["sponsors"]:
        missing.append(_("Name the political sponsor (mayor, prefect or council leader)."))
    if not counts["resources"]:
        missing.append(_("State the resources committed."))
    result(Element.POLITICAL_SUPPORT, missing)

    # 4. Definitions.
    terms = {t.strip().lower() for t in Definition.objects.filter(version=v).values_list(
        "term", flat=True)}
    # In English or in the plan's language.
    with translation.override(v.plan.document_language):
        wanted = [(term, _(term).lower()) for term in CORE_TERMS]
    missing = [_("Define \"%(term)s\" (or the local wording used instead).") % {"term": local}
               for term, local in wanted if term not in terms and local not in terms]
    result(Element.DEFINITIONS, missing)

    # 5. Local network: live from the networks app, plus the key organisations.
    organisations = Organisation.objects.for_municipality(v.municipality_id)
    missing = []
    if not organisations.in_network(Network.FORMAL).exists():
        missing.append(_("Record the formal network (schools, police, youth work...) in "
                         "Networks."))
    if not organisations.in_network(Network.INFORMAL).exists():
        missing.append(_("Record the informal network (community organisations, key figures) "
                         "in Networks."))
    if not counts["key_organisations"]:
        missing.append(_("List the key organisations with the reason and aim of cooperation."))
    result(Element.LOCAL_NETWORK, missing)

    # 6. Conditions for multi-agency cooperation.
    missing, warnings = [], []
    if not counts["sub_goals"]:
        missing.append(_("a. Write the sub-goals all partners agree on."))
    if not counts["partner_roles"]:
        missing.append(_("b. Describe each partner's role, mandate and tasks."))
    for role in PartnerRole.objects.filter(version=v).annotate(n=Count("people")).filter(n=0) \
            .select_related("organisation"):
        warnings.append(_("b. No named person for %(partner)s: write down names, not only "
                          "organisations.") % {"partner": role.organisation})
    if not v.coordination_process.strip():
        missing.append(_("c. Describe the process of cooperation."))
    if not v.overall_coordinator.strip():
        missing.append(_("c. Name the one overall coordinator."))
    if not counts["shared_information"]:
        missing.append(_("d. Say which information is shared, by whom and with whom."))
    if not v.sharing_agreements.strip():
        warnings.append(_("d. No information-sharing agreement is named yet."))
    result(Element.MULTI_AGENCY_COOPERATION, missing, warnings)

    # 7. Interventions.
    missing, warnings = [], []
    interventions = list(Intervention.objects.filter(version=v).annotate(
        outputs=Count("indicators", filter=models.Q(indicators__kind=IndicatorKind.OUTPUT)),
        impacts=Count("indicators", filter=models.Q(indicators__kind=IndicatorKind.IMPACT)),
    ))
    if not interventions:
        missing.append(_("Describe at least one intervention."))
    for intervention in interventions:
        if not intervention.outputs and not intervention.impacts:
            warnings.append(_("Intervention \"%(title)s\" has no indicator.")
                            % {"title": intervention.title})
        elif not intervention.impacts:
            warnings.append(_("Intervention \"%(title)s\" counts output only: add an impact "
                              "indicator.") % {"title": intervention.title})
        if not intervention.responsible_id:
            missing.append(_("Name the responsible partner of \"%(title)s\".")
                           % {"title": intervention.title})
    result(Element.INTERVENTIONS, missing, warnings)
    return results


def is_complete(results: list[dict]) -> bool:
    return all(r["complete"] for r in results)


def _item_counts(v) -> dict[str, int]:
    factors = {row["kind"]: row["n"] for row in AnalysisFactor.objects.filter(version=v)
               .order_by().values("kind").annotate(n=Count("pk"))}
    return {
        "risk_factors": factors.get(FactorKind.RISK, 0),
        "protective_factors": factors.get(FactorKind.PROTECTIVE, 0),
        "sources": AnalysisSource.objects.filter(version=v).count(),
        "protection_aims": ProtectionAim.objects.filter(version=v).count(),
        "goals": Goal.objects.filter(version=v).count(),
        "sponsors": PoliticalSponsor.objects.filter(version=v).count(),
        "resources": ResourceCommitment.objects.filter(version=v).count(),
        "key_organisations": KeyOrganisation.objects.filter(version=v).count(),
        "sub_goals": SharedSubGoal.objects.filter(version=v).count(),
        "partner_roles": PartnerRole.objects.filter(version=v).count(),
        "shared_information": SharedInformation.objects.filter(version=v).count(),
    }


# Comparison ------------------------------------------------------------------------------

def _display(obj, name):
    """A comparable, printable value of field ``name`` of ``obj`` (model or version)."""
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(sorted(str(o) for o in getattr(obj, name).all()))
    value = getattr(obj, name)
    if field.choices and value:
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, list):
        return "; ".join(" | ".join(map(str, row)) if isinstance(row, list) else str(row)
                         for row in value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_number(value)
    return str(value)


def compare_versions(older: ActionPlanVersion, newer: ActionPlanVersion) -> list[dict]:
    """What changed from ``older`` to ``newer``, element by element (side by side).

    Returns seven dicts, in element order::

        {"element": 1, "title": str, "has_changes": bool,
         "fields": [{"label": str, "before": str, "after": str}],      # changed answers
         "added": [{"kind": str, "item": str}],
         "removed": [{"kind": str, "item": str}],
         "changed": [{"kind": str, "item": str,
                      "changes": [{"label": str, "before": str, "after": str}]}]}

    Items are matched by their ``key`` (kept when a draft is copied), so an edited item shows
    as changed, not as removed and added. Both versions must belong to the same plan
    (``ValueError`` otherwise).
    """
    if older.plan_id != newer.plan_id:
        raise ValueError("Versions of different plans cannot be compared.")
    results = []
    for element in Element:
        fields = []
        for name in ELEMENT_FIELDS[element]:
            before, after = _display(older, name), _display(newer, name)
            if before != after:
                label = ActionPlanVersion._meta.get_field(name).verbose_name
                fields.append({"label": str(label).capitalize(), "before": before,
                               "after": after})
        added, removed, changed = [], [], []
        for model in ELEMENT_ITEMS[element]:
            kind = str(model._meta.verbose_name).capitalize()
            old = _items_by_key(model, older)
            new = _items_by_key(model, newer)
            for key, item in new.items():
                if key not in old:
                    added.append({"kind": kind, "item": str(item)})
                    continue
                changes = []
                for name in model.compare_fields:
                    before, after = _display(old[key], name), _display(item, name)
                    if before != after:
                        label = model._meta.get_field(name).verbose_name
                        changes.append({"label": str(label).capitalize(), "before": before,
                                        "after": after})
                if changes:
                    changed.append({"kind": kind, "item": str(item), "changes": changes})
            removed += [{"kind": kind, "item": str(item)}
                        for key, item in old.items() if key not in new]
        results.append({
            "element": int(element), "title": str(element.label),
            "has_changes": bool(fields or added or removed or changed),
            "fields": fields, "added": added, "removed": removed, "changed": changed,
        })
    return results


def _items_by_key(model, version):
    queryset = model.objects.filter(version=version).order_by("position", "pk")
    related = [f.name for f in model._meta.concrete_fields
               if f.is_relation and f.name != "version"]
    if related:
        queryset = queryset.select_related(*related)
    if model._meta.many_to_many:
        queryset = queryset.prefetch_related(*[f.name for f in model._meta.many_to_many])
    return {item.key: item for item in queryset}


# Co-creation -----------------------------------------------------------------------------

@transaction.atomic
def open_sections(version: ActionPlanVersion, elements, organisations, by) -> list:
    """Open ``elements`` (numbers 1-7) of an open version to ``organisations`` (of the same
    municipality) for comment; re-opening a closed section reopens it and adds the
    organisations. Coordinators and municipal admins only (``PermissionDenied``)."""
    require_user(by, version.municipality_id, Action.CHANGE, VERSION)
    if not version.is_open:
        raise TransitionError(_("Only a draft or a version in consultation is opened for "
                                "comment."))
    organisations = list(organisations)
    if any(o.municipality_id != version.municipality_id for o in organisations):
        raise PermissionDenied(_("Choose organisations of this municipality."))
    openings = []
    for element in elements:
        opening, _created = SectionOpening.objects.get_or_create(
            version=version, element=Element(int(element)),
            defaults={"opened_by": by, "municipality_id": version.municipality_id},
        )
        if opening.closed_at:
            opening.closed_at = None
            opening.save()
        opening.organisations.add(*organisations)
        openings.append(opening)
    return openings


@transaction.atomic
def close_section(opening: SectionOpening, by) -> SectionOpening:
    require_user(by, opening.municipality_id, Action.CHANGE, VERSION)
    opening.closed_at = timezone.now()
    opening.save()
    return opening


def can_comment(user, version: ActionPlanVersion, element) -> bool:
    """May ``user`` comment on section ``element`` of ``version``?

    - coordinators and municipal admins of the municipality: yes, on any section of an open
      version (they answer the partners);
    - partner professionals and community representatives: only on a section that is open
      for comment to the organisation of their membership;
    - anybody else, and anybody once the version is approved or superseded: no.
    """
    if not version.is_open:
        return False
    membership = membership_of(user, version.municipality_id)
    if membership is None:
        return False
    if can(Actor(user, membership), Action.COMMENT, VERSION):
        return True
    if membership.role not in PARTNERS or not membership.organisation_id:
        return False
    return SectionOpening.objects.filter(
        version=version, element=int(element), closed_at__isnull=True,
        organisations=membership.organisation_id,
    ).exists()


def sections_open_to(user, version: ActionPlanVersion) -> list[int]:
    """The element numbers ``user`` may read and comment on as a partner (for the portal)."""
    membership = membership_of(user, version.municipality_id)
    if membership is None or not version.is_open:
        return []
    if can(Actor(user, membership), Action.COMMENT, VERSION):
        return list(Element.values)
    if membership.role not in PARTNERS or not membership.organisation_id:
        return []
    return sorted(SectionOpening.objects.filter(
        version=version, closed_at__isnull=True, organisations=membership.organisation_id,
    ).values_list("element", flat=True))


def can_resolve(user, version: ActionPlanVersion) -> bool:
    """Only the coordinator side (coordinators, municipal admins) resolves threads."""
    return can(actor_for(user, version.municipality_id), Action.COMMENT, VERSION)


def add_comment(version: ActionPlanVersion, element, author, body: str,
                parent: SectionComment | None = None) -> SectionComment:
    """A comment on a section, or a reply in a thread (replies attach to the thread's first
    comment). Raises ``PermissionDenied`` if ``can_comment`` says no, ``ValidationError`` on
    an empty body or a parent of another section."""
    if not can_comment(author, version, element):
        raise PermissionDenied(_("This section is not open to you for comment."))
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a comment."))
    if parent is not None:
        parent = parent.parent or parent
        if parent.version_id != version.pk or parent.element != int(element):
            raise ValidationError(_("Reply within the same section."))
    membership = membership_of(author, version.municipality_id)
    return SectionComment.objects.create(
        version=version, municipality_id=version.municipality_id, element=int(element),
        parent=parent, author=author, body=body,
        organisation=membership.organisation if membership.role in PARTNERS else None,
    )


def resolve_comment(comment: SectionComment, by) -> SectionComment:
    """Resolve the thread ``comment`` belongs to (coordinator side only)."""
    if not can_resolve(by, comment.version):
        raise PermissionDenied(_("Only the coordinator resolves comments."))
    root = comment.parent or comment
    root.resolved_at = timezone.now()
    root.resolved_by = by
    root.save()
    return root


def threads(version: ActionPlanVersion, element=None) -> list[SectionComment]:
    """First comments of each thread with their replies prefetched (``replies_list``)."""
    queryset = SectionComment.objects.filter(version=version, parent__isnull=True)
    if element is not None:
        queryset = queryset.filter(element=int(element))
    return list(queryset.select_related("author", "organisation", "resolved_by").prefetch_related(
        Prefetch("replies", queryset=SectionComment.objects.select_related(
            "author", "organisation"), to_attr="replies_list")))


# Export ----------------------------------------------------------------------------------

def can_export(user, municipality) -> bool:
    municipality_id = getattr(municipality, "pk", municipality)
    return can(actor_for(user, municipality_id), Action.EXPORT, VERSION)


def request_export(version: ActionPlanVersion, by) -> PlanExport:
    """Queue a PDF of ``version``: a ``PlanExport`` (pending) and, once the transaction
    commits, the Celery task ``render_plan_pdf``. Coordinators and municipal admins only."""
    if not can_export(by, version.municipality_id):
        raise PermissionDenied(_("Your role does not allow exporting the plan."))
    from .tasks import render_plan_pdf

    export = PlanExport.objects.create(
        version=version, municipality_id=version.municipality_id, requested_by=by
    )
    transaction.on_commit(lambda: render_plan_pdf.delay(export.pk))
    return export
