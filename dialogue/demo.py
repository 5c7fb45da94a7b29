"""Demo safe spaces and meetings (issue 9 "Demo data"), on top of ``demo.loader.load_demo``
(which calls :func:`load_demo_meetings` by dotted path, after the networks, the assessments,
the action plans and the agreements).

- **Vilvoorde**: the network built in three steps (003 "Practice of Vilvoorde": "Step 1.
  Individual outreach to relevant organisations - Be curious, listen to their needs, share
  information, gain trust"; "Step 2. Creating homogeneous groups" with "a training about
  awareness, signals and context"; "Step 3. Heterogeneous groups"), and the after-chat at the
  mosque's open door ("If there is an open door in the mosque, the local coordinator steps
  by"). The first heterogeneous group is still to come (the network's own commitment to
  organise it is open).
- **Sarcelles**: a dialogue evening between communities, with who came and who did not and
  the communities not at the table, its takeaways sent back and a follow-up turned into a
  commitment; and a round table with young people to come (003, the Sarcelles slides: the
  fight against racism and antisemitism, #CoexistSarcelles).
- **Rotterdam** and **Manchester**: a safe space each, with its rules.

The papers report none of these meetings' outcomes: who came, the takeaways and the follow-up
are invented, for the demo, about the demo's own generic organisations (never SPIOR, the
Safety House, the Hideaway Youth Project or another organisation the papers name). Places are
generic and marked "(demo)". Agendas are built once, on the first load, as the coordinator
would: the open concerns of the invited communities first (``services.propose_agenda``),
then the coordinator's items. Idempotent: records are looked up by a natural key and saved
only when a value differs; dates are relative to the day of loading.
"""

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from coordinator.access import Actor
from coordinator.demo_data import upsert
from coordinator.models import Membership, Municipality, Role
from engagement.models import Commitment
from networks.models import Community, Organisation, Person

from . import services
from .models import (
    AgendaItem,
    Attendance,
    Ground,
    Meeting,
    MeetingFollowUp,
    MeetingKind,
    MeetingOrganisation,
    MeetingPerson,
    Objective,
    PressRule,
    SafeSpace,
)

CHANGE_REASON = "Demo data (load_demo_meetings)"
CAME, AWAY = Attendance.CAME, Attendance.DID_NOT_COME

