"""Demo data of the community portal (issue 10 "Demo data"), on top of ``demo.loader.load_demo``
(which calls :func:`load_demo_portal` by dotted path, after the meetings and action plans).

Each demo municipality has two community representatives (``<slug>-portal`` and
``<slug>-portal2``, made by the loader). Their organisations get what a representative follows
in the portal: an invitation to the municipality's next meeting (a neighbourhood dialogue
evening is planned where none is) and to its last one, a concern, promises (one late, one
done, which the organisation confirmed), a section of the open action plan opened for comment
(a short draft plan where the municipality has none), and for the second organisation a
correction of its profile waiting for the coordinator.

The papers report none of this: the concerns, promises and corrections are invented for the
demo, in plain words. Idempotent: records are looked up by a natural key and saved only when
a value differs; dates are relative to the day of loading.
"""

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from actionplans import services as plan_services
from actionplans.models import OPEN_STATES, ActionPlanVersion, Element
from coordinator.access import Actor
from coordinator.demo_data import upsert
from coordinator.models import Membership, Municipality, Role
from dialogue.models import Attendance, Meeting, MeetingKind, MeetingOrganisation, SafeSpace
from engagement.models import Commitment, CommitmentStatus, Concern, ConcernState

from .models import CommitmentResponse, CorrectionStatus, ProfileCorrection

CHANGE_REASON = "Demo data (load_demo_portal)"
SLUGS = ("sarcelles", "vilvoorde", "rotterdam", "manchester")

#: What each representative's organisation raised (``main``: ``<slug>-portal``, ``second``:
#: ``<slug>-portal2``). The second one's concern was answered and reported back.
CONCERNS = {
    "main": {"topic": "A room for homework in the evenings",
             "description": "Parents ask where their children can do homework after 6 pm: "
                            "the flats are small and the library closes early."},
    "second": {"topic": "Lighting on the path to the sports hall",
               "description": "Mothers do not let their children walk there after dark.",
               "answer": "The lighting was repaired and two lamps were added in the park.",
               "answered_days_ago": 12, "reported_days_ago": 9,
               "reported_back_how": "At the association's open morning"},
}
#: The promises made to each organisation: (what, due in days, status, closed days ago).
PROMISES = [
    ("Send the takeaways of the dialogue evening in plain words, in two languages", -6,
     CommitmentStatus.OPEN, None),
    ("Ask the youth service for an evening opening of the homework room", 20,
     CommitmentStatus.OPEN, None),
    ("Invite the organisation to the next meeting of partners", -30,
     CommitmentStatus.DELIVERED, 25),
]
NEXT_MEETING = "Neighbourhood dialogue evening"
DRAFT_PLAN = "Local action plan (draft)"
DRAFT_VISION = ("A municipality where every community is heard, young people find their "
                "place and worries are answered before they grow.")


def load_demo_portal(today=None) -> dict:
    """Load (or refresh) what the demo representatives follow in the portal, for every demo
    municipality that exists; skip what is missing. Returns ``{"organisations": n}``."""
    today = today or timezone.localdate()
    done = 0
    with transaction.atomic():
        for municipality in Municipality.objects.filter(slug__in=SLUGS).order_by("slug"):
            coordinator = _coordinator(municipality)
            if coordinator is None:
                continue
            for which in ("main", "second"):
                representative = _representative(municipality, which)
                if representative is not None:
                    _fill(municipality, coordinator, representative, which, today)
                    done += 1
    return {"organisations": done}


def _coordinator(municipality):
    membership = (Membership.objects.select_related("user", "municipality")
                  .filter(municipality=municipality, role=Role.COORDINATOR).order_by("pk").first())
    return membership and Actor(membership.user, membership)


def _representative(municipality, which) -> Membership | None:
    suffix = "portal" if which == "main" else "portal2"
    return (Membership.objects.select_related("organisation", "user")
            .filter(municipality=municipality, user__username=f"{municipality.slug}-{suffix}",
                    role=Role.COMMUNITY_REPRESENTATIVE).first())


