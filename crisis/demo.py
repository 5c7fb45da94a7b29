"""Demo data of the crisis response (issue 11 "Demo data"), on top of ``demo.loader.load_demo``
(which calls :func:`load_demo_crisis` by dotted path, after the networks and the meetings).

Manchester only: its response to the attack of 22 May 2017, replayed from the papers (001
"Responding to a crisis": three dialogue events "attended by up to 250 people", the Radequal
network, the Libyan community's crisis, media and civic teams, the lessons learned; 002 "Step
5" and "Considerations for communities": "The community then became a suspect community",
"Women had their headscarves pulled off"; 000 the Hideaway Youth Project in Moss Side: raids,
blocked roads, hateful calls and videos, fewer young people at the youth centres), kept at its
real date and closed with its lessons. A second incident (a hate crime after a football match)
is invented and says so in its title: it is open, so that the incident page, the chase of
unanswered check-ins and the portal have something live; the Libyan community civic team (the
``manchester-portal`` representative's organisation) has not answered its check-in yet.

Facts from the papers keep their real names and cite their paper; what the papers do not report
(hours and days, counts per day, levels, exact answers, outlets, team members) says
"(illustrative)" in the record. Team members are roles, never persons; phone numbers are in
Ofcom's range for drama (0161 496 0xxx).

The incidents' steps go through ``crisis.services`` as a coordinator takes them, once, on the
first load (opening, checking in, answers, briefing, release, closing); their times are then
set to the replayed ones. Idempotent: records are looked up by a natural key and saved only
when a value differs, so a second load writes no rows and no history. The open incident's
times follow the day of loading; an answer given by hand is never reset.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from coordinator.access import Actor
from coordinator.demo_data import upsert
from coordinator.models import Membership, Municipality, Role
from dialogue.models import Attendance, Meeting, MeetingKind, MeetingOrganisation, Objective
from engagement.models import Commitment, CommitmentStatus
from networks.models import Community, Organisation

from . import services
from .models import (
    Channel,
    CheckIn,
    CheckInStatus,
    CrisisProtocol,
    CrisisTeam,
    HateIncident,
    ImpactAssessment,
    Incident,
    IncidentKind,
    MediaRequest,
    RecoveryAction,
    Scale,
    Statement,
    TeamKind,
    TeamMember,
    TimelineEntry,
)

CHANGE_REASON = "Demo data (load_demo_crisis)"
SLUG = "manchester"
LONDON = ZoneInfo("Europe/London")
IL = "(illustrative)"

LIBYANS, WOMEN = "Libyan community", "Libyan women and girls"
MOSS_SIDE, YOUNG = "Moss Side residents", "Young people of Moss Side"
PARENTS, FAITH = "Parents in Moss Side", "Faith communities of Manchester"
CRISIS_TEAM, MEDIA_TEAM = "Libyan community crisis team", "Libyan community media team"
CIVIC_TEAM, HIDEAWAY = "Libyan community civic team", "Hideaway Youth Project"
POLICE, COUNCIL = "Greater Manchester Police", "Manchester City Council, community safety"


def _at(month, day, hour, minute=0, year=2017):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


# --------------------------------------------------------------------------- before a crisis

#: (title, kind, reviewed days ago, call order, checks, press contact). The papers ask for
#: "standardised procedures" (001, 002) but do not give Manchester's: the steps are invented.
PROTOCOLS = [
    ("Terrorist attack", IncidentKind.TERRORIST_ATTACK, 75,
     "1. The Counter Terrorism police liaison: what happened, which raids and road closures "
     "are planned.\n"
     "2. The dialogue specialists on call.\n"
     "3. The Libyan community's crisis, media and civic teams, and the key figures of every "
     "community that may be targeted.\n"
     "4. Youth work (the Hideaway Youth Project) and the faith communities.\n"
     "5. The Radequal network. " + IL,
     "Who may be blamed or targeted; rumours; hate incidents day by day; houses damaged in "
     "raids; young people kept at home. " + IL,
     "The council's press office, only after the network was briefed " + IL),
    ("Hate crime", IncidentKind.HATE_CRIME, 20,
     "1. The neighbourhood team of the police.\n2. The organisation of the community "
     "targeted, the same evening.\n3. Neighbouring communities, so that rumours are answered "
     "before they spread. " + IL,
     "Is anyone hurt; was it reported to the police; is a rise starting. " + IL,
     "Community safety manager " + IL),
]

#: Teams: name, kind, organisation (or None), purpose, reviewed days ago, interval, members
#: (name or role, role in the team, phone, e-mail, availability). The conflict-reduction list
#: is overdue for its review, so that the dashboard warns.
TEAMS = [
    ("Dialogue specialists", TeamKind.DIALOGUE, COUNCIL,
     "Specialists who deploy quickly to engage dialogue and re-orient communities so that "
     "they work together on shared problems.", 40, 180,
     [("Dialogue facilitator, on call", "Leads dialogue events", "0161 496 0101", "",
       "Evenings and weekends, on a rota " + IL),
      ("Community cohesion officer", "Books venues, invites the network", "0161 496 0102",
       "cohesion-officer.manchester@example.org", "Office hours " + IL)]),
    ("Conflict-reduction specialists", TeamKind.CONFLICT_REDUCTION, None,
     "Mediators called in when tension between communities rises.", 250, 180,
     [("Mediator, conflict reduction", "Mediates between groups", "0161 496 0111", "",
       "Within two hours, day and night " + IL),
      ("Street mediator", "Present in the streets after an incident", "0161 496 0112", "",
       "Evenings " + IL)]),
    (CRISIS_TEAM, TeamKind.CRISIS, CRISIS_TEAM,
     "\"A crisis team dealing with practical issues, such as damaged houses after police "
     "raids\".", 30, 180,
     [("Coordinator, Libyan community crisis team", "Collects the families' practical needs",
       "0161 496 0121", "", "Any time during a crisis " + IL)]),
    (MEDIA_TEAM, TeamKind.MEDIA, MEDIA_TEAM,
     "\"A media team carrying out damage control on how media portrayed the Libyan "
     "community\".", 30, 180,
     [("Spokesperson, Libyan community media team", "Speaks to the press for the community",
       "", "media-team.manchester@example.org", "Same day " + IL)]),
    (CIVIC_TEAM, TeamKind.CIVIC, CIVIC_TEAM,
     "\"A civic team responsible for meetings with the police, the local council, think "
     "tanks\".", 30, 180,
     [("Member, Libyan community civic team", "Meets the police and the council",
       "0161 496 0002", "", "Evenings " + IL),
      ("Organiser of girls' activities, Libyan community civic team",
       "Women and girls of the community", "", "", "Weekends " + IL)]),
]

# --------------------------------------------------------------------------- 22 May 2017

ATTACK = {
    "title": "The attack of 22 May 2017",
    "kind": IncidentKind.TERRORIST_ATTACK, "scale": Scale.BEYOND,
    "occurred_at": _at(5, 22, 22, 31),
    "place": "Manchester; the perpetrator was from Moss Side",
    "description": "A terrorist attack in Manchester on 22 May 2017. Among the "
                   "terrorists responsible was a local citizen with a Libyan background, which "
                   "resulted in a tremendous attention to the Libyan community. Moss Side "
                   "residents were subject to raids, blocked community roads and hate crime in "
                   "the form of telephone calls; hate videos on social media rose enormously. "
                   "The hour and the day of closing are illustrative.",
    "chase_after_hours": 4,
}
ATTACK_COMMUNITIES = (LIBYANS, WOMEN, MOSS_SIDE, YOUNG, PARENTS, FAITH)
ATTACK_OPENED, ATTACK_ASKED = _at(5, 22, 23, 15), _at(5, 23, 1, 0)
ATTACK_CLOSED = _at(10, 31, 17)
LESSONS = (
    "What we learned:\n"
    "- Prioritise emotions rather than political speeches; the leadership pulls communities "
    "together and coordinates the services and institutions.\n"
    "- Communities need to be at the heart of the effort: consult them in devising the "
    "response, offer assurance and support.\n"
    "- Match the messages of communities and authorities: brief the network before the media.\n"
    "- Activate the 'silent middle group' so that extreme voices do not take over.\n"
    "- Responding requires structures and relationships already in place: the network, "
    "standardised procedures and professional services, and the community's own teams.\n"
    "- Know early what not to do: reactions of force can make things worse.\n"
    "- Act swiftly against a rise in hate crime: communities must feel safe.")

#: Check-ins answered: (organisation or key figure, channel, answered at, answers). Quoted
#: words cite their paper; the rest is illustrative.
ATTACK_ANSWERS = [
    (CRISIS_TEAM, Channel.PHONE, _at(5, 23, 9, 10), {
        "concerns": "Houses damaged after the police raids; families do not know who repairs "
                    "them.",
        "needs": "One contact at the council for repairs and practical help " + IL + ".",
        "fears": "\"The community then became a suspect community ... People from the "
                 "community didn't dare to leave their houses\".",
        "rumours": "More raids in the same streets tonight " + IL + ".",
        "support_asked": "Someone of the council beside the families when the police come "
                         + IL + "."}),
    (MEDIA_TEAM, Channel.PHONE, _at(5, 23, 9, 40), {
        "concerns": "\"All media outlets wanted to talk to Libyans\".",
        "needs": "The city's statement read to us before it goes out, so that the messages "
                 "match.",
        "fears": "That the media portray the whole community as suspect.",
        "support_asked": "A joint line for the press and the press officers' numbers "
                         + IL + "."}),
    (CIVIC_TEAM, Channel.IN_PERSON, _at(5, 23, 11, 0), {
        "concerns": "\"Members of the community were first affected as citizens of the city. "
                    "There was a lot of fear, anyone from the community could also have been "
                    "at the attack site\".",
        "needs": "Meetings with the police and the council this week.",
        "fears": "A rise in islamophobia.",
        "support_asked": "A quick answer when members report hate crime " + IL + "."}),
    ("Organiser of girls' activities, Libyan community civic team", Channel.IN_PERSON,
     _at(5, 24, 18, 30), {
         "concerns": "\"Women had their headscarves pulled off\".",
         "fears": "The fear of going outside grows, and with it the risk of polarisation.",
         "needs": "A safe place for the girls' activities, close to home " + IL + "."}),
    (HIDEAWAY, Channel.IN_PERSON, _at(5, 23, 16, 0), {
        "concerns": "Raids, blocked community roads and hateful telephone calls; hate videos "
                    "on social media rose enormously.",
        "needs": "A community meeting where residents can ask their questions.",
        "fears": "Unsuitable media coverage that would harm the community.",
        "support_asked": "Reassurance for parents: fewer young people come to the youth "
                         "centres."}),
    ("Youth worker, Hideaway Youth Project", Channel.PHONE, _at(5, 24, 10, 0), {
        "concerns": "Parents are apprehensive and keep their children at home.",
        "rumours": "Young people share hate videos and do not know what is true " + IL + "."}),
    ("Member, Libyan community civic team", Channel.PHONE, _at(5, 23, 12, 0), {
        "needs": "To be at the table when the response is devised."}),
    (POLICE, Channel.PHONE, _at(5, 23, 14, 0), {
        "concerns": "Residents angry at the road closures in Moss Side " + IL + ".",
        "needs": "Community figures who explain to residents what the police can say "
                 + IL + "."}),
]

#: Impact per community: (community, day in May or (month, day), fear, media pressure,
#: risk of polarisation, note). Levels are illustrative; the notes cite what the papers say.
IMPACTS = [
    (LIBYANS, 23, 4, 4, 3, "Suspect community; all media outlets want to talk to Libyans."),
    (LIBYANS, 24, 4, 4, 4, "People do not dare to leave their houses."),
    (LIBYANS, 25, 4, 4, 4, "A rise in islamophobia."),
    (LIBYANS, 26, 4, 3, 4, ""),
    (LIBYANS, 29, 3, 2, 3, "The community showcases its positive public actions."),
    (LIBYANS, (6, 1), 2, 2, 2, ""),
    (LIBYANS, (6, 5), 2, 1, 2, ""),
    (WOMEN, 24, 4, 2, 3, "Headscarves pulled off."),
    (WOMEN, 25, 4, 2, 4, "The fear of going outside increases."),
    (WOMEN, 29, 3, 1, 3, ""),
    (WOMEN, (6, 5), 2, 1, 2, ""),
    (MOSS_SIDE, 23, 3, 4, 3, "Raids and blocked community roads."),
    (MOSS_SIDE, 24, 3, 4, 3, "Hate crime by telephone."),
    (MOSS_SIDE, 26, 3, 3, 3, "Community meeting: many questions and concerns."),
    (MOSS_SIDE, (6, 1), 2, 1, 2, ""),
    (YOUNG, 25, 3, 2, 2, "Fewer young people at the youth centres."),
    (YOUNG, (6, 5), 2, 1, 2, ""),
]

#: Hate incidents per day and community (counts illustrative): rising, then falling.
HATE_COUNTS = {
    23: {LIBYANS: 1, MOSS_SIDE: 2},
    24: {LIBYANS: 2, WOMEN: 1, MOSS_SIDE: 2},
    25: {LIBYANS: 3, WOMEN: 3, MOSS_SIDE: 1},
    26: {LIBYANS: 3, WOMEN: 1, MOSS_SIDE: 1},
    29: {LIBYANS: 1, WOMEN: 1},
    (6, 1): {LIBYANS: 1, MOSS_SIDE: 1},
    (6, 5): {LIBYANS: 1},
}
HATE_KINDS = {
    LIBYANS: ("A hateful telephone call to a Libyan family", "A hate video about Libyans "
              "shared on social media"),
    WOMEN: ("A woman had her headscarf pulled off in the street",),
    MOSS_SIDE: ("A hateful telephone call to a Moss Side household",),
}

STATEMENT = {
    "title": "The city stands together " + IL,
    "text": "Manchester grieves with the families of those killed and injured. Libyans of "
            "Manchester are Mancunians: they were among the people afraid for their children "
            "that night. Hate against any community will be answered at once: report it to "
            "the police or to the community teams. We will meet all who want to talk in the "
            "coming weeks. " + IL,
}
BRIEFING = {"briefed_at": _at(5, 23, 10, 30),
            "who": "The Libyan community's crisis, media and civic teams; the Hideaway Youth "
                   "Project; the faith communities " + IL + ".",
            "feedback": "Say first that Libyans were also afraid for their own; do not call "
                        "the community 'the Libyan community' as if it were one suspect: say "
                        "'Libyans of Manchester'. Add how to report hate crime " + IL + "."}
RELEASED = _at(5, 23, 13, 0)

#: Media requests: (outlet, received at, request, answer, answered at). All illustrative.
MEDIA = [
    ("A national daily newspaper " + IL, _at(5, 23, 8, 15),
     "Asks for the addresses of Libyan families in Moss Side to interview them.",
     "We give no addresses. The Libyan community media team speaks for the community and "
     "offered a spokesperson.", _at(5, 23, 13, 30)),
    ("A television news channel " + IL, _at(5, 23, 11, 0),
     "Wants to film at the youth centre in Moss Side.",
     "Not at the youth centre: young people's safeguarding comes first. The council's "
     "press office offered an interview at the town hall.", _at(5, 23, 15, 0)),
    ("A local radio station " + IL, _at(5, 25, 9, 0),
     "Asks what the city does about the hate incidents reported.",
     "Every report is followed up the same day; the dialogue events are open to everyone.",
     _at(5, 25, 12, 0)),
]

#: Manual steps of the timeline: (at, text).
ATTACK_STEPS = [
    (_at(5, 22, 23, 30), "Terrorist attack protocol followed: the dialogue specialists and "
                         "the Libyan community teams called " + IL + "."),
    (_at(5, 23, 0, 30), "Counter Terrorism police liaison: raids and road closures in Moss "
                        "Side expected " + IL + "."),
    (_at(5, 23, 17, 0), "Council contact named for the houses damaged in the raids, at the "
                        "crisis team's request."),
    (_at(5, 25, 18, 0), "Hate incidents rising: the police and the community teams share "
                        "the reports every day " + IL + "."),
    (_at(5, 26, 19, 0), "Community meeting in Moss Side on the aftermath: many questions and "
                        "concerns raised; date illustrative."),
    (_at(6, 15, 19, 0), "The Radequal network launched; date illustrative."),
]

#: The three dialogue events (001). Dates, hours and places are illustrative.
EVENTS = [
    ("Dialogue event after the attack (1 of 3)", datetime.date(2017, 6, 8)),
    ("Dialogue event after the attack (2 of 3)", datetime.date(2017, 6, 22)),
    ("Dialogue event after the attack (3 of 3)", datetime.date(2017, 7, 6)),
]
EVENT_ORGANISATIONS = (CIVIC_TEAM, MEDIA_TEAM, CRISIS_TEAM, HIDEAWAY, POLICE, COUNCIL)

#: Recovery: (action, due, done in 2017). 001: "Community recovery notably meant challenging
#: extremism and engaging young people as well as faith and religious communities".
RECOVERY = [
    ("Engage young people: sessions with the Hideaway Youth Project and reassurance for "
     "parents", (7, 31), (7, 20)),
    ("Engage faith and religious communities in the dialogue events", (7, 6), (7, 6)),
    ("Launch the Radequal network to challenge extremism", (6, 30), (6, 15)),
    ("Support the Libyan community's video, girls' activities, women's cultural event and "
     "roundtable on identity", (9, 30), (9, 28)),
]
COMMITMENT = {
    "description": "One council contact for the families whose houses were damaged in the "
                   "police raids " + IL,
    "made_to": CRISIS_TEAM, "due_on": datetime.date(2017, 5, 26),
    "status": CommitmentStatus.DELIVERED, "closed_on": datetime.date(2017, 5, 23),
}

# --------------------------------------------------------------------------- today (invented)

CURRENT = {
    "title": "Hate crime after a football match " + IL,
    "kind": IncidentKind.HATE_CRIME, "scale": Scale.NEIGHBOURHOOD,
    "place": "A street near the stadium, on the way home from the match " + IL,
    "description": "Illustrative, not from the papers: after an evening match, a group of "
                   "supporters shouted abuse at two women in headscarves and pulled at one "
                   "headscarf. Both were shaken; the police were called. Videos of it go "
                   "round on social media.",
    "chase_after_hours": 4,
}
CURRENT_COMMUNITIES = (LIBYANS, WOMEN)
#: Hours of yesterday evening (the day before loading).
CURRENT_TIMES = {"occurred": (21, 40), "opened": (22, 5), "asked": (22, 30)}
CURRENT_STEPS = [((22, 15), "Neighbourhood inspector of the police called: the women's "
                            "statements are taken tonight " + IL + ".")]
CURRENT_ANSWERS = [
    (HIDEAWAY, Channel.PHONE, (23, 0), {
        "concerns": "Young people saw the videos and are angry " + IL + ".",
        "rumours": "That it will happen again at the next match " + IL + "."}),
    ("Organiser of girls' activities, Libyan community civic team", Channel.IN_PERSON,
     (23, 20), {"fears": "Women will stay at home again, as in 2017 " + IL + ".",
                "support_asked": "The neighbourhood team at the girls' activities on Saturday "
                                 + IL + "."}),
]
CURRENT_IMPACT = (WOMEN, 3, 2, 3, "The fear of going outside is back " + IL + ".")
CURRENT_HATE = (WOMEN, "Two women in headscarves abused and a headscarf pulled at, after the "
                       "match " + IL)
CURRENT_STATEMENT = {
    "title": "After last night's match " + IL,
    "text": "Abuse of women for what they wear has no place in Manchester. The police are "
            "investigating; report any hate incident to the police or to the community teams. "
            + IL,
}


def load_demo_crisis(today=None) -> dict:
    """Load (or refresh) Manchester's crisis protocols, teams and two incidents; skip when the
    municipality, its coordinator or its communities are missing. Returns
    ``{"protocols": n, "teams": n, "incidents": n}``."""
    today = today or timezone.localdate()
    municipality = Municipality.objects.filter(slug=SLUG).first()
    actor = municipality and _coordinator(municipality)
    communities = municipality and {c.name: c for c in Community.objects.filter(
        municipality=municipality)}
    if not actor or not set(ATTACK_COMMUNITIES) <= set(communities):
        return {"protocols": 0, "teams": 0, "incidents": 0}
    organisations = {o.name: o for o in Organisation.objects.filter(municipality=municipality)}
    with transaction.atomic():
        protocols = {row[1]: _protocol(municipality, row, today) for row in PROTOCOLS}
        for row in TEAMS:
            _team(municipality, organisations, row, today)
        _attack(actor, communities, organisations, protocols[IncidentKind.TERRORIST_ATTACK])
        _current(actor, communities, protocols[IncidentKind.HATE_CRIME], today)
    return {"protocols": len(PROTOCOLS), "teams": len(TEAMS), "incidents": 2}


def _protocol(municipality, row, today):
    title, kind, reviewed, call_order, checks, press = row
    return _upsert(CrisisProtocol, {"municipality": municipality, "title": title}, {
        "incident_kind": kind, "call_order": call_order, "checks": checks,
        "press_contact": press, "review_interval_days": 180,
        "last_reviewed_on": today - datetime.timedelta(days=reviewed)})


def _team(municipality, organisations, row, today):
    name, kind, organisation, purpose, reviewed, interval, members = row
    team = _upsert(CrisisTeam, {"municipality": municipality, "name": name}, {
        "kind": kind, "organisation": organisations.get(organisation), "purpose": purpose,
        "review_interval_days": interval,
        "last_reviewed_on": today - datetime.timedelta(days=reviewed)})
    for member, role, phone, email, availability in members:
        _upsert(TeamMember, {"team": team, "name": member}, {
            "municipality": municipality, "role": role, "phone": phone, "email": email,
            "availability": availability})


# --------------------------------------------------------------------------- the incidents


def _attack(actor, communities, organisations, protocol):
    """The attack of 22 May 2017, replayed and closed."""
    incident, auto = _open(actor, ATTACK, protocol, [communities[n] for n in ATTACK_COMMUNITIES],
                           ATTACK_OPENED)
    auto += _check_ins(actor, incident, ATTACK_ASKED, ATTACK_ANSWERS)
    for at, text in ATTACK_STEPS:
        _upsert(TimelineEntry, {"incident": incident, "text": text},
                {"municipality": incident.municipality, "at": at, "by": actor.user})
    auto += _statement(actor, incident, STATEMENT, BRIEFING, RELEASED)
    for outlet, received, request, answer, answered in MEDIA:
        _upsert(MediaRequest, {"incident": incident, "outlet": outlet}, {
            "municipality": incident.municipality, "received_at": received,
            "request": request, "answer": answer, "answered_at": answered})
    for community, day, fear, media, polarisation, note in IMPACTS:
        _impact(actor, incident, communities[community], _day(day), (fear, media, polarisation),
                note, HATE_COUNTS.get(day, {}).get(community, 0))
    for day, counts in HATE_COUNTS.items():
        for community, count in counts.items():
            kinds = HATE_KINDS[community]
            for n in range(count):
                text = (f"{kinds[n % len(kinds)]}; {_day(day).day} {_day(day):%B}, report "
                        f"{n + 1} {IL}.")
                _hate(actor, incident, communities[community], _day(day), text)
    _events(actor, incident, communities, organisations)
    for description, due, done in RECOVERY:
        _upsert(RecoveryAction, {"incident": incident,
                                 "description": f"{description}; dates illustrative"}, {
            "municipality": incident.municipality, "owner": actor.user, "due_on": _day(due),
            "done_on": _day(done)})
    commitment = _upsert(Commitment, {"municipality": incident.municipality,
                                      "description": COMMITMENT["description"]}, {
        **{k: v for k, v in COMMITMENT.items() if k != "description"},
        "community": communities[LIBYANS],
        "organisation": organisations.get(CRISIS_TEAM), "owner": actor.user})
    incident.commitments.add(commitment)
    if not incident.is_closed:
        incident = services.close_incident(actor, incident, LESSONS)
    _upsert(Incident, {"pk": incident.pk}, {"closed_at": ATTACK_CLOSED,
                                            "lessons_learned": LESSONS})
    _place_automatic(incident, [*auto, ATTACK_CLOSED])


#: Before this hour of a day the demo's "yesterday evening" is the evening before: its check-ins
#: (asked at 22:30 London time, chased after 4 hours) are then past their chase time whenever
#: the demo is loaded, so the first sweep always reminds of them.
CURRENT_DAY_STARTS_HOURS = 6


def _current(actor, communities, protocol, today):
    """The open, invented incident of yesterday evening (the evening before in the first hours
    of a day: :data:`CURRENT_DAY_STARTS_HOURS`)."""
    started = timezone.localdate(
        timezone.now() - datetime.timedelta(hours=CURRENT_DAY_STARTS_HOURS))
    day = min(today, started) - datetime.timedelta(days=1)

    def yesterday(hour, minute):
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)

    values = {**CURRENT, "occurred_at": yesterday(*CURRENT_TIMES["occurred"])}
    incident, auto = _open(actor, values, protocol,
                           [communities[n] for n in CURRENT_COMMUNITIES],
                           yesterday(*CURRENT_TIMES["opened"]))
    answers = [(who, channel, yesterday(*hm), said) for who, channel, hm, said in
               CURRENT_ANSWERS]
    auto += _check_ins(actor, incident, yesterday(*CURRENT_TIMES["asked"]), answers)
    for hm, text in CURRENT_STEPS:
        _upsert(TimelineEntry, {"incident": incident, "text": text},
                {"municipality": incident.municipality, "at": yesterday(*hm),
                 "by": actor.user})
    community, fear, media, polarisation, note = CURRENT_IMPACT
    _impact(actor, incident, communities[community], day, (fear, media, polarisation), note,
            1, moving=True)
    _hate(actor, incident, communities[CURRENT_HATE[0]], day, CURRENT_HATE[1])
    # A draft: the network is briefed before it goes out (the browser test releases it).
    _upsert(Statement, {"incident": incident, "title": CURRENT_STATEMENT["title"]},
            {"municipality": incident.municipality, "text": CURRENT_STATEMENT["text"],
             "drafted_by": actor.user})
    _place_automatic(incident, auto)


def _open(actor, values, protocol, communities, opened_at):
    """The incident titled ``values["title"]``, opened through the service on the first load;
    returns it and the time of its automatic "opened" entry."""
    municipality = actor.municipality
    incident = Incident.objects.filter(municipality=municipality, title=values["title"]).first()
    if incident is None:
        incident = services.open_incident(actor, Incident(**values, protocol=protocol),
                                          communities)
    incident = _upsert(Incident, {"pk": incident.pk},
                       {**values, "protocol": protocol, "opened_at": opened_at})
    incident.communities.set(communities)
    return incident, [opened_at]


def _check_ins(actor, incident, asked_at, answers):
    """Check in with the network once, record the ``answers`` still waiting, and set the
    replayed times. Returns the times of the automatic entries, in the order they were made."""
    times = []
    if not incident.check_ins.exists():
        services.check_in_with_network(actor, incident)
    if incident.check_ins.exists():
        times.append(asked_at)  # its "checked in with the network" entry
    check_ins = list(incident.check_ins.select_related("organisation", "person"))
    for check_in in check_ins:
        _upsert(CheckIn, {"pk": check_in.pk}, {"asked_at": asked_at})
    by_name = {str(c.organisation or c.person): c for c in check_ins}
    for who, channel, answered_at, said in answers:
        check_in = by_name.get(who)
        if check_in is None:
            continue
        check_in.refresh_from_db()
        if check_in.status == CheckInStatus.WAITING:
            check_in = services.answer_check_in(actor, check_in, version=None, channel=channel,
                                                **said)
        if check_in.answered_by_id == actor.user.pk and check_in.channel == channel:
            # Only the demo's own answers are moved to their replayed time.
            _upsert(CheckIn, {"pk": check_in.pk}, {"answered_at": answered_at})
        times.append(answered_at)
    return times


def _statement(actor, incident, values, briefing, released_at):
    """Draft, brief, release (once); returns the times of the automatic entries."""
    statement = _upsert(Statement, {"incident": incident, "title": values["title"]},
                        {"municipality": incident.municipality, "text": values["text"],
                         "drafted_by": actor.user})
    if not statement.briefings.exists():
        services.record_briefing(actor, statement, **briefing)
    if not statement.is_released:
        statement = services.release_statement(actor, statement)
    _upsert(Statement, {"pk": statement.pk}, {"released_at": released_at})
    return [briefing["briefed_at"], released_at]


def _impact(actor, incident, community, day, levels, note, hate, moving=False):
    """One day's impact; ``moving``: its day follows the day of loading, so it is found by
    its note, not by its day."""
    note = f"{note} Levels {IL}.".strip()
    fear, media, polarisation = levels
    values = {"municipality": incident.municipality, "assessed_on": day, "fear": fear,
              "media_pressure": media, "polarisation_risk": polarisation,
              "hate_incidents_reported": hate, "note": note, "assessed_by": actor.user}
    key = "note" if moving else "assessed_on"
    _upsert(ImpactAssessment, {"incident": incident, "community": community,
                               key: values.pop(key)}, values)


def _hate(actor, incident, community, day, description):
    _upsert(HateIncident, {"incident": incident, "description": description}, {
        "municipality": incident.municipality, "community": community, "occurred_on": day,
        "reported_to_police": True, "recorded_by": actor.user})


def _events(actor, incident, communities, organisations):
    """The three dialogue events of 001, as meetings of the dialogue app."""
    for title, held_on in EVENTS:
        meeting = _upsert(Meeting, {"municipality": incident.municipality, "title": title}, {
            "kind": MeetingKind.DIALOGUE_EVENT,
            "objectives": [str(Objective.DIALOGUE), str(Objective.BUILDING_TRUST),
                           str(Objective.RESILIENCE)],
            "rationale": "One of three major dialogue events after the attack, in different "
                         "locations; all sectors and agencies were invited along with "
                         "citizens. Date, hours, place and who came are illustrative.",
            "held_on": held_on, "starts_at": datetime.time(18, 30),
            "ends_at": datetime.time(21), "organiser": actor.user,
            "takeaways": "Attended by up to 250 people. The topics were broad, including "
                         "small issues; emotions came before political speeches.",
            "takeaways_sent_on": held_on + datetime.timedelta(days=3),
            "takeaways_sent_how": "E-mail to the participants " + IL})
        meeting.invited_communities.set([communities[n] for n in ATTACK_COMMUNITIES])
        for name in EVENT_ORGANISATIONS:
            if name in organisations:
                _upsert(MeetingOrganisation, {"meeting": meeting,
                                              "organisation": organisations[name]},
                        {"attendance": Attendance.CAME})
        incident.meetings.add(meeting)


def _place_automatic(incident, times):
    """Move the entries the services wrote (in the order of ``times``) to their times; later
    automatic entries (a representative's answer) keep theirs."""
    entries = list(incident.timeline.filter(automatic=True).order_by("pk")[:len(times)])
    for entry, at in zip(entries, times, strict=False):
        _upsert(TimelineEntry, {"pk": entry.pk}, {"at": at})


def _day(day):
    month, day = day if isinstance(day, tuple) else (5, day)
    return datetime.date(2017, month, day)


def _coordinator(municipality):
    membership = (Membership.objects.select_related("user", "municipality")
                  .filter(municipality=municipality, role=Role.COORDINATOR).order_by("pk").first())
    return membership and Actor(membership.user, membership)


def _upsert(model, lookup: dict, values: dict):
    return upsert(model, lookup, values, CHANGE_REASON)