SAFE_SPACES = {
    "vilvoorde": [
        {"name": "Open door of the mosque association",
         "place": "The mosque association's meeting room, Vilvoorde (demo)",
         "ground": Ground.GESTURE,
         "ground_explanation": "The coordinator steps by when the door is open: meeting here "
                               "is a gesture to the mosque community.",
         "right_people": "The board member who hosts the open door and the local coordinator; "
                         "no uniforms.",
         "notes_taken": False, "press": PressRule.NO_PRESS,
         "sensitive_information": "What is said stays in the room. Only the takeaways agreed "
                                  "at the end are written down.",
         "language": "Dutch and French; the board member translates into Arabic",
         "accessibility": "Ground floor; after Friday prayers or on open door days."},
        {"name": "Youth centre meeting room",
         "place": "Youth centre, Vilvoorde city centre (demo)",
         "ground": Ground.NEUTRAL,
         "ground_explanation": "Public infrastructure is short: the youth service lends its "
                               "room, known to schools, police and families alike.",
         "right_people": "The partners of the network, with the street worker as host.",
         "notes_taken": True, "press": PressRule.AGREED_MESSAGE,
         "sensitive_information": "No names of young people in the notes: individual "
                                  "situations are discussed in case consultations, not here.",
         "language": "Dutch; French where needed",
         "accessibility": "Step-free entrance, ten minutes from the station; meetings end "
                          "before 9 pm."},
    ],
    "sarcelles": [
        {"name": "Neighbourhood community centre hall",
         "place": "Community centre hall in a large housing estate, Sarcelles (demo)",
         "ground": Ground.NEUTRAL,
         "ground_explanation": "Not a place of worship, not the town hall, not the police "
                               "station: every community can come without being seen to take "
                               "sides.",
         "right_people": "A moderator from outside the city known to both sides; one person "
                         "of each association, and residents who come on their own.",
         "notes_taken": False, "press": PressRule.NO_PRESS,
         "sensitive_information": "Chatham House rule: what is said may be used, never who "
                                  "said it. Takeaways are agreed aloud before the end.",
         "language": "French, in plain words; neighbours translate where needed",
         "accessibility": "Step-free; evenings after work; children welcome, with a corner "
                          "for them."},
        {"name": "Library reading room",
         "place": "Public library, Sarcelles (demo)",
         "ground": Ground.NOBODYS_TERRITORY,
         "ground_explanation": "A public library belongs to no community and is not a "
                               "security service.",
         "right_people": "Young people, their coaches and mentors; a youth worker they trust.",
         "notes_taken": True, "press": PressRule.NO_PRESS,
         "sensitive_information": "Notes without names; nothing is posted online without "
                                  "the consent of those concerned.",
         "language": "French",
         "accessibility": "Step-free; Wednesday afternoons, when there is no school."},
    ],
    "rotterdam": [
        {"name": "Neighbourhood community centre, Rotterdam-Zuid",
         "place": "A neighbourhood community centre in Rotterdam-Zuid (demo)",
         "ground": Ground.NEUTRAL,
         "ground_explanation": "Known to the neighbours of the mosques and to the "
                               "congregations alike.",
         "right_people": "Neighbours, congregation volunteers and the neighbourhood officer.",
         "notes_taken": True, "press": PressRule.AGREED_MESSAGE,
         "sensitive_information": "No names in the notes; complaints about a person are "
                                  "taken aside, not discussed in the group.",
         "language": "Dutch; Turkish and Arabic by volunteers",
         "accessibility": "Step-free; near the metro."},
    ],
    "manchester": [
        {"name": "Community hall in Moss Side",
         "place": "A community hall in Moss Side, Manchester (demo)",
         "ground": Ground.NEUTRAL,
         "ground_explanation": "Not associated with the police or social services.",
         "right_people": "Residents, parents and youth workers; a moderator both sides know.",
         "notes_taken": False, "press": PressRule.NO_PRESS,
         "sensitive_information": "Nothing said here goes to the media; the network is "
                                  "briefed before the media, never after.",
         "language": "English, with Arabic spoken where needed",
         "accessibility": "Step-free; early evenings."},
    ],
}

