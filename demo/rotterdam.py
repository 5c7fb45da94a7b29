"""Rotterdam (the Netherlands), from 003 "Examples of the local network in Rotterdam": the Safety
House Rotterdam Region (care and punishment under one roof; radicalisation case consultations
since 1 May 2015) and SPIOR, the Platform for Islamic Organisations in Rijnmond (most mosques of
Rotterdam, socio-cultural, youth and women's organisations; gatherings in and around mosques;
its member organisations act as the city's eyes and ears). The papers give no population for
Rotterdam, so none is set.

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
    "slug": "rotterdam",
    "name": "Rotterdam",
    "country": "Netherlands",
    "population": None,
    "languages": ["Dutch"],
    "default_language": "nl",  # its members' screens and e-mails
}

PORTAL_ORGANISATION = "SPIOR"
SECOND_PORTAL_ORGANISATION = "Women's organisation (SPIOR member)"

PRECONDITIONS = {
    "effects_wanted": (
        "Radicalisation is a topic of open discussion in the Islamic community and beyond; "
        "worries reach the Safety House early, before any criminal procedure."
    ),
    "budget_eur": 120000,
    "staff_hours_per_month": 320,
    "resources_notes": "Two coordinators; the Safety House partners bring their own staff. "
                       "Demo figures.",
}

#: The measurable goals of the preconditions (002 step 1.1), each with its reviews (step 4:
#: "update objectives"). Targets and progress are demo figures. Days are relative to loading;
#: ``next_in_days`` below zero makes a review overdue.
GOALS = [
    {
        "term": "short",
        "goal": "Four gatherings in and around mosques this year, organised with SPIOR",
        "target": "4 gatherings this year",
        "target_value": 4,
        "due_in_days": 240,
        "review_interval_days": 90,
        "reviews": [
            {"days_ago": 95, "progress": "Two gatherings held, both well attended by neighbours.",
             "percent_done": 50, "measured_value": 2, "next_in_days": -5},
        ],
    },
    {
        "term": "short",
        "goal": "Every SPIOR member organisation knows the municipal contact for "
                "discrimination reports",
        "target": "Every member organisation confirmed it has the contact",
        "due_in_days": 60,
        "review_interval_days": 60,
        "reviews": [
            {"days_ago": 20, "progress": "The contact was presented at SPIOR's members' "
             "meeting; three organisations were absent.", "percent_done": 80,
             "next_in_days": 40},
        ],
    },
    {
        "term": "long",
        "goal": "Early case consultations at the Safety House rise, late ones fall",
        "target": "More cases discussed before an incident than after, over a year",
        "due_in_days": 800,
        "review_interval_days": 180,
        "reviews": [],
        "next_review_in_days": 60,
    },
    {
        "term": "long",
        "goal": "Muslim youth and women's organisations take part in the city's prevention "
                "network",
        "target": "At least one youth and one women's organisation in the network",
        "target_value": 2,
        "due_in_days": 500,
        "review_interval_days": 180,
        "reviews": [
            {"days_ago": 50, "progress": "The women's organisation is being assessed as a "
             "partner.", "percent_done": 25, "measured_value": 0, "next_in_days": 130},
        ],
    },
]

ORGANISATIONS = [
    {
        "name": "Safety House Rotterdam Region",
        "kind": Org.LOCAL_AUTHORITY,
        "mandate": (
            "Hosts institutions for criminal investigation, prosecution, sentencing and aid under "
            "a single roof; custom strategies for people with many problems at once. Since 1 May "
            "2015 it holds case consultations on radicalisation, also without criminal procedure."
        ),
        "communities": ["Safety House partners"],
    },
    {
        "name": "SPIOR",
        "kind": Org.FAITH_ORGANISATION,
        "mandate": (
            "Stichting Platform Islamitische Organisaties Rijnmond, the Islamic umbrella "
            "organisation of Rotterdam and neighbouring towns. Since 1988 it works to improve the "
            "participation of Muslims: participation and skills, education and awareness, "
            "anti-discrimination."
        ),
        "website": "https://www.spior.nl/",
        "communities": [
            "Islamic community of Rotterdam", "Mosque congregations", "Muslim youth",
            "Muslim women's organisations",
        ],
    },
    {
        "name": "Municipal youth and education department",
        "kind": Org.LOCAL_AUTHORITY,
        "mandate": "Youth policy, schools and truancy.",
        "communities": ["Muslim youth"],
    },
    {
        "name": "Rotterdam police",
        "kind": Org.POLICE,
        "mandate": "Neighbourhood teams; a Safety House partner.",
        "communities": ["Safety House partners"],
    },
    {
        "name": "Mental health service",
        "kind": Org.MENTAL_HEALTH,
        "mandate": "Outpatient care; a Safety House partner for the care track.",
        "communities": ["Safety House partners"],
    },
    {
        "name": "Women's organisation (SPIOR member)",
        "kind": Org.COMMUNITY_ORGANISATION,
        "mandate": "Courses, meetings and advice for women; a member of SPIOR.",
        "communities": ["Muslim women's organisations"],
    },
]

COMMUNITIES = [
    {
        "name": "Islamic community of Rotterdam",
        "kind": Kind.IDENTITY_FAITH,
        "faith": "Islam",
        "description": "Reached through SPIOR and its member organisations.",
        "gathering_places": [Place.PLACE_OF_WORSHIP, Place.COMMUNITY_CENTRE, Place.SCHOOL],
        "found_through": Found.EXISTING_NETWORKS,
        "languages": ["Dutch", "Turkish", "Arabic", "Tamazight"],
        "engagement_step": 4,
        "verified_days_ago": 25,
    },
    {
        "name": "Mosque congregations",
        "kind": Kind.ORGANISATIONAL,
        "faith": "Islam",
        "description": "Most mosques of Rotterdam are SPIOR members.",
        "gathering_places": [Place.PLACE_OF_WORSHIP],
        "found_through": Found.EXISTING_NETWORKS,
        "languages": ["Dutch", "Turkish", "Arabic"],
        "engagement_step": 3,
        "verified_days_ago": 190,
        "parents": ["Islamic community of Rotterdam"],
        "contact_outsourced_to": "SPIOR",
    },
    {
        "name": "Muslim youth",
        "kind": Kind.IDENTITY_INTEREST,
        "description": "Members of the youth organisations of SPIOR, and young Muslims who are "
                       "in none: they are at school, at work, in sports clubs.",
        "gathering_places": [Place.SCHOOL, Place.SPORTS_CLUB, Place.ONLINE],
        "found_through": Found.ONLINE,
        "languages": ["Dutch"],
        "engagement_step": 2,
        "verified_days_ago": 80,
        "parents": ["Islamic community of Rotterdam"],
    },
    {
        "name": "Muslim women's organisations",
        "kind": Kind.ORGANISATIONAL,
        "description": "Women's organisations that are members of SPIOR.",
        "gathering_places": [Place.COMMUNITY_CENTRE],
        "found_through": Found.EXISTING_NETWORKS,
        "languages": ["Dutch", "Turkish", "Arabic"],
        "engagement_step": 2,
        "verified_days_ago": 45,
        "parents": ["Islamic community of Rotterdam"],
    },
    {
        "name": "Safety House partners",
        "kind": Kind.ORGANISATIONAL,
        "description": "The institutions working under the Safety House roof.",
        "gathering_places": [Place.OTHER],
        "gathering_notes": "Safety House Rotterdam Region",
        "found_through": Found.EXISTING_NETWORKS,
        "languages": ["Dutch"],
        "engagement_step": 4,
        "verified_days_ago": 10,
    },
    {
        "name": "Neighbours of mosques",
        "kind": Kind.LOCATION,
        "description": "Residents of the streets around the larger mosques: parking and noise "
                       "are their first topics.",
        "gathering_places": [Place.SUPERMARKET, Place.COMMUNITY_CENTRE],
        "found_through": Found.FLYERS,
        "languages": ["Dutch"],
        "engagement_step": 1,
        "verified_days_ago": None,
    },
]

PEOPLE = [
    {
        "name": "Director, SPIOR",
        "role": "Director",
        "organisation": "SPIOR",
        "partner_level": Level.STRATEGIC,
        "communities": ["Islamic community of Rotterdam", "Mosque congregations"],
        "is_key_figure": True,
        "preferred_channel": Channel.EMAIL,
        "email": "director.spior@example.org",
        "languages": ["Dutch", "Turkish"],
    },
    {
        "name": "Youth programme volunteer, SPIOR",
        "role": "Youth programme volunteer",
        "organisation": "SPIOR",
        "partner_level": Level.OPERATIONAL,
        "communities": ["Muslim youth"],
        "is_key_figure": True,
        "preferred_channel": Channel.IN_PERSON,
        "languages": ["Dutch", "Arabic"],
    },
    {
        "name": "Chair, Women's organisation (SPIOR member)",
        "role": "Chair",
        "organisation": "Women's organisation (SPIOR member)",
        "communities": ["Muslim women's organisations"],
        "is_key_figure": True,
        "preferred_channel": Channel.IN_PERSON,
        "languages": ["Dutch", "Tamazight"],
    },
    {
        "name": "Process coordinator radicalisation, Safety House Rotterdam Region",
        "role": "Process coordinator radicalisation",
        "organisation": "Safety House Rotterdam Region",
        "partner_level": Level.OPERATIONAL,
        "communities": ["Safety House partners"],
        "preferred_channel": Channel.EMAIL,
        "email": "radicalisation.safetyhouse@example.org",
        "languages": ["Dutch", "English"],
    },
    {
        "name": "Neighbourhood officer, Rotterdam police",
        "role": "Neighbourhood officer",
        "organisation": "Rotterdam police",
        "partner_level": Level.OPERATIONAL,
        "preferred_channel": Channel.EMAIL,
        "email": "neighbourhood-officer.rotterdam@example.org",
        "languages": ["Dutch"],
    },
    {
        "name": "Director, Safety House Rotterdam Region",
        "role": "Director",
        "organisation": "Safety House Rotterdam Region",
        "partner_level": Level.STRATEGIC,
        "preferred_channel": Channel.EMAIL,
        "email": "director.safetyhouse@example.org",
    },
    {
        "name": "District chief, Rotterdam police",
        "role": "District chief",
        "organisation": "Rotterdam police",
        "partner_level": Level.STRATEGIC,
        "preferred_channel": Channel.EMAIL,
        "email": "district-chief.rotterdam@example.org",
    },
    {
        "name": "Policy adviser, Municipal youth and education department",
        "role": "Policy adviser",
        "organisation": "Municipal youth and education department",
        "partner_level": Level.OPERATIONAL,
        "preferred_channel": Channel.EMAIL,
        "email": "youth-education.rotterdam@example.org",
    },
]

INTERACTIONS = [
    {
        "kind": Contact.MEETING,
        "days_ago": 28,
        "community": "Islamic community of Rotterdam",
        "people": ["Director, SPIOR"],
        "organisations": ["SPIOR"],
        "needs_heard": "Support for the gatherings in and around mosques where radicalisation "
                       "is discussed openly.",
        "interests_heard": "Anti-discrimination training for mosque boards.",
        "concerns_heard": "Discrimination at work and online; being asked about radicalisation "
                          "only.",
        "follow_up": "Share the municipal contact points for discrimination reports.",
        "commitments": [
            {
                "description": "Send the municipal contact points for discrimination reports to "
                               "SPIOR's member organisations",
                "made_to": "Director, SPIOR",
                "due_in_days": 3,
            },
            {
                "description": "Pay the hall rent of the spring gathering",
                "made_to": "SPIOR",
                "due_in_days": -40,
                "status": Status.DROPPED,
                "dropped_reason": "Paying a partner requires a cleared assessment first. "
                                  "Explained to SPIOR; the assessment is planned.",
                "closed_days_ago": 26,
            },
        ],
    },
    {
        "kind": Contact.COMMUNITY_EVENT,
        "days_ago": 52,
        "asked_of_community": True,
        "community": "Mosque congregations",
        "people": ["Director, SPIOR", "Youth programme volunteer, SPIOR"],
        "organisations": ["SPIOR"],
        "needs_heard": "Parents want to know how to talk with teenagers about what they see "
                       "online.",
        "interests_heard": "A follow-up evening for mothers and fathers.",
        "concerns_heard": "Young people hear simplistic answers online before they hear the imam.",
        "follow_up": "Plan a follow-up evening with the youth department.",
        "commitments": [
            {
                "description": "Bring a speaker from the youth and education department to the "
                               "follow-up evening",
                "made_to": "SPIOR",
                "due_in_days": -10,
                "status": Status.DELIVERED,
                "closed_days_ago": 12,
            },
        ],
    },
    {
        "kind": Contact.PHONE_CALL,
        "days_ago": 11,
        "community": "Muslim women's organisations",
        "people": ["Chair, Women's organisation (SPIOR member)"],
        "organisations": ["Women's organisation (SPIOR member)"],
        "needs_heard": "Childcare during evening courses.",
        "interests_heard": "A course on online safety for mothers.",
        "concerns_heard": "Women wearing a headscarf are insulted in the tram.",
        "follow_up": "Ask the youth and education department about the course.",
        "commitments": [
            {
                "description": "Find out whether the online safety course can be given in "
                               "Dutch and Tamazight",
                "made_to": "Chair, Women's organisation (SPIOR member)",
                "due_in_days": -2,
            },
        ],
    },
    {
        "kind": Contact.MEETING,
        "days_ago": 4,
        "asked_of_community": True,
        "community": "Safety House partners",
        "people": ["Process coordinator radicalisation, Safety House Rotterdam Region"],
        "organisations": ["Safety House Rotterdam Region", "Rotterdam police",
                          "Mental health service"],
        "needs_heard": "Partners want earlier signals, before a criminal procedure exists.",
        "interests_heard": "Hearing how SPIOR's member organisations see current issues.",
        "concerns_heard": "Communities must not feel watched by the network.",
        "follow_up": "Invite SPIOR to explain its work at the next partners' meeting.",
        "commitments": [
            {
                "description": "Invite SPIOR to the next Safety House partners' meeting",
                "made_to": "Safety House Rotterdam Region",
                "due_in_days": 20,
            },
        ],
    },
]
