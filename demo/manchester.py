"""Manchester (United Kingdom), from 000 challenge 6 "Dealing with the media" (the Hideaway Youth
Project in Moss Side after the attack of 22 May 2017: raids, blocked roads, hateful calls and
videos, fewer young people at youth centres), 001 "Crisis response" (three dialogue events of up
to 250 people, the Radequal network, the Libyan community's crisis, media and civic teams, a
video, activities for girls, a women's cultural event, a roundtable on identity) and 002 step 5
(the Libyan community became a suspect community; headscarves pulled off). The papers give no
population for Manchester, so none is set.

People are roles, never real persons. Dates are days relative to the day of loading.
"""

from engagement.models import CommitmentStatus as Status
from engagement.models import InteractionKind as Contact
from networks.models import Channel
from networks.models import CommunityKind as Kind
from networks.models import DiscoveryChannel as Found
from networks.models import GatheringPlace as Place
from networks.models import OrganisationKind as Org
from networks.models import PartnerLevel as Level

MUNICIPALITY = {
    "slug": "manchester",
    "name": "Manchester",
    "country": "United Kingdom",
    "population": None,
    "languages": ["English"],
    "default_language": "en",  # its members' screens and e-mails
}

PORTAL_ORGANISATION = "Libyan community civic team"
SECOND_PORTAL_ORGANISATION = "Libyan community media team"

PRECONDITIONS = {
    "effects_wanted": (
        "Communities are at the heart of recovery: relationships exist before a crisis, hate "
        "crime gets a quick answer, and young people and faith communities shape the response."
    ),
    "budget_eur": 150000,
    "staff_hours_per_month": 400,
    "resources_notes": "A small community safety team; dialogue events rely on partners' "
                       "venues and volunteers. Demo figures.",
}

#: The measurable goals of the preconditions (002 step 1.1), each with its reviews (step 4:
#: "update objectives"). Targets and progress are demo figures. Days are relative to loading;
#: ``next_in_days`` below zero makes a review overdue.
GOALS = [
    {
        "term": "short",
        "goal": "Three dialogue events a year, in different locations, open to all sectors and "
                "citizens",
        "target": "3 dialogue events this year, each in another part of the city",
        "target_value": 3,
        "due_in_days": 200,
        "review_interval_days": 120,
        "reviews": [
            {"days_ago": 60, "progress": "One event held; the second is planned with the youth "
             "project.", "percent_done": 33, "measured_value": 1, "next_in_days": 60},
        ],
    },
    {
        "term": "short",
        "goal": "Every hate crime reported by a community organisation gets an answer within a "
                "week",
        "target": "All reports answered within 7 days",
        "due_in_days": 90,
        "review_interval_days": 30,
        "reviews": [
            {"days_ago": 45, "progress": "Four of five reports were answered within a week.",
             "percent_done": 80, "next_in_days": -15},
        ],
    },
    {
        "term": "long",
        "goal": "Attendance at youth centres in Moss Side is back to its level before May 2017",
        "target": "Weekly attendance at the level of early 2017",
        "due_in_days": 700,
        "review_interval_days": 180,
        "reviews": [],
        "next_review_in_days": 90,
    },
    {
        "term": "long",
        "goal": "The Radequal network includes every community mapped",
        "target": "Every community mapped has a member in the network",
        "due_in_days": 900,
        "review_interval_days": 180,
        "reviews": [
            {"days_ago": 30, "progress": "The Libyan community joined through its civic team.",
             "percent_done": 40, "next_in_days": 150},
        ],
    },
]

