"""Demo concerns, on top of ``demo.loader.load_demo`` (which calls :func:`load_demo_concerns` by
dotted path, after the networks and the demo users, in the same transaction).

Each demo municipality gets concerns in every state (open, passed on, answered, reported back,
closed), several answered and reported back; some were registered from what an interaction
heard (the same text as its "concerns heard", so its page links to the concern). The papers
report no such outcomes: where an answer needs someone outside the municipality, it comes from
a fictional organisation added here (``FICTIONAL``), never from a real one named in the papers.
The asks made of communities (``Interaction.asked_of_community``) are set in the data modules
of ``demo``.

Idempotent: a concern is looked up by municipality and topic and saved only when a value
differs, so a second run writes no rows and no history. Dates are days before the day of
loading.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from coordinator.models import Municipality
from networks.models import Community, Organisation, OrganisationKind

from .models import Concern, ConcernState, Interaction

CHANGE_REASON = "Demo data (load_demo_concerns)"

#: Fictional organisations that answer demo concerns: slug -> (name, kind, mandate).
FICTIONAL = {
    "sarcelles": ("Estates housing company", OrganisationKind.OTHER,
                  "Landlord of several housing estates (fictional, demo)."),
    "vilvoorde": ("Town centre parking operator", OrganisationKind.OTHER,
                  "Runs the public car parks of the town centre (fictional, demo)."),
    "rotterdam": ("Tram and bus operator of the south bank", OrganisationKind.OTHER,
                  "Public transport in the south of the city (fictional, demo)."),
    "manchester": ("Moss Side roads contractor", OrganisationKind.OTHER,
                   "Repairs roads and pavements for the council (fictional, demo)."),
}

S = ConcernState
#: slug -> concerns. ``heard``: the ``needs_heard`` of the interaction it was registered from
#: (its description is then that interaction's "concerns heard"); ``to``: "fictional" for the
#: municipality's fictional organisation; days are before the day of loading.
CONCERNS = {
    "sarcelles": [
        {"topic": "Hateful messages on social networks after matches",
         "community": "Young people of Sarcelles", "state": S.OPEN, "raised": 9,
         "heard": "Evening sports hall time and someone to talk to about jobs."},
        {"topic": "Lighting on the way to the synagogue on Friday evenings",
         "community": "Jewish community", "state": S.ROUTED, "raised": 21,
         "heard": "A visible, quick answer from the city when antisemitic graffiti appears.",
         "department": "Public lighting service"},
        {"topic": "The lift of the tower has been broken for three weeks",
         "community": "Maghreb community", "state": S.ANSWERED, "raised": 40, "to": "fictional",
         "description": "Older residents of the tenth floor no longer go out.",
         "answer": "The housing company orders a new lift motor; a temporary stair-climbing "
                   "service starts next week.", "answered": 6},
        {"topic": "Young people feel labelled by the media and by some officials",
         "community": "Maghreb community", "state": S.REPORTED_BACK, "raised": 70,
         "heard": "Help for young adults looking for work; a quiet room for homework.",
         "department": "Prevention of violent radicalisation",
         "answer": "A meeting of young people with the deputy mayor, on their terms, without "
                   "cameras; the municipality's own leaflets were reworded with them.",
         "answered": 40, "reported": 35, "how": "At a meeting with the young people and their mothers"},
        {"topic": "Rubbish bins overflowing behind the community centre",
         "community": "Assyro-Chaldean community", "state": S.REPORTED_BACK, "raised": 60,
         "to": "fictional",
         "answer": "The housing company added two bins and a second collection day.",
         "answered": 30, "reported": 28, "how": "Letter to the cultural association"},
        {"topic": "Noise from the car park at night",
         "community": "Residents of the Small Jerusalem quarter", "state": S.CLOSED,
         "raised": 100, "answer": "The residents agreed among themselves with the shop owner; "
                                  "they asked us to close it."},
    ],
    "vilvoorde": [
        {"topic": "Young people feel targeted by police stops",
         "community": "Young people of Vilvoorde", "state": S.OPEN, "raised": 6,
         "heard": "A place to hang out in the evening: public infrastructure is short."},
        {"topic": "Friday parking near the mosque", "community": "Mosque community",
         "state": S.ROUTED, "raised": 12, "to": "fictional", "department": "Mobility department",
         "heard": "Enough parking for people who come to the mosque on Fridays."},
        {"topic": "Younger brothers and sisters labelled at school",
         "community": "Families affected by departures to Syria", "state": S.ANSWERED,
         "raised": 64, "department": "Education department",
         "heard": "Someone to talk to without being judged; help with paperwork.",
         "answer": "The education department names a contact person the families can call "
                   "when a child is labelled.", "answered": 20},
        {"topic": "No bus to the sports park in the evening",
         "community": "Members of sports clubs", "state": S.REPORTED_BACK, "raised": 80,
         "to": "fictional",
         "answer": "The parking operator opens its shuttle to the sports park on training "
                   "evenings.", "answered": 45, "reported": 40,
         "how": "Announced by the coaches at training"},
        {"topic": "Information for newcomers only in Dutch", "community": "Newcomers to Vilvoorde",
         "state": S.REPORTED_BACK, "raised": 110, "department": "Welcome desk",
         "answer": "The welcome leaflet now exists in French and English too.", "answered": 70,
         "reported": 66, "how": "Handed out at the library"},
        {"topic": "A bench removed from the square", "community": "Young people of Vilvoorde",
         "state": S.CLOSED, "raised": 150, "department": "Public works",
         "answer": "The bench came back after the works.", "answered": 120},
    ],
    "rotterdam": [
        {"topic": "Being asked about radicalisation only",
         "community": "Islamic community of Rotterdam", "state": S.OPEN, "raised": 28,
         "heard": "Support for the gatherings in and around mosques where radicalisation is "
                  "discussed openly."},
        {"topic": "Women wearing a headscarf are insulted in the tram",
         "community": "Muslim women's organisations", "state": S.ROUTED, "raised": 11,
         "to": "fictional", "heard": "Childcare during evening courses."},
        {"topic": "Communities must not feel watched by the network",
         "community": "Safety House partners", "state": S.ROUTED, "raised": 4,
         "heard": "Partners want earlier signals, before a criminal procedure exists.",
         "department": "Process coordination"},
        {"topic": "Parents find no evening course near home", "community": "Mosque congregations",
         "state": S.ANSWERED, "raised": 52, "department": "Community houses desk",
         "answer": "The next evening for parents takes place in the community house nearest "
                   "to the mosque.", "answered": 14},
        {"topic": "Tram stop unlit in winter", "community": "Neighbours of mosques",
         "state": S.REPORTED_BACK, "raised": 90, "to": "fictional",
         "answer": "The operator fixed the lamps and checks them every month now.",
         "answered": 60, "reported": 58, "how": "Letter to the neighbours"},
        {"topic": "Graffiti on the community centre wall", "community": "Neighbours of mosques",
         "state": S.REPORTED_BACK, "raised": 200, "department": "Public works",
         "answer": "Removed within two days.", "answered": 195, "reported": 190,
         "how": "Told the neighbours at the door"},
        {"topic": "A quiet room at the sports centre", "community": "Islamic community of Rotterdam",
         "state": S.CLOSED, "raised": 160,
         "answer": "Closed at the residents' request: they found a room themselves."},
    ],
    "manchester": [
        {"topic": "Hate videos on social media; staff are tired",
         "community": "Young people of Moss Side", "state": S.OPEN, "raised": 8,
         "heard": "Parents need reassurance before they let children come back to the youth "
                  "centres."},
        {"topic": "Women are afraid to go out after headscarves were pulled off",
         "community": "Libyan women and girls", "state": S.ROUTED, "raised": 24,
         "department": "Community safety",
         "heard": "A safe place for girls' activities, close to home."},
        {"topic": "How the media portray the community", "community": "Libyan community",
         "state": S.ANSWERED, "raised": 38, "department": "Council press office",
         "heard": "A quick answer when members report hate crime.",
         "answer": "The council's press office now checks with the community before a "
                   "statement that names it.", "answered": 10},
        {"topic": "Roads that stay blocked and who repairs damage",
         "community": "Moss Side residents", "state": S.REPORTED_BACK, "raised": 86,
         "to": "fictional",
         "answer": "The contractor reopened the two roads and repairs the pavements by the end "
                   "of the month.", "answered": 70, "reported": 66,
         "how": "Written answer to every question of the community meeting"},
        {"topic": "Street lights out on the way to school", "community": "Parents in Moss Side",
         "state": S.REPORTED_BACK, "raised": 120, "to": "fictional",
         "answer": "All lamps on the route were replaced.", "answered": 100, "reported": 95,
         "how": "Note in the school newsletter"},
        {"topic": "A place to pray during the city festival",
         "community": "Faith communities of Manchester", "state": S.CLOSED, "raised": 300,
         "answer": "The festival is over; the organisers will be asked earlier next year.",
         "answered": None},
    ],
}


def load_demo_concerns(today=None) -> dict[str, int]:
    """Load ``CONCERNS`` for each demo municipality that exists (with its communities,
    interactions and ``<slug>-coordinator``). Returns ``{"concerns": number saved}``. Raises
    ``ValidationError`` if a row breaks a rule of ``Concern.clean``."""
    today = today or timezone.localdate()
    saved = 0
    with transaction.atomic():
        for slug, rows in CONCERNS.items():
            municipality = Municipality.objects.filter(slug=slug).first()
            owner = get_user_model().objects.filter(username=f"{slug}-coordinator").first()
            if municipality is None or owner is None:
                continue
            fictional = _fictional(municipality, *FICTIONAL[slug])
            for row in rows:
                saved += _load(row, municipality, owner, fictional, today)
    return {"concerns": saved}


def _fictional(municipality, name, kind, mandate):
    organisation, _created = Organisation.objects.get_or_create(
        municipality=municipality, name=name, defaults={"kind": kind, "mandate": mandate})
    return organisation


def _day(today, days):
    return None if days is None else today - timedelta(days=days)


def _load(row, municipality, owner, fictional, today) -> int:
    community = Community.objects.get(municipality=municipality, name=row["community"])
    interaction = None
    description = row.get("description", "")
    if "heard" in row:
        interaction = Interaction.objects.get(municipality=municipality,
                                              needs_heard=row["heard"])
        description = interaction.concerns_heard
    values = {
        "community": community, "description": description, "interaction": interaction,
        "raised_on": _day(today, row["raised"]), "state": row["state"], "owner": owner,
        "raised_by_organisation": interaction.organisations.order_by("name").first()
        if interaction else None,
        "raised_by_person": interaction.people.order_by("name").first() if interaction else None,
        "routed_to_department": row.get("department", ""),
        "routed_to_organisation": fictional if row.get("to") == "fictional" else None,
        "answer": row.get("answer", ""), "answered_on": _day(today, row.get("answered")),
        "reported_back_on": _day(today, row.get("reported")),
        "reported_back_how": row.get("how", ""),
    }
    concern = Concern.objects.filter(municipality=municipality, topic=row["topic"]).first()
    if concern is None:
        concern = Concern(municipality=municipality, topic=row["topic"], **values)
    else:
        changed = {k: v for k, v in values.items() if getattr(concern, k) != v}
        if not changed:
            return 0
        for field, value in changed.items():
            setattr(concern, field, value)
    concern.full_clean()
    concern._change_reason = CHANGE_REASON
    concern.save()
    return 1