# Each meeting: its municipality, title, kind, day (relative to today), times, safe space,
# objectives, rationale, moderator, invited communities, organisations and people with their
# attendance, absent communities, the coordinator's own agenda items, takeaways (with the day
# and way they were sent back) and follow-ups turned into commitments.
MEETINGS = [
    {"slug": "vilvoorde", "title": "Getting acquainted: the youth service",
     "kind": MeetingKind.ONE_ON_ONE, "day": -150, "times": (time(10), time(11)),
     "space": "Youth centre meeting room",
     "objectives": [Objective.BUILDING_TRUST, Objective.INFORMATION_HUB],
     "rationale": "Step 1 of the network: be curious, listen to their needs, share "
                  "information, gain trust.",
     "organisations": {"Youth service of the city of Vilvoorde": CAME},
     "people": {"Street worker, Youth service of the city of Vilvoorde": CAME},
     "own_items": ["What the youth service sees in the neighbourhoods",
                   "What the city can share, and what it cannot"],
     "takeaways": "The street workers want to know whom to call when they are worried about "
                  "a young person.", "sent": (-148, "In person")},
    {"slug": "vilvoorde", "title": "Getting acquainted: the secondary schools",
     "kind": MeetingKind.ONE_ON_ONE, "day": -140, "times": (time(14), time(15)),
     "space": None, "objectives": [Objective.BUILDING_TRUST],
     "rationale": "Step 1 of the network: individual outreach to the schools.",
     "organisations": {"Secondary schools of Vilvoorde": CAME},
     "people": {"Pupil counsellor, Secondary schools of Vilvoorde": CAME},
     "own_items": ["Introductions", "What the schools need"],
     "takeaways": "Teachers ask for a training on signals before anything else.",
     "sent": (-139, "E-mail")},
    {"slug": "vilvoorde", "title": "Schools together: awareness, signals and context",
     "kind": MeetingKind.TRAINING, "day": -35, "times": (time(13, 30), time(16, 30)),
     "space": "Youth centre meeting room", "objectives": [Objective.AWARENESS],
     "rationale": "Step 2 of the network: a homogeneous group of schools, trained on "
                  "awareness, signals and context.",
     "communities": ["Young people of Vilvoorde"],
     "organisations": {"Secondary schools of Vilvoorde": CAME},
     "people": {"Pupil counsellor, Secondary schools of Vilvoorde": CAME},
     "own_items": ["Awareness, signals and context", "Sharing experiences"],
     "takeaways": "Schools learned they face the same questions; they want to meet youth "
                  "work and the police.", "sent": (-33, "E-mail with the slides")},
    {"slug": "vilvoorde", "title": "After-chat at the mosque's open door",
     "kind": MeetingKind.ONE_ON_ONE, "day": -12, "times": (time(14), time(15)),
     "space": "Open door of the mosque association",
     "objectives": [Objective.BUILDING_TRUST, Objective.DIALOGUE],
     "rationale": "Being present: the informal network grows from the after-chat.",
     "communities": ["Mosque community"],
     "organisations": {"Mosque association of Vilvoorde": CAME},
     "people": {"Board member, Mosque association of Vilvoorde": CAME},
     "own_items": [],
     "takeaways": "Parking on Fridays comes first; the board wants to hear back about it "
                  "before anything else.", "sent": (-11, "In person, at the next open door")},
    {"slug": "vilvoorde", "title": "A plan for warmth and safety: partners together",
     "kind": MeetingKind.HETEROGENEOUS, "day": 9, "times": (time(19), time(21)),
     "space": "Youth centre meeting room",
     "objectives": [Objective.BUILDING_TRUST, Objective.INFORMATION_HUB, Objective.RESILIENCE],
     "rationale": "Step 3 of the network: formal and informal partners get to know each "
                  "other and each other's expertise. \"You're all part of the solution.\"",
     "moderator": "The local coordinator",
     "communities": ["Mosque community", "Young people of Vilvoorde",
                     "Families affected by departures to Syria"],
     "organisations": {name: Attendance.UNKNOWN for name in (
         "Secondary schools of Vilvoorde", "Youth service of the city of Vilvoorde",
         "Public social welfare centre", "Local police", "Mosque association of Vilvoorde",
         "Parents' circle")},
     "own_items": ["Introductions: name, organisation, tasks",
                   "Who can do what in the city", "How we keep in touch"]},
    {"slug": "sarcelles", "title": "Living together in Sarcelles: a dialogue evening",
     "kind": MeetingKind.DIALOGUE_EVENT, "day": -30, "times": (time(18, 30), time(21)),
     "space": "Neighbourhood community centre hall",
     "objectives": [Objective.DIALOGUE, Objective.BUILDING_TRUST],
     "rationale": "Communities of the city meet each other, starting from what worries them "
                  "in their street, not from extremism.",
     "moderator": "A mediator from outside the city, known to both sides (demo)",
     "communities": ["Jewish community", "Assyro-Chaldean community", "Maghreb community",
                     "Young people of Sarcelles"],
     "organisations": {"Synagogue board of the Small Jerusalem quarter": CAME,
                       "Assyro-Chaldean cultural association": CAME,
                       "Neighbourhood mothers' association": CAME,
                       "Local football club": AWAY},
     "people": {"Chair, Assyro-Chaldean cultural association": CAME,
                "Coordinator, Neighbourhood mothers' association": CAME,
                "Youth coach, Local football club": AWAY},
     "absent": ["Sub-Saharan African communities", "Recently arrived refugees"],
     "own_items": ["Welcome: each person, not only their community",
                   "What the city can and cannot do"],
     "takeaways": "Everyday worries came first: lighting on the walk to places of worship, "
                  "an evening homework room, hateful messages after matches. Next time, "
                  "invite the Sub-Saharan associations and the refugees in person, not by "
                  "e-mail.",
     "sent": (-27, "A letter to each association, and in person"),
     "follow_ups": [{"description": "Invite the Sub-Saharan associations in person to the "
                                    "next dialogue evening",
                     "made_to": "The participants of the dialogue evening",
                     "community": "Sub-Saharan African communities", "due": 10}]},
    {"slug": "sarcelles", "title": "#CoexistSarcelles: a round table with young people",
     "kind": MeetingKind.ROUND_TABLE, "day": 14, "times": (time(14), time(16)),
     "space": "Library reading room",
     "objectives": [Objective.RESILIENCE, Objective.DIALOGUE],
     "rationale": "Young players want to make videos for #CoexistSarcelles: hear what they "
                  "want to say, and what they meet online.",
     "communities": ["Young people of Sarcelles"],
     "organisations": {"Local football club": Attendance.UNKNOWN,
                       "Mentoring pilot for young people": Attendance.UNKNOWN},
     "people": {"Youth coach, Local football club": Attendance.UNKNOWN},
     "own_items": ["What you would say in a video", "What we do about hateful messages"]},
]