ORGANISATIONS = [
    {
        "name": "Hideaway Youth Project",
        "kind": Org.YOUTH_WORK,
        "mandate": (
            "Youth project based in Moss Side for young people who take part voluntarily. All "
            "young people, staff and volunteers reflect local communities; safeguarding is a "
            "priority at all times."
        ),
        "website": "http://www.thehideaway.org.uk/",
        "communities": ["Young people of Moss Side", "Moss Side residents"],
    },
    {
        "name": "Manchester City Council, community safety",
        "kind": Org.LOCAL_AUTHORITY,
        "mandate": "Engages with communities and addresses their grievances; organised the "
                   "three dialogue events after 22 May 2017.",
    },
    {
        "name": "Radequal network",
        "kind": Org.LOCAL_AUTHORITY,
        "mandate": "City network launched in the response to the 2017 attack to challenge "
                   "extremism and build cohesion.",
        "website": "http://www.makingmanchestersafer.com/info/18/radequal",
    },
    {
        "name": "Libyan community crisis team",
        "kind": Org.COMMUNITY_ORGANISATION,
        "mandate": "Deals with practical issues, such as houses damaged in police raids.",
        "communities": ["Libyan community"],
    },
    {
        "name": "Libyan community media team",
        "kind": Org.COMMUNITY_ORGANISATION,
        "mandate": "Works on how the media portray the Libyan community.",
        "communities": ["Libyan community"],
    },
    {
        "name": "Libyan community civic team",
        "kind": Org.COMMUNITY_ORGANISATION,
        "mandate": "Meets the police, the local council and think tanks; organised activities "
                   "for girls, a women's cultural event and a roundtable on identity.",
        "communities": ["Libyan community", "Libyan women and girls"],
    },
    {
        "name": "Greater Manchester Police",
        "kind": Org.POLICE,
        "mandate": "Police; its neighbourhood team works in Moss Side and meets the Libyan "
                   "civic team.",
        "communities": ["Moss Side residents"],
    },
]

COMMUNITIES = [
    {
        "name": "Moss Side residents",
        "kind": Kind.LOCATION,
        "description": "A complex make-up of ethnicities and cultures, in the 10 % most deprived "
                       "areas of the United Kingdom.",
        "local_history": "After 22 May 2017: raids, blocked roads, hate crime by telephone, a "
                         "community meeting with many questions; trauma at community level.",
        "gathering_places": [Place.COMMUNITY_CENTRE, Place.YOUTH_CENTRE, Place.SUPERMARKET],
        "found_through": Found.EXISTING_NETWORKS,
        "languages": ["English", "Somali", "Arabic"],
        "engagement_step": 3,
        "verified_days_ago": 50,
    },
    {
        "name": "Young people of Moss Side",
        "kind": Kind.IDENTITY_INTEREST,
        "description": "Fewer young people came to youth centres after the attack: their "
                       "parents were apprehensive.",
        "gathering_places": [Place.YOUTH_CENTRE, Place.SPORTS_CLUB, Place.ONLINE],
        "gathering_notes": "Hideaway Youth Project",
        "found_through": Found.VISITS,
        "languages": ["English"],
        "engagement_step": 4,
        "verified_days_ago": 14,
        "parents": ["Moss Side residents"],
        "contact_outsourced_to": "Hideaway Youth Project",
    },
    {
        "name": "Parents in Moss Side",
        "kind": Kind.IDENTITY_INTEREST,
        "description": "Parents who kept their children at home after the attack.",
        "gathering_places": [Place.SCHOOL, Place.SUPERMARKET],
        "found_through": Found.VISITS,
        "languages": ["English"],
        "engagement_step": 1,
        "verified_days_ago": 220,
        "parents": ["Moss Side residents"],
    },
    {
        "name": "Libyan community",
        "kind": Kind.IDENTITY_ETHNICITY,
        "ethnicity": "Libyan",
        "description": "Became a suspect community after the attack; organised a crisis, a "
                       "media and a civic team in response.",
        "gathering_places": [Place.COMMUNITY_CENTRE, Place.PLACE_OF_WORSHIP, Place.ONLINE],
        "found_through": Found.EXISTING_NETWORKS,
        "languages": ["Arabic", "English"],
        "engagement_step": 4,
        "verified_days_ago": 35,
        "overlapping": ["Moss Side residents"],
    },
    {
        "name": "Libyan women and girls",
        "kind": Kind.IDENTITY_INTEREST,
        "description": "Women had their headscarves pulled off; fear of going outside.",
        "gathering_places": [Place.COMMUNITY_CENTRE],
        "gathering_notes": "Women's cultural event; activities for girls",
        "found_through": Found.EXISTING_NETWORKS,
        "languages": ["Arabic", "English"],
        "engagement_step": 2,
        "verified_days_ago": 24,
        "parents": ["Libyan community"],
    },
    {
        "name": "Faith communities of Manchester",
        "kind": Kind.IDENTITY_FAITH,
        "description": "Community recovery meant engaging faith and religious communities. "
                       "To be mapped one by one.",
        "gathering_places": [Place.PLACE_OF_WORSHIP],
        "found_through": Found.OTHER,
        "languages": ["English"],
        "engagement_step": 1,
        "verified_days_ago": None,
    },
]

