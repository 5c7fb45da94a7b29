"""Sarcelles (France), from 003 "Practice of Vilvoorde" (the Sarcelles slides): 60,000
inhabitants, 47 % under 30, 90 nationalities, the first Jewish community of France (about 16,000,
a quarter nicknamed "Small Jerusalem"), about 5,000 Assyro-Chaldeans (Christians of the East),
Maghreb and Sub-Saharan African communities, 350 recently arrived refugees; the preventive
approach (resource centre, counter-speech, annual training, mentoring pilot, fight against
racism and antisemitism, #CoexistSarcelles).

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
    "slug": "sarcelles",
    "name": "Sarcelles",
    "country": "France",
    "population": 60000,
    "languages": ["French"],
    "default_language": "fr",  # its members' screens and e-mails
}

PORTAL_ORGANISATION = "Assyro-Chaldean cultural association"
SECOND_PORTAL_ORGANISATION = "Neighbourhood mothers' association"

PRECONDITIONS = {
    "effects_wanted": (
        "People of the 90 nationalities of Sarcelles live together in mutual respect, and "
        "communities raise worries about young people early, with the city and with each other. "
        "Racism and antisemitism get a visible, multidisciplinary answer."
    ),
    "budget_eur": 85000,
    "staff_hours_per_month": 220,
    "resources_notes": (
        "One full-time coordinator and part of the prevention team. No budget for new premises: "
        "meetings use the resource centre and community venues. Demo figures."
    ),
}

#: The measurable goals of the preconditions (002 step 1.1), each with its reviews (step 4:
#: "update objectives"). Targets and progress are demo figures. Days are relative to loading;
#: ``next_in_days`` below zero makes a review overdue.
GOALS = [
    {
        "term": "short",
        "goal": "Every community mapped has a named point of contact at the city",
        "target": "7 of 7 communities mapped have a named contact",
        "target_value": 7,
        "due_in_days": 120,
        "review_interval_days": 90,
        "reviews": [
            {"days_ago": 80, "progress": "Five communities have a named contact; the refugees' "
             "and the young people's are still open.", "percent_done": 70, "measured_value": 5,
             "next_in_days": 10},
        ],
    },
    {
        "term": "short",
        "goal": "120 professionals of the partners follow the annual training on "
                "radicalisation, signs and indicators, and the values of the Republic",
        "target": "120 professionals trained this year",
        "target_value": 120,
        "due_in_days": 200,
        "review_interval_days": 60,
        "reviews": [
            {"days_ago": 130, "progress": "Two sessions held, with teachers and youth workers.",
             "percent_done": 30, "measured_value": 36, "next_in_days": -70},
            {"days_ago": 75, "progress": "A third session for social workers; the police "
             "session was postponed.", "percent_done": 45, "measured_value": 54,
             "next_in_days": -15},
        ],
    },
    {
        "term": "short",
        "goal": "10 young people join the mentoring pilot",
        "target": "10 mentoring pairs started",
        "target_value": 10,
        "due_in_days": 90,
        "review_interval_days": 90,
        "reviews": [],
        "next_review_in_days": 30,
    },
    {
        "term": "long",
        "goal": "Reported antisemitic and racist incidents go down, and more of them are "
                "reported",
        "target": "Fewer incidents a year, and a higher share of them reported (compared with "
                  "the year before)",
        "due_in_days": 1000,
        "review_interval_days": 180,
        "reviews": [
            {"days_ago": 40, "progress": "The yearly figures are not in yet; the partners agreed "
             "on one way of counting reports.", "percent_done": 10, "next_in_days": 140},
        ],
    },
    {
        "term": "long",
        "goal": "Communities co-write the #CoexistSarcelles counter-speech",
        "target": "Every community mapped has contributed at least once",
        "due_in_days": 700,
        "review_interval_days": 180,
        "reviews": [],
        "next_review_in_days": 100,
    },
]

ORGANISATIONS = [
    {
        "name": "City of Sarcelles, prevention of violent radicalisation",
        "kind": Org.LOCAL_AUTHORITY,
        "mandate": (
            "Runs the preventive approach of Sarcelles: counter-speech, the annual training of "
            "partners, multidisciplinary follow-up of young people, the fight against racism "
            "and antisemitism."
        ),
        "communities": ["Young people of Sarcelles"],
    },
    {
        "name": "Resource centre on the prevention of violent radicalisation",
        "kind": Org.LOCAL_AUTHORITY,
        "mandate": "A nation-wide place of resources on the prevention of violent "
                   "radicalisation, hosted in Sarcelles.",
    },
    {
        "name": "Mentoring pilot for young people",
        "kind": Org.YOUTH_WORK,
        "mandate": "Pilot mentoring project: restores family, social and economic links of "
                   "young people at risk of social isolation.",
        "communities": ["Young people of Sarcelles"],
    },
    {
        "name": "Secondary schools of Sarcelles",
        "kind": Org.SCHOOL,
        "mandate": "Heads and teachers of the secondary schools; partners of the annual training.",
        "communities": ["Young people of Sarcelles"],
    },
    {
        "name": "Reception service for newly arrived refugees",
        "kind": Org.SOCIAL_WORK,
        "mandate": "Social workers who welcome refugees: housing, papers, French classes.",
        "communities": ["Recently arrived refugees"],
    },
    {
        "name": "Synagogue board of the Small Jerusalem quarter",
        "kind": Org.FAITH_ORGANISATION,
        "mandate": "Runs a synagogue and its community activities.",
        "communities": ["Jewish community"],
    },
    {
        "name": "Assyro-Chaldean cultural association",
        "kind": Org.CULTURAL_ASSOCIATION,
        "mandate": "Keeps the language and history of the Christians of the East alive; "
                   "welcomes families newly arrived from Iraq, Syria and Turkey.",
        "communities": ["Assyro-Chaldean community"],
    },
    {
        "name": "Neighbourhood mothers' association",
        "kind": Org.COMMUNITY_ORGANISATION,
        "mandate": "Mothers from many origins who meet weekly: homework help, outings, advice.",
        "communities": ["Maghreb community", "Sub-Saharan African communities"],
    },
    {
        "name": "Local football club",
        "kind": Org.SPORTS_CLUB,
        "mandate": "Amateur club with youth teams from every neighbourhood.",
        "communities": ["Young people of Sarcelles"],
    },
]

COMMUNITIES = [
    {
        "name": "Jewish community",
        "kind": Kind.IDENTITY_FAITH,
        "faith": "Judaism",
        "description": "The first Jewish community of France.",
        "local_history": "A quarter of the city is nicknamed \"Small Jerusalem\".",
        "estimated_size": 16000,
        "gathering_places": [Place.PLACE_OF_WORSHIP, Place.COMMUNITY_CENTRE, Place.SUPERMARKET],
        "gathering_notes": "Synagogues and shops of the Small Jerusalem quarter",
        "found_through": Found.EXISTING_NETWORKS,
        "languages": ["French", "Hebrew"],
        "engagement_step": 3,
        "verified_days_ago": 40,
    },
    {
        "name": "Residents of the Small Jerusalem quarter",
        "kind": Kind.LOCATION,
        "description": "Everyone who lives in the quarter, whatever their faith.",
        "estimated_size": 4000,
        "gathering_places": [Place.SUPERMARKET, Place.LIBRARY],
        "found_through": Found.VISITS,
        "languages": ["French"],
        "engagement_step": 1,
        "verified_days_ago": 210,
        "overlapping": ["Jewish community"],
    },
    {
        "name": "Assyro-Chaldean community",
        "kind": Kind.IDENTITY_FAITH,
        "ethnicity": "Assyro-Chaldean",
        "faith": "Eastern Christianity",
        "description": "An important community of Christians of the East.",
        "estimated_size": 5000,
        "gathering_places": [Place.PLACE_OF_WORSHIP, Place.COMMUNITY_CENTRE],
        "gathering_notes": "The parish church and the cultural association's hall",
        "found_through": Found.VISITS,
        "languages": ["French", "Neo-Aramaic"],
        "engagement_step": 4,
        "verified_days_ago": 20,
    },
    {
        "name": "Maghreb community",
        "kind": Kind.IDENTITY_ETHNICITY,
        "ethnicity": "Maghreb origin",
        "description": "Families with roots in Algeria, Morocco and Tunisia.",
        "gathering_places": [Place.COMMUNITY_CENTRE, Place.SUPERMARKET, Place.SPORTS_CLUB],
        "found_through": Found.EXISTING_NETWORKS,
        "languages": ["French", "Arabic", "Tamazight"],
        "engagement_step": 2,
        "verified_days_ago": 95,
    },
    {
        "name": "Sub-Saharan African communities",
        "kind": Kind.IDENTITY_ETHNICITY,
        "ethnicity": "Sub-Saharan African origin",
        "description": "Many nationalities, many associations: not one community.",
        "gathering_places": [Place.PLACE_OF_WORSHIP, Place.COMMUNITY_CENTRE, Place.ONLINE],
        "found_through": Found.ONLINE,
        "languages": ["French"],
        "engagement_step": 1,
        "verified_days_ago": 250,
    },
    {
        "name": "Recently arrived refugees",
        "kind": Kind.IDENTITY_INTEREST,
        "description": "350 refugees arrived in the last months. Languages to be found out.",
        "estimated_size": 350,
        "gathering_places": [Place.COMMUNITY_CENTRE, Place.LIBRARY],
        "found_through": Found.EXISTING_NETWORKS,
        "engagement_step": 1,
        "verified_days_ago": None,
    },
    {
        "name": "Young people of Sarcelles",
        "kind": Kind.IDENTITY_INTEREST,
        "description": "47 % of the inhabitants are under 30; unemployment reaches 40 % in "
                       "certain districts.",
        "estimated_size": 28000,
        "gathering_places": [Place.SCHOOL, Place.SPORTS_CLUB, Place.YOUTH_CENTRE, Place.ONLINE],
        "found_through": Found.EXISTING_NETWORKS,
        "languages": ["French"],
        "engagement_step": 2,
        "verified_days_ago": 15,
    },
]

PEOPLE = [
    {
        "name": "Board member, Synagogue board of the Small Jerusalem quarter",
        "role": "Board member",
        "organisation": "Synagogue board of the Small Jerusalem quarter",
        "communities": ["Jewish community"],
        "is_key_figure": True,
        "preferred_channel": Channel.PHONE,
        "phone": "+33 1 99 00 10 01",
        "languages": ["French", "Hebrew"],
    },
    {
        "name": "Chair, Assyro-Chaldean cultural association",
        "role": "Chair",
        "organisation": "Assyro-Chaldean cultural association",
        "communities": ["Assyro-Chaldean community"],
        "is_key_figure": True,
        "preferred_channel": Channel.MESSAGING,
        "phone": "+33 1 99 00 10 02",
        "languages": ["French", "Neo-Aramaic"],
    },
    {
        "name": "Coordinator, Neighbourhood mothers' association",
        "role": "Coordinator",
        "organisation": "Neighbourhood mothers' association",
        "partner_level": Level.OPERATIONAL,
        "communities": ["Maghreb community", "Sub-Saharan African communities"],
        "is_key_figure": True,
        "preferred_channel": Channel.IN_PERSON,
        "languages": ["French", "Arabic"],
    },
    {
        "name": "Youth coach, Local football club",
        "role": "Youth coach",
        "organisation": "Local football club",
        "communities": ["Young people of Sarcelles"],
        "preferred_channel": Channel.MESSAGING,
        "phone": "+33 1 99 00 10 03",
        "languages": ["French"],
    },
    {
        "name": "Head teacher, Secondary schools of Sarcelles",
        "role": "Head teacher",
        "organisation": "Secondary schools of Sarcelles",
        "partner_level": Level.STRATEGIC,
        "communities": ["Young people of Sarcelles"],
        "preferred_channel": Channel.EMAIL,
        "email": "head-teacher.sarcelles@example.org",
        "languages": ["French"],
    },
    {
        "name": "Social worker, Reception service for newly arrived refugees",
        "role": "Social worker",
        "organisation": "Reception service for newly arrived refugees",
        "partner_level": Level.OPERATIONAL,
        "communities": ["Recently arrived refugees"],
        "preferred_channel": Channel.EMAIL,
        "email": "refugee-reception.sarcelles@example.org",
        "languages": ["French", "English", "Arabic"],
    },
    {
        "name": "Head of service, Reception service for newly arrived refugees",
        "role": "Head of service",
        "organisation": "Reception service for newly arrived refugees",
        "partner_level": Level.STRATEGIC,
        "preferred_channel": Channel.EMAIL,
        "email": "head-of-service.refugee-reception.sarcelles@example.org",
    },
    {
        "name": "Pupil welfare officer, Secondary schools of Sarcelles",
        "role": "Pupil welfare officer",
        "organisation": "Secondary schools of Sarcelles",
        "partner_level": Level.OPERATIONAL,
        "communities": ['Young people of Sarcelles'],
        "preferred_channel": Channel.EMAIL,
        "email": "pupil-welfare.sarcelles@example.org",
    },
    {
        "name": "Head of the prevention team, City of Sarcelles, prevention of violent radicalisation",
        "role": "Head of the prevention team",
        "organisation": "City of Sarcelles, prevention of violent radicalisation",
        "partner_level": Level.STRATEGIC,
        "preferred_channel": Channel.EMAIL,
        "email": "prevention-head.sarcelles@example.org",
    },
    {
        "name": "Trainer, Resource centre on the prevention of violent radicalisation",
        "role": "Trainer",
        "organisation": "Resource centre on the prevention of violent radicalisation",
        "partner_level": Level.OPERATIONAL,
        "preferred_channel": Channel.EMAIL,
        "email": "trainer.resource-centre.sarcelles@example.org",
    },
]

INTERACTIONS = [
    {
        "kind": Contact.MEETING,
        "days_ago": 21,
        "asked_of_community": True,
        "community": "Jewish community",
        "people": ["Board member, Synagogue board of the Small Jerusalem quarter"],
        "organisations": ["Synagogue board of the Small Jerusalem quarter"],
        "needs_heard": "A visible, quick answer from the city when antisemitic graffiti appears.",
        "interests_heard": "Taking part in the annual training as speakers, not only as guests.",
        "concerns_heard": "Families feel less safe walking to the synagogue on Friday evenings.",
        "follow_up": "Bring the question of lighting on the route to the next safety meeting.",
        "commitments": [
            {
                "description": "Send the programme of the annual training on racism and "
                               "antisemitism to the synagogue board",
                "made_to": "Synagogue board of the Small Jerusalem quarter",
                "due_in_days": 5,
            },
            {
                "description": "Report back on graffiti removal times in the quarter",
                "made_to": "Synagogue board of the Small Jerusalem quarter",
                "due_in_days": -14,
                "status": Status.DELIVERED,
                "closed_days_ago": 16,
            },
        ],
    },
    {
        "kind": Contact.COMMUNITY_EVENT,
        "days_ago": 45,
        "community": "Assyro-Chaldean community",
        "people": ["Chair, Assyro-Chaldean cultural association"],
        "organisations": ["Assyro-Chaldean cultural association"],
        "needs_heard": "French classes for families who arrived recently from Iraq and Syria.",
        "interests_heard": "Telling the history of the Christians of the East in schools.",
        "concerns_heard": "News from Iraq and Syria weighs on the families.",
        "follow_up": "Ask the secondary schools whether a class visit is possible.",
        "commitments": [
            {
                "description": "Ask the secondary schools whether the association can present "
                               "its history in class",
                "made_to": "Assyro-Chaldean cultural association",
                "due_in_days": -6,
            },
        ],
    },
    {
        "kind": Contact.ONE_ON_ONE,
        "days_ago": 70,
        "community": "Maghreb community",
        "people": ["Coordinator, Neighbourhood mothers' association"],
        "organisations": ["Neighbourhood mothers' association"],
        "needs_heard": "Help for young adults looking for work; a quiet room for homework.",
        "interests_heard": "Mothers want to meet mothers of other neighbourhoods.",
        "concerns_heard": "Young people feel labelled by the media and by some officials.",
        "follow_up": "Introduce the association to the local employment service.",
        "commitments": [
            {
                "description": "Put the mothers' association in touch with the local "
                               "employment service",
                "made_to": "Coordinator, Neighbourhood mothers' association",
                "due_in_days": -50,
                "status": Status.DELIVERED,
                "closed_days_ago": 55,
            },
            {
                "description": "Find a room in the town hall annex for an evening homework club",
                "made_to": "Neighbourhood mothers' association",
                "due_in_days": -30,
                "status": Status.DROPPED,
                "dropped_reason": "The annex is closed for renovation until next year. Said so "
                                  "in person and offered a room at the library instead.",
                "closed_days_ago": 35,
            },
        ],
    },
    {
        "kind": Contact.MEETING,
        "days_ago": 9,
        "asked_of_community": True,
        "community": "Young people of Sarcelles",
        "people": ["Youth coach, Local football club"],
        "organisations": ["Local football club", "Mentoring pilot for young people"],
        "needs_heard": "Evening sports hall time and someone to talk to about jobs.",
        "interests_heard": "Young players want to make short videos for #CoexistSarcelles.",
        "concerns_heard": "Hateful messages on social networks after matches.",
        "follow_up": "Link the coach with the counter-speech team.",
        "commitments": [
            {
                "description": "Invite two young players to co-write the next "
                               "#CoexistSarcelles posts",
                "made_to": "Youth coach, Local football club",
                "due_in_days": 24,
            },
        ],
    },
]