def load_demo_meetings(today=None) -> dict:
    """Load (or refresh) the demo safe spaces and meetings of every demo municipality that
    exists; skip what is missing. Returns ``{"safe_spaces": n, "meetings": n}``."""
    today = today or timezone.localdate()
    municipalities = {m.slug: m for m in Municipality.objects.filter(
        slug__in=set(SAFE_SPACES) | {row["slug"] for row in MEETINGS})}
    spaces = meetings = 0
    with transaction.atomic():
        for slug, rows in SAFE_SPACES.items():
            municipality = municipalities.get(slug)
            for row in rows if municipality else ():
                _upsert(SafeSpace, {"municipality": municipality, "name": row["name"]},
                        {k: v for k, v in row.items() if k != "name"})
                spaces += 1
        for row in MEETINGS:
            municipality = municipalities.get(row["slug"])
            if municipality is not None and _meeting(municipality, row, today):
                meetings += 1
    return {"safe_spaces": spaces, "meetings": meetings}


def _coordinator(municipality):
    membership = (Membership.objects.select_related("user", "municipality")
                  .filter(municipality=municipality, role=Role.COORDINATOR).order_by("pk").first())
    return membership and Actor(membership.user, membership)


def _named(model, municipality, names) -> dict:
    found = {r.name: r for r in model.objects.filter(municipality=municipality, name__in=names)}
    return found if len(found) == len(set(names)) else None


def _meeting(municipality, row, today):
    actor = _coordinator(municipality)
    organisations = _named(Organisation, municipality, list(row.get("organisations", {})))
    people = _named(Person, municipality, list(row.get("people", {})))
    communities = _named(Community, municipality,
                         [*row.get("communities", ()), *row.get("absent", ())])
    space = (SafeSpace.objects.filter(municipality=municipality, name=row["space"]).first()
             if row["space"] else None)
    if actor is None or None in (organisations, people, communities) or (row["space"] and not space):
        return None
    starts, ends = row["times"]
    sent_day, sent_how = row.get("sent", (None, ""))
    meeting = _upsert(Meeting, {"municipality": municipality, "title": row["title"]}, {
        "kind": row["kind"], "objectives": [str(o) for o in row["objectives"]],
        "rationale": row["rationale"], "held_on": today + timedelta(days=row["day"]),
        "starts_at": starts, "ends_at": ends, "safe_space": space,
        "moderator": row.get("moderator", ""), "organiser": actor.user,
        "takeaways": row.get("takeaways", ""),
        "takeaways_sent_on": None if sent_day is None else today + timedelta(days=sent_day),
        "takeaways_sent_how": sent_how,
    })
    meeting.invited_communities.set([communities[n] for n in row.get("communities", ())])
    meeting.absent_communities.set([communities[n] for n in row.get("absent", ())])
    for name, attendance in row.get("organisations", {}).items():
        _upsert(MeetingOrganisation, {"meeting": meeting, "organisation": organisations[name]},
                {"attendance": attendance})
    for name, attendance in row.get("people", {}).items():
        _upsert(MeetingPerson, {"meeting": meeting, "person": people[name]},
                {"attendance": attendance})
    if not AgendaItem.objects.filter(meeting=meeting).exists():
        # As the coordinator plans it: the community's open concerns first.
        services.apply_proposal(actor, meeting, row.get("own_items", ()))
    for promise in row.get("follow_ups", ()):
        commitment = _upsert(Commitment, {"municipality": municipality,
                                          "description": promise["description"]}, {
            "made_to": promise["made_to"], "community": communities[promise["community"]],
            "owner": actor.user, "due_on": today + timedelta(days=promise["due"]),
        })
        _upsert(MeetingFollowUp, {"commitment": commitment}, {"meeting": meeting})
    return meeting


def _upsert(model, lookup: dict, values: dict):
    return upsert(model, lookup, values, CHANGE_REASON)