PEOPLE = [
    {
        "name": "Youth worker, Hideaway Youth Project",
        "role": "Youth worker",
        "organisation": "Hideaway Youth Project",
        "partner_level": Level.OPERATIONAL,
        "communities": ["Young people of Moss Side", "Moss Side residents"],
        "is_key_figure": True,
        "preferred_channel": Channel.PHONE,
        "phone": "0161 496 0001",
        "languages": ["English"],
    },
    {
        "name": "Volunteer, Hideaway Youth Project",
        "role": "Volunteer",
        "organisation": "Hideaway Youth Project",
        "communities": ["Young people of Moss Side"],
        "preferred_channel": Channel.IN_PERSON,
        "languages": ["English", "Somali"],
    },
    {
        "name": "Member, Libyan community civic team",
        "role": "Member",
        "organisation": "Libyan community civic team",
        "partner_level": Level.OPERATIONAL,
        "communities": ["Libyan community"],
        "is_key_figure": True,
        "preferred_channel": Channel.MESSAGING,
        "phone": "0161 496 0002",
        "languages": ["Arabic", "English"],
    },
    {
        "name": "Member, Libyan community media team",
        "role": "Member",
        "organisation": "Libyan community media team",
        "communities": ["Libyan community"],
        "preferred_channel": Channel.EMAIL,
        "email": "media-team.manchester@example.org",
        "languages": ["Arabic", "English"],
    },
    {
        "name": "Organiser of girls' activities, Libyan community civic team",
        "role": "Organiser of girls' activities",
        "organisation": "Libyan community civic team",
        "partner_level": Level.OPERATIONAL,
        "communities": ["Libyan women and girls"],
        "is_key_figure": True,
        "preferred_channel": Channel.IN_PERSON,
        "languages": ["Arabic", "English"],
    },
    {
        "name": "Neighbourhood inspector, Greater Manchester Police",
        "role": "Neighbourhood inspector",
        "organisation": "Greater Manchester Police",
        "partner_level": Level.OPERATIONAL,
        "communities": ["Moss Side residents"],
        "preferred_channel": Channel.EMAIL,
        "email": "neighbourhood-inspector.manchester@example.org",
        "languages": ["English"],
    },
    {
        "name": "Project manager, Hideaway Youth Project",
        "role": "Project manager",
        "organisation": "Hideaway Youth Project",
        "partner_level": Level.STRATEGIC,
        "preferred_channel": Channel.PHONE,
        "phone": "0161 496 0003",
    },
    {
        "name": "Community safety manager, Manchester City Council, community safety",
        "role": "Community safety manager",
        "organisation": "Manchester City Council, community safety",
        "partner_level": Level.STRATEGIC,
        "preferred_channel": Channel.EMAIL,
        "email": "community-safety.manchester@example.org",
    },
    {
        "name": "Prevent officer, Manchester City Council, community safety",
        "role": "Prevent officer",
        "organisation": "Manchester City Council, community safety",
        "partner_level": Level.OPERATIONAL,
        "preferred_channel": Channel.EMAIL,
        "email": "prevent-officer.manchester@example.org",
    },
    {
        "name": "Chief inspector, Greater Manchester Police",
        "role": "Chief inspector",
        "organisation": "Greater Manchester Police",
        "partner_level": Level.STRATEGIC,
        "preferred_channel": Channel.EMAIL,
        "email": "chief-inspector.manchester@example.org",
    },
]

