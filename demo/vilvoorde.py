"""Vilvoorde (Belgium), from 003 "Practice of Vilvoorde": 42,000 inhabitants growing 1.5 % a
year, 25 % of non-Belgian origin, 40 % minors, high unemployment and school drop-out, a shortage of
public infrastructure; everyone knows someone who left for Syria or is at risk. "A plan for
warmth and safety": the formal network built in three steps (individual outreach, homogeneous
groups trained on awareness, signals and context, heterogeneous groups) and the informal network
built by being present (the open door of the mosque, the after-chat).

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
    "slug": "vilvoorde",
    "name": "Vilvoorde",
    "country": "Belgium",
    "population": 42000,
    "languages": ["Dutch", "French"],
    "default_language": "nl",  # its members' screens and e-mails
}

PORTAL_ORGANISATION = "Mosque association of Vilvoorde"
SECOND_PORTAL_ORGANISATION = "Parents' circle"

PRECONDITIONS = {
    "effects_wanted": (
        "\"A plan for warmth and safety\": families and professionals notice early when a young "
        "person is at risk, and know whom to call; the city is present in every community, not "
        "only in times of crisis."
    ),
    "budget_eur": 40000,
    "staff_hours_per_month": 150,
    "resources_notes": (
        "One local coordinator. Little public infrastructure: meetings happen in partners' "
        "premises. Be clear with communities about what the city can and cannot do. Demo figures."
    ),
}

#: The measurable goals of the preconditions (002 step 1.1), each with its reviews (step 4:
#: "update objectives"). Targets and progress are demo figures. Days are relative to loading;
#: ``next_in_days`` below zero makes a review overdue.
GOALS = [
    {
        "term": "short",
        "goal": "Individual outreach to every school, youth and social work organisation "
                "(step 1)",
        "target": "Every school, youth and social work organisation met one-on-one",
        "target_value": 12,
        "due_in_days": 60,
        "review_interval_days": 60,
        "reviews": [
            {"days_ago": 150, "progress": "Schools and the youth service met.",
             "percent_done": 50, "measured_value": 6, "next_in_days": -90},
            {"days_ago": 40, "progress": "The welfare centre and the police met too; two "
             "smaller youth organisations are left.", "percent_done": 85,
             "measured_value": 10, "next_in_days": 20},
        ],
    },
    {
        "term": "short",
        "goal": "Each homogeneous group has followed the training on awareness, signals and "
                "context (step 2)",
        "target": "4 of 4 sector groups trained",
        "target_value": 4,
        "due_in_days": 150,
        "review_interval_days": 90,
        "reviews": [
            {"days_ago": 100, "progress": "The teachers' group is trained; the youth workers' "
             "session is planned.", "percent_done": 25, "measured_value": 1,
             "next_in_days": -10},
        ],
    },
    {
        "term": "short",
        "goal": "The coordinator visits an open door or after-chat in every place of worship "
                "each quarter",
        "target": "One visit per place of worship per quarter",
        "due_in_days": 90,
        "review_interval_days": 90,
        "reviews": [],
        "next_review_in_days": 45,
    },
    {
        "term": "long",
        "goal": "One heterogeneous network of formal and informal partners that meets without "
                "the coordinator (step 3)",
        "target": "The network meets twice a year, chaired by a partner",
        "due_in_days": 900,
        "review_interval_days": 180,
        "reviews": [
            {"days_ago": 60, "progress": "The first heterogeneous meeting is being prepared "
             "with the schools and the mosque association.", "percent_done": 15,
             "next_in_days": 120},
        ],
    },
    {
        "term": "long",
        "goal": "School drop-out goes down",
        "target": "Early school leaving below the rate of the year the plan started",
        "due_in_days": 1100,
        "review_interval_days": 365,
        "reviews": [],
        "next_review_in_days": 200,
    },
]

ORGANISATIONS = [
    {
        "name": "City of Vilvoorde, local coordination",
        "kind": Org.LOCAL_AUTHORITY,
        "mandate": "The local coordinator: builds the formal and informal network.",
    },
    {
        "name": "Secondary schools of Vilvoorde",
        "kind": Org.SCHOOL,
        "mandate": "Homogeneous group of school heads and pupil counsellors.",
        "communities": ["Young people of Vilvoorde"],
    },
    {
        "name": "Youth service of the city of Vilvoorde",
        "kind": Org.YOUTH_WORK,
        "mandate": "Open youth work and street work in the neighbourhoods.",
        "communities": ["Young people of Vilvoorde"],
    },
    {
        "name": "Public social welfare centre",
        "kind": Org.SOCIAL_WORK,
        "mandate": "Income support, debt counselling and family support for residents.",
        "communities": ["Families affected by departures to Syria"],
    },
    {
        "name": "Local police",
        "kind": Org.POLICE,
        "mandate": "Neighbourhood officers; part of the heterogeneous group.",
    },
    {
        "name": "Mosque association of Vilvoorde",
        "kind": Org.FAITH_ORGANISATION,
        "mandate": "Runs a mosque; keeps an open door where the coordinator drops by.",
        "communities": ["Mosque community"],
    },
    {
        "name": "Parents' circle",
        "kind": Org.COMMUNITY_ORGANISATION,
        "mandate": "Parents who support each other; several have a child who left for Syria.",
        "communities": ["Families affected by departures to Syria"],
    },
    {
        "name": "Neighbourhood football club",
        "kind": Org.SPORTS_CLUB,
        "mandate": "Youth teams from eight to eighteen.",
        "communities": ["Young people of Vilvoorde", "Members of sports clubs"],
    },
]

COMMUNITIES = [
    {
        "name": "Young people of Vilvoorde",
        "kind": Kind.IDENTITY_INTEREST,
        "description": "40 % of the inhabitants are minors; school drop-out and unemployment "
                       "are high.",
        "estimated_size": 16800,
        "gathering_places": [Place.SCHOOL, Place.YOUTH_CENTRE, Place.SPORTS_CLUB, Place.ONLINE],
        "found_through": Found.EXISTING_NETWORKS,
        "languages": ["Dutch", "French"],
        "engagement_step": 4,
        "verified_days_ago": 30,
    },
    {
        "name": "Mosque community",
        "kind": Kind.IDENTITY_FAITH,
        "faith": "Islam",
        "description": "People who attend the mosque. The Muslim community does not equal the "
                       "mosque: take several entries.",
        "gathering_places": [Place.PLACE_OF_WORSHIP],
        "gathering_notes": "Open door days and the after-chat after gatherings",
        "found_through": Found.VISITS,
        "languages": ["Dutch", "French", "Arabic"],
        "engagement_step": 2,
        "verified_days_ago": 60,
    },
    {
        "name": "Families affected by departures to Syria",
        "kind": Kind.IDENTITY_INTEREST,
        "description": "Everyone in Vilvoorde knows someone who left for Syria. These "
                       "families carry the most; contact goes through the welfare centre.",
        "gathering_places": [Place.COMMUNITY_CENTRE, Place.OTHER],
        "found_through": Found.EXISTING_NETWORKS,
        "languages": ["Dutch", "French"],
        "engagement_step": 3,
        "verified_days_ago": 200,
        "contact_outsourced_to": "Public social welfare centre",
    },
    {
        "name": "Members of sports clubs",
        "kind": Kind.ORGANISATIONAL,
        "description": "Players, coaches and volunteers of the local clubs.",
        "gathering_places": [Place.SPORTS_CLUB],
        "found_through": Found.FLYERS,
        "languages": ["Dutch", "French"],
        "engagement_step": 1,
        "verified_days_ago": None,
        "overlapping": ["Young people of Vilvoorde"],
    },
    {
        "name": "Newcomers to Vilvoorde",
        "kind": Kind.LOCATION,
        "description": "The city grows 1.5 % a year; many new residents come from Brussels.",
        "gathering_places": [Place.LIBRARY, Place.SUPERMARKET],
        "found_through": Found.OTHER,
        "languages": ["French", "Dutch", "English"],
        "engagement_step": 1,
        "verified_days_ago": 300,
    },
]

PEOPLE = [
    {
        "name": "Board member, Mosque association of Vilvoorde",
        "role": "Board member",
        "organisation": "Mosque association of Vilvoorde",
        "partner_level": Level.STRATEGIC,
        "communities": ["Mosque community"],
        "is_key_figure": True,
        "preferred_channel": Channel.IN_PERSON,
        "languages": ["Dutch", "Arabic"],
    },
    {
        "name": "Pupil counsellor, Secondary schools of Vilvoorde",
        "role": "Pupil counsellor",
        "organisation": "Secondary schools of Vilvoorde",
        "partner_level": Level.OPERATIONAL,
        "communities": ["Young people of Vilvoorde"],
        "preferred_channel": Channel.EMAIL,
        "email": "pupil-counsellor.vilvoorde@example.org",
        "languages": ["Dutch"],
    },
    {
        "name": "Street worker, Youth service of the city of Vilvoorde",
        "role": "Street worker",
        "organisation": "Youth service of the city of Vilvoorde",
        "partner_level": Level.OPERATIONAL,
        "communities": ["Young people of Vilvoorde"],
        "is_key_figure": True,
        "preferred_channel": Channel.IN_PERSON,
        "languages": ["Dutch", "French", "Arabic"],
    },
    {
        "name": "Family counsellor, Public social welfare centre",
        "role": "Family counsellor",
        "organisation": "Public social welfare centre",
        "partner_level": Level.OPERATIONAL,
        "communities": ["Families affected by departures to Syria"],
        "preferred_channel": Channel.EMAIL,
        "email": "family-support.vilvoorde@example.org",
        "languages": ["Dutch", "French"],
    },
    {
        "name": "Volunteer, Parents' circle",
        "role": "Volunteer",
        "organisation": "Parents' circle",
        "communities": ["Families affected by departures to Syria"],
        "is_key_figure": True,
        "preferred_channel": Channel.IN_PERSON,
        "languages": ["Dutch", "French"],
    },
    {
        "name": "Neighbourhood officer, Local police",
        "role": "Neighbourhood officer",
        "organisation": "Local police",
        "partner_level": Level.OPERATIONAL,
        "preferred_channel": Channel.EMAIL,
        "email": "neighbourhood-officer.vilvoorde@example.org",
        "languages": ["Dutch", "French"],
    },
    {
        "name": "School director, Secondary schools of Vilvoorde",
        "role": "School director",
        "organisation": "Secondary schools of Vilvoorde",
        "partner_level": Level.STRATEGIC,
        "preferred_channel": Channel.EMAIL,
        "email": "school-director.vilvoorde@example.org",
    },
    {
        "name": "Head of the youth service, Youth service of the city of Vilvoorde",
        "role": "Head of the youth service",
        "organisation": "Youth service of the city of Vilvoorde",
        "partner_level": Level.STRATEGIC,
        "preferred_channel": Channel.EMAIL,
        "email": "youth-service-head.vilvoorde@example.org",
    },
    {
        "name": "Director, Public social welfare centre",
        "role": "Director",
        "organisation": "Public social welfare centre",
        "partner_level": Level.STRATEGIC,
        "preferred_channel": Channel.EMAIL,
        "email": "welfare-director.vilvoorde@example.org",
    },
    {
        "name": "Chief of police, Local police",
        "role": "Chief of police",
        "organisation": "Local police",
        "partner_level": Level.STRATEGIC,
        "preferred_channel": Channel.EMAIL,
        "email": "chief.police.vilvoorde@example.org",
    },
]

INTERACTIONS = [
    {
        "kind": Contact.COMMUNITY_EVENT,
        "days_ago": 12,
        "asked_of_community": True,
        "community": "Mosque community",
        "people": ["Board member, Mosque association of Vilvoorde"],
        "organisations": ["Mosque association of Vilvoorde"],
        "needs_heard": "Enough parking for people who come to the mosque on Fridays.",
        "interests_heard": "A homework room for children after school.",
        "concerns_heard": "Neighbours complain about cars; the board fears it turns into a "
                          "conflict.",
        "follow_up": "After-chat after the open door day; ask the mobility department.",
        "commitments": [
            {
                "description": "Ask the mobility department about Friday parking near the mosque",
                "made_to": "Mosque association of Vilvoorde",
                "due_in_days": 7,
            },
        ],
    },
    {
        "kind": Contact.MEETING,
        "days_ago": 35,
        "community": None,
        "people": ["Pupil counsellor, Secondary schools of Vilvoorde"],
        "organisations": ["Secondary schools of Vilvoorde"],
        "needs_heard": "Homogeneous group of schools: training on awareness, signals and "
                       "context.",
        "interests_heard": "Meeting youth workers and the police in a heterogeneous group.",
        "concerns_heard": "Teachers fear reporting a pupil does more harm than good.",
        "follow_up": "Plan the first heterogeneous group meeting.",
        "commitments": [
            {
                "description": "Send the slides of the awareness, signals and context training",
                "made_to": "Secondary schools of Vilvoorde",
                "due_in_days": -28,
                "status": Status.DELIVERED,
                "closed_days_ago": 33,
            },
            {
                "description": "Organise the first heterogeneous group meeting with schools, "
                               "youth work and police",
                "made_to": "Secondary schools of Vilvoorde",
                "due_in_days": -4,
            },
        ],
    },
    {
        "kind": Contact.ONE_ON_ONE,
        "days_ago": 64,
        "community": "Families affected by departures to Syria",
        "people": ["Family counsellor, Public social welfare centre", "Volunteer, Parents' circle"],
        "organisations": ["Public social welfare centre", "Parents' circle"],
        "needs_heard": "Someone to talk to without being judged; help with paperwork.",
        "interests_heard": "Warning other parents, in their own words.",
        "concerns_heard": "Journalists at the door; younger brothers and sisters labelled at "
                          "school.",
        "follow_up": "Keep contact through the welfare centre, as the parents asked.",
        "commitments": [
            {
                "description": "Organise a meeting of the parents' circle with a journalist "
                               "trained in careful reporting",
                "made_to": "Volunteer, Parents' circle",
                "due_in_days": -20,
                "status": Status.DROPPED,
                "dropped_reason": "The parents decided they do not want any contact with the "
                                  "media for now. Agreed with them; can be picked up later.",
                "closed_days_ago": 40,
            },
        ],
    },
    {
        "kind": Contact.PHONE_CALL,
        "days_ago": 6,
        "asked_of_community": True,
        "community": "Young people of Vilvoorde",
        "people": ["Street worker, Youth service of the city of Vilvoorde"],
        "organisations": ["Youth service of the city of Vilvoorde"],
        "needs_heard": "A place to hang out in the evening: public infrastructure is short.",
        "interests_heard": "Street football tournament with the neighbourhood club.",
        "concerns_heard": "Young people are stopped by the police often and feel targeted.",
        "follow_up": "Bring the police and the street workers together.",
        "commitments": [
            {
                "description": "Ask the neighbourhood officer to join the street football "
                               "tournament",
                "made_to": "Street worker, Youth service of the city of Vilvoorde",
                "due_in_days": 12,
            },
        ],
    },
]
