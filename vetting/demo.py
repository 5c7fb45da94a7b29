"""Demo assessments in several states, on top of ``demo.loader.load_demo`` (call
:func:`load_demo_assessments` after it, in the same transaction).

Everything goes through ``vetting.services`` (history, four-eyes: ``<slug>-assessor`` prepares,
``<slug>-admin`` decides), with e-mails off. Idempotent: an organisation that already has an
assessment is left alone. Manchester's "Hideaway Youth Project" is kept unassessed on purpose:
the browser test assesses it. The only shortcut is for the expired example, whose decision and
review date are moved into the past with a queryset update (demo data only).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from coordinator.models import Municipality
from networks.models import EngagementLevel, Organisation

from . import services
from .models import Assessment, Outcome, Rating

#: (municipality slug, organisation, what to do). Kinds: draft, in_review, cleared,
#: cleared_with_conditions, not_cleared, withdrawn, expired.
PLAN = [
    ("manchester", "Libyan community civic team", "cleared_with_conditions"),
    ("manchester", "Libyan community media team", "in_review"),
    ("sarcelles", "Neighbourhood mothers' association", "cleared"),
    ("sarcelles", "Local football club", "not_cleared"),
    ("sarcelles", "Mentoring pilot for young people", "draft"),
    ("vilvoorde", "Mosque association of Vilvoorde", "expired"),
    ("vilvoorde", "Parents' circle", "withdrawn"),
    ("rotterdam", "SPIOR", "cleared"),
    ("rotterdam", "Women's organisation (SPIOR member)", "in_review"),
]

#: What a cleared organisation becomes (through the gate, after the decision).
RAISE_TO = {
    "cleared": (EngagementLevel.PARTNERSHIP, True),
    "cleared_with_conditions": (EngagementLevel.COLLABORATION, False),
    "expired": (EngagementLevel.COLLABORATION, False),
}


def load_demo_assessments(today=None) -> dict[str, int]:
    """Create the demo assessments of ``PLAN`` whose municipality, organisation (with a
    logged interaction) and demo users exist. Returns ``{kind: number created}``."""
    today = today or timezone.localdate()
    users = get_user_model().objects
    created: dict[str, int] = {}
    with services.notifications_off(), transaction.atomic():
        for slug, name, kind in PLAN:
            municipality = Municipality.objects.filter(slug=slug).first()
            organisation = Organisation.objects.filter(
                municipality=municipality, name=name).first() if municipality else None
            preparer = users.filter(username=f"{slug}-assessor").first()
            decider = users.filter(username=f"{slug}-admin").first()
            if not (organisation and preparer and decider):
                continue
            if organisation.assessments.exists() or not organisation.interactions.exists():
                continue
            _make(organisation, kind, preparer, decider, today)
            created[kind] = created.get(kind, 0) + 1
    return created


def _make(organisation, kind, preparer, decider, today):
    level, funding = RAISE_TO.get(kind, (EngagementLevel.COLLABORATION, False))
    assessment = services.open_assessment(
        organisation, preparer, level_envisaged=level, funding_envisaged=funding,
        purpose="Work together on the local approach, as discussed in our meetings.")
    if kind == "withdrawn":
        services.withdraw(assessment, preparer,
                          reason="The organisation preferred to stay in dialogue for now.")
        return
    doubtful = {"funding"} if kind == "not_cleared" else set()
    services.update_findings(assessment, preparer, {
        finding.pk: {
            "findings": (
                "The information could not be verified; the organisation was asked for it."
                if finding.key in doubtful else
                f"Looked into: {finding.wording.lower()}. Nothing of concern found."),
            "sources": "Website and annual report; references cross-checked with two "
                       "partners.",
            "rating": Rating.NOT_ASSESSABLE if finding.key in doubtful else Rating.MEETS,
        }
        for finding in assessment.findings.all()
    })
    services.record_informed(
        assessment, preparer, what="procedure", on=today, how="meeting",
        notes="Explained what the procedure entails, the criteria and why it is needed.")
    if kind == "draft":
        return
    services.submit_for_review(assessment, preparer)
    if kind == "in_review":
        return
    outcome = {"not_cleared": Outcome.NOT_CLEARED,
               "cleared_with_conditions": Outcome.CLEARED_WITH_CONDITIONS}.get(
        kind, Outcome.CLEARED)
    services.decide(
        assessment, decider, outcome=outcome,
        reasons=("The sources of funding could not be verified; the organisation continues "
                 "to take part in dialogue." if outcome == Outcome.NOT_CLEARED
                 else "References cross-checked; the organisation subscribes to democratic "
                      "values."),
        conditions=("Sign the municipality's charter for democratic values within three "
                    "months." if outcome == Outcome.CLEARED_WITH_CONDITIONS else ""),
        review_on=None if outcome == Outcome.NOT_CLEARED else today + _review_in(kind),
    )
    services.record_informed(assessment, preparer, what="outcome", on=today, how="meeting")
    if outcome == Outcome.NOT_CLEARED:
        return
    organisation.refresh_from_db()
    organisation.engagement_level, organisation.receives_municipal_funding = level, funding
    organisation._change_reason = "Demo data (load_demo)"
    organisation.save()
    if kind == "expired":
        Assessment.objects.filter(pk=assessment.pk).update(
            decided_at=timezone.now() - timedelta(days=400), review_on=today - timedelta(days=35))
        services.expire(Assessment.objects.get(pk=assessment.pk), today=today)
        return
    services.conclude_memorandum(
        organisation, preparer,
        parties=f"{organisation.municipality.name}\n{organisation.name}",
        purpose="Work together on the local approach to social cohesion and safeguarding.",
        benefits="The organisation gets a room and support for its activities; the "
                 "municipality hears early what moves the community; both share successes.",
        municipality_commitments="A meeting room twice a month; a fixed point of contact.",
        organisation_commitments="Open activities for young people; take part in the network.",
        starts_on=today, review_on=today + _review_in(kind), signed_on=today,
    )


def _review_in(kind) -> timedelta:
    """Conditions are looked at again soon: the review of a clearance with conditions (and of
    its memorandum) falls within the reminders' notice, so the demo inbox shows both kinds."""
    return timedelta(days=21 if kind == "cleared_with_conditions" else 365)