INTERACTIONS = [
    {
        "kind": Contact.COMMUNITY_EVENT,
        "days_ago": 86,
        "community": "Moss Side residents",
        "people": ["Youth worker, Hideaway Youth Project",
                   "Neighbourhood inspector, Greater Manchester Police"],
        "organisations": ["Hideaway Youth Project",
                          "Greater Manchester Police"],
        "needs_heard": "Straight answers about roads that stay blocked and who repairs damage.",
        "interests_heard": "A say in how the neighbourhood is talked about.",
        "concerns_heard": "Hateful phone calls; residents do not want more media at their door.",
        "follow_up": "Collect the questions and answer each in writing.",
        "commitments": [
            {
                "description": "Answer in writing every question raised at the Moss Side "
                               "community meeting",
                "made_to": "Moss Side residents",
                "due_in_days": -60,
                "status": Status.DELIVERED,
                "closed_days_ago": 64,
            },
        ],
    },
    {
        "kind": Contact.ONE_ON_ONE,
        "days_ago": 8,
        "community": "Young people of Moss Side",
        "people": ["Youth worker, Hideaway Youth Project"],
        "organisations": ["Hideaway Youth Project"],
        "needs_heard": "Parents need reassurance before they let children come back to the "
                       "youth centres.",
        "interests_heard": "Young people want a Sunday session.",
        "concerns_heard": "Hate videos on social media; staff are tired.",
        "follow_up": "Look for a hall for a Sunday session; write to parents with the Hideaway.",
        "commitments": [
            {
                "description": "Write to parents with the Hideaway about safeguarding at the "
                               "youth centres",
                "made_to": "Youth worker, Hideaway Youth Project",
                "due_in_days": 9,
            },
            {
                "description": "Open the council sports hall on Sundays for the Hideaway's "
                               "sessions",
                "made_to": "Hideaway Youth Project",
                "due_in_days": 30,
                "status": Status.DROPPED,
                "dropped_reason": "No caretaker hours in this year's budget. Said so to the "
                                  "Hideaway; it is on the list for next year's budget.",
                "closed_days_ago": 2,
            },
        ],
    },
    {
        "kind": Contact.MEETING,
        "days_ago": 38,
        "asked_of_community": True,
        "community": "Libyan community",
        "people": ["Member, Libyan community civic team", "Member, Libyan community media team"],
        "organisations": ["Libyan community civic team", "Libyan community media team"],
        "needs_heard": "A quick answer when members report hate crime.",
        "interests_heard": "A roundtable on identity, open to the whole city.",
        "concerns_heard": "How the media portray the community; people afraid to leave home.",
        "follow_up": "Find a council speaker for the roundtable.",
        "commitments": [
            {
                "description": "Confirm a council speaker for the roundtable on identity",
                "made_to": "Libyan community civic team",
                "due_in_days": -3,
            },
            {
                "description": "Share the ways to report hate crime, in Arabic and English",
                "made_to": "Member, Libyan community civic team",
                "due_in_days": -25,
                "status": Status.DELIVERED,
                "closed_days_ago": 30,
            },
        ],
    },
    {
        "kind": Contact.COMMUNITY_EVENT,
        "days_ago": 24,
        "asked_of_community": True,
        "community": "Libyan women and girls",
        "people": ["Organiser of girls' activities, Libyan community civic team"],
        "organisations": ["Libyan community civic team"],
        "needs_heard": "A safe place for girls' activities, close to home.",
        "interests_heard": "Repeating the women's cultural event next year.",
        "concerns_heard": "Women are afraid to go out after headscarves were pulled off.",
        "follow_up": "Ask the leisure service for a free hall slot.",
        "commitments": [
            {
                "description": "Find a free sports hall slot for the girls' activities",
                "made_to": "Organiser of girls' activities, Libyan community civic team",
                "due_in_days": 12,
            },
        ],
    },
]