def _fill(municipality, coordinator, representative, which, today):
    organisation = representative.organisation
    _meetings(municipality, coordinator, organisation, today)
    _concern(municipality, organisation, CONCERNS[which], today)
    promises = [_promise(municipality, coordinator, organisation, row, today) for row in PROMISES]
    if which == "main":
        done = promises[-1]
        _upsert(CommitmentResponse, {"commitment": done, "organisation": organisation},
                {"municipality": municipality, "delivered": True, "said_by": representative.user,
                 "note": "Yes: we were there, thank you."})
    _opened_section(municipality, coordinator, organisation, today)
    if which == "second" and not ProfileCorrection.objects.filter(
            organisation=organisation).exists():
        ProfileCorrection.objects.create(
            municipality=municipality, organisation=organisation,
            changes={"website": "https://example.org/our-association"},
            previous={"website": organisation.website},
            message="Our new chair is the contact person from this month.",
            proposed_by=representative.user,
            status=CorrectionStatus.PENDING)


def _meetings(municipality, coordinator, organisation, today):
    upcoming = (Meeting.objects.filter(municipality=municipality, held_on__gte=today)
                .order_by("held_on", "pk").first())
    if upcoming is None:
        space = SafeSpace.objects.filter(municipality=municipality).order_by("pk").first()
        upcoming = _upsert(Meeting, {"municipality": municipality, "title": NEXT_MEETING}, {
            "kind": MeetingKind.DIALOGUE_EVENT, "held_on": today + timedelta(days=12),
            "starts_at": time(19), "ends_at": time(21), "safe_space": space,
            "organiser": coordinator.user,
            "rationale": "Neighbours and associations talk about what worries them in the "
                         "neighbourhood, and what the municipality can do."})
    _upsert(MeetingOrganisation, {"meeting": upcoming, "organisation": organisation}, {})
    past = (Meeting.objects.filter(municipality=municipality, held_on__lt=today,
                                   takeaways_sent_on__isnull=False)
            .order_by("-held_on", "-pk").first())
    if past is not None and not MeetingOrganisation.objects.filter(
            meeting=past, organisation=organisation).exists():
        _upsert(MeetingOrganisation, {"meeting": past, "organisation": organisation},
                {"attendance": Attendance.CAME})


def _concern(municipality, organisation, row, today):
    values = {"description": row["description"],
              "raised_on": today - timedelta(days=40 if "answer" in row else 8)}
    if "answer" in row:
        values.update(answer=row["answer"],
                      answered_on=today - timedelta(days=row["answered_days_ago"]),
                      reported_back_on=today - timedelta(days=row["reported_days_ago"]),
                      reported_back_how=row["reported_back_how"],
                      state=ConcernState.REPORTED_BACK)
    _upsert(Concern, {"municipality": municipality, "topic": row["topic"],
                      "raised_by_organisation": organisation}, values)


def _promise(municipality, coordinator, organisation, row, today):
    description, due, status, closed = row
    return _upsert(Commitment, {"municipality": municipality, "organisation": organisation,
                                "description": description}, {
        "made_to": organisation.name, "owner": coordinator.user,
        "due_on": today + timedelta(days=due), "status": status,
        "closed_on": None if closed is None else today - timedelta(days=closed)})


def _opened_section(municipality, coordinator, organisation, today):
    version = (ActionPlanVersion.objects.filter(municipality=municipality,
                                                state__in=OPEN_STATES)
               .order_by("-pk").first())
    if version is None:
        _plan, version = plan_services.create_plan(municipality, DRAFT_PLAN,
                                                   by=coordinator.user)
        version.vision = DRAFT_VISION
        version._change_reason = CHANGE_REASON
        version.save()
    plan_services.open_sections(version, [Element.STRATEGY_AND_GOALS], [organisation],
                                by=coordinator.user)


def _upsert(model, lookup: dict, values: dict):
    return upsert(model, lookup, values, CHANGE_REASON)
