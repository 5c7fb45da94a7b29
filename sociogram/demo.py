"""Demo relationships for the sociogram (issue 12 "Done when": a sociogram with both layers
for Rotterdam and Sarcelles), on top of ``demo.loader.load_demo``, which calls
:func:`load_demo_relationships` by dotted path after the meetings (whose attendance gives the
"met at meetings" ties).

The ties are invented for the demo between the demo's own people and organisations, in the
formal network, the informal one and across the two; the notes say "(demo)". For the
organisations the papers name (SPIOR, the Safety House) only what 003 itself reports is
recorded: the women's organisation is a member of SPIOR, the police and the mental health
service are Safety House partners, SPIOR's members are the city's eyes and ears. Idempotent:
a tie is looked up by its two ends and its kind, and saved only when a value differs.
"""

from django.db import transaction

from coordinator.demo_data import upsert
from coordinator.models import Municipality
from networks.models import Organisation, Person

from .models import Relationship
from .models import RelationshipKind as Tie

CHANGE_REASON = "Demo data (load_demo_relationships)"
SAAL = "Head of the prevention team, City of Sarcelles, prevention of violent radicalisation"


def P(name):  # noqa: N802 - reads as a tag in the tables below
    return ("person", name)


def O(name):  # noqa: N802, E743
    return ("organisation", name)


#: slug -> (from, tie, to, strength 1-3, note)
RELATIONSHIPS = {
    "sarcelles": [
        (P(SAAL), Tie.WORKS_WITH,
         P("Trainer, Resource centre on the prevention of violent radicalisation"), 3,
         "Trains the prevention team twice a year (demo)."),
        (P("Pupil welfare officer, Secondary schools of Sarcelles"), Tie.INFORMATION_FLOW,
         P(SAAL), 2, "Passes on worries about pupils, without names (demo)."),
        (P(SAAL), Tie.TRUSTS, P("Chair, Assyro-Chaldean cultural association"), 3,
         "Known for years; the first call after an incident (demo)."),
        (P("Coordinator, Neighbourhood mothers' association"), Tie.INTRODUCED_BY,
         P("Social worker, Reception service for newly arrived refugees"), 2,
         "Introduced at a parents' morning (demo)."),
        (P("Chair, Assyro-Chaldean cultural association"), Tie.TRUSTS,
         P("Board member, Synagogue board of the Small Jerusalem quarter"), 2,
         "Since the dialogue evening (demo)."),
        (P("Coordinator, Neighbourhood mothers' association"), Tie.CONFLICT,
         P("Youth coach, Local football club"), 1,
         "Disagree about the hateful messages after matches (demo)."),
        (P("Youth coach, Local football club"), Tie.WORKS_WITH,
         O("Mentoring pilot for young people"), 2, "Sends players to the mentors (demo)."),
        (O("Secondary schools of Sarcelles"), Tie.WORKS_WITH,
         O("Mentoring pilot for young people"), 2, "Mentors meet pupils at school (demo)."),
        (O("Neighbourhood mothers' association"), Tie.WORKS_WITH,
         O("Reception service for newly arrived refugees"), 1,
         "Welcome coffee for newly arrived families (demo)."),
    ],
    "rotterdam": [
        (O("Women's organisation (SPIOR member)"), Tie.WORKS_WITH, O("SPIOR"), 3,
         "A member of SPIOR."),
        (O("Rotterdam police"), Tie.WORKS_WITH, O("Safety House Rotterdam Region"), 3,
         "A Safety House partner."),
        (O("Mental health service"), Tie.WORKS_WITH, O("Safety House Rotterdam Region"), 3,
         "A Safety House partner for the care track."),
        (O("SPIOR"), Tie.INFORMATION_FLOW, O("Municipal youth and education department"), 2,
         "Its members are the city's eyes and ears."),
        (P("Process coordinator radicalisation, Safety House Rotterdam Region"), Tie.WORKS_WITH,
         P("Neighbourhood officer, Rotterdam police"), 3,
         "Prepare the case consultations together (demo)."),
        (P("Neighbourhood officer, Rotterdam police"), Tie.TRUSTS,
         P("Youth programme volunteer, SPIOR"), 2,
         "Meet at the youth evenings near the mosque (demo)."),
        (P("Chair, Women's organisation (SPIOR member)"), Tie.INTRODUCED_BY,
         P("Director, SPIOR"), 2, "Introduced at a SPIOR gathering (demo)."),
        (P("Youth programme volunteer, SPIOR"), Tie.INFORMATION_FLOW,
         P("Policy adviser, Municipal youth and education department"), 2,
         "Tells what young people meet online (demo)."),
        (P("Director, Safety House Rotterdam Region"), Tie.WORKS_WITH,
         P("District chief, Rotterdam police"), 2, "Steering group (demo)."),
    ],
}


def load_demo_relationships() -> dict:
    """Load (or refresh) the demo relationships of every demo municipality that exists; skip
    a tie whose person or organisation is missing. Returns ``{"relationships": n}``."""
    done = 0
    with transaction.atomic():
        for municipality in Municipality.objects.filter(slug__in=RELATIONSHIPS).order_by("slug"):
            for source, kind, target, strength, note in RELATIONSHIPS[municipality.slug]:
                ends = {**_end("from", municipality, source), **_end("to", municipality, target)}
                if ends[f"from_{source[0]}"] is None or ends[f"to_{target[0]}"] is None:
                    continue
                upsert(Relationship, {"municipality": municipality, "kind": kind, **ends},
                       {"strength": strength, "note": note}, CHANGE_REASON)
                done += 1
    return {"relationships": done}


def _end(side, municipality, end) -> dict:
    """The fields of one end: ``{"<side>_person": Person, "<side>_organisation": None}`` or
    the other way round (None for the record when it is missing)."""
    type_, name = end
    model = Person if type_ == "person" else Organisation
    record = model.objects.filter(municipality=municipality, name=name).first()
    other = "organisation" if type_ == "person" else "person"
    return {f"{side}_{type_}": record, f"{side}_{other}": None}
