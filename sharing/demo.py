"""Demo information-sharing agreements (issue 7 "Demo data"), on top of ``demo.loader.load_demo``
(which calls :func:`load_demo_agreements` by dotted path, after the networks and demo users).

- **Rotterdam**: the Safety House agreement (003 "Safety House Rotterdam Region": care and
  punishment under one roof; radicalisation case consultations since 1 May 2015), active: the
  municipality with the police, youth care and the mental health service, covering interaction
  notes, commitments and community profiles, with no Article 9 condition (partners never see
  ethnicity or faith). ``rotterdam-police`` is a partner professional of the police;
  ``rotterdam-school`` one of a school that is party to no agreement.
- **Sarcelles**: an active agreement with the secondary schools (commitments, organisations and
  contacts), under which one interaction note is shared individually with the schools (a
  per-record grant, ``InteractionGrant``); and an ended agreement with a street mediation
  association. The papers report no such agreements or their outcome: both, the association
  and its ending are fictional, for the demo. ``sarcelles-school`` and ``sarcelles-partner``
  are their partner professionals.

Youth care in Rotterdam and the Rotterdam school are not in the networks demo: they are added
here (fictional names of real kinds of partner, 003 "formal network"). Idempotent: every record
is looked up by a natural key and saved only when a value differs, so a second run writes no
rows and no history. Dates are relative to the day of loading. Partner professionals get the
published demo password (``coordinator.passwords.DEMO_PASSWORD``).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from coordinator.access import InformationCategory as Category
from coordinator.demo_data import upsert
from coordinator.models import Membership, Municipality, Role
from coordinator.passwords import DEMO_PASSWORD
from engagement.models import Interaction
from networks.models import Organisation, OrganisationKind

from .grant_services import partner_group
from .grants import view_permission
from .models import Agreement, AgreementParty, AgreementState, InteractionGrant

CHANGE_REASON = "Demo data (load_demo_agreements)"
#: A fixed salt: one hash for every demo partner, so a second run sees an unchanged password.
DEMO_SALT = "linchpinSharingDemoSaltForPartners"

COMMON_TERMS = {
    "lawful_basis": "public_task",
    "controllers": "separate",
    "holdings": ("Each party holds its own case files and shares only what the rules below "
                 "allow; the municipality holds the coordination records in Linchpin."),
    "after_sharing": ("No onward sharing without the agreement of the party that shared. "
                      "Shared records are read in Linchpin, not copied to other systems."),
    "retention": ("Shared records are kept as long as the case is open and at most two years; "
                  "at the end of the agreement each party deletes what it received."),
    "security": ("Personal accounts only; a suspected breach is reported to the municipal "
                 "privacy officer within 24 hours."),
    "requests_and_complaints": ("Access requests and complaints go to the municipal privacy "
                                "officer, who informs the other parties."),
}

EXTRA_ORGANISATIONS = {
    "rotterdam": [
        {"name": "Youth care Rotterdam", "kind": OrganisationKind.FAMILY_SUPPORT,
         "mandate": "Youth and family care; a Safety House partner (demo)."},
        {"name": "Secondary school in Rotterdam-Zuid", "kind": OrganisationKind.SCHOOL,
         "mandate": "A secondary school (demo)."},
    ],
    "sarcelles": [
        {"name": "Street mediation association", "kind": OrganisationKind.CIVIL_SOCIETY,
         "mandate": "Street mediators in the large housing estates (fictional, demo)."},
    ],
}

#: (slug, title, state, start/review/end in days from today, categories, parties
#: [(organisation, contact name, contact role)], purpose, data items, rules)
AGREEMENTS = [
    {
        "slug": "rotterdam",
        "title": "Safety House Rotterdam Region: radicalisation case consultations",
        "state": AgreementState.ACTIVE, "starts": -400, "review": 60, "ends": None,
        "categories": [Category.INTERACTION_NOTES, Category.COMMITMENTS,
                       Category.COMMUNITY_PROFILE],
        "parties": [
            ("Rotterdam police", "Desk officer, Safety House", "Neighbourhood team lead"),
            ("Youth care Rotterdam", "Case manager, Safety House", "Youth care worker"),
            ("Mental health service", "Care track coordinator", "Psychiatric nurse"),
        ],
        "purpose": ("Early, tailored case consultations on radicalisation, also without a "
                    "criminal procedure: care and punishment under one roof."),
        "data_items": ("Interaction notes: date, kind, community, needs and concerns heard. "
                       "Commitments: what was promised, to whom, by when. Community profiles: "
                       "name, description, gathering places; never ethnicity or faith."),
        "rules": ("Shared only to prepare or follow up a case consultation, by the single point "
                  "of contact of each party, on a need-to-know basis."),
        "signed": ("Mayor of Rotterdam", "Chair of the Safety House steering group", -410),
    },
    {
        "slug": "sarcelles",
        "title": "Schools and the prevention unit",
        "state": AgreementState.ACTIVE, "starts": -200, "review": -10, "ends": None,
        "categories": [Category.COMMITMENTS, Category.ORGANISATIONS_AND_CONTACTS],
        "parties": [("Secondary schools of Sarcelles", "Head teacher's office",
                     "Deputy head teacher")],
        "purpose": ("Follow up what the city promised young people and their families, and "
                    "know whom to call in the network."),
        "data_items": ("Commitments: what was promised, to whom, by when. Organisations and "
                       "contacts: name, role, phone, e-mail."),
        "rules": ("Interaction notes are shared one by one when a school needs one, never as a "
                  "whole."),
        "signed": ("Mayor of Sarcelles", "Mayor", -210),
    },
    {
        "slug": "sarcelles",
        "title": "Street mediation pilot",
        "state": AgreementState.ENDED, "starts": -500, "review": None, "ends": -60,
        "categories": [Category.COMMUNITY_PROFILE],
        "parties": [("Street mediation association", "Head of the mediators", "Coordinator")],
        "purpose": "A one-year pilot of street mediation in the large housing estates.",
        "data_items": "Community profiles: name, description, gathering places.",
        "rules": "Shared before each round of mediation, by the prevention unit.",
        "signed": ("Deputy mayor for prevention", "Deputy mayor", -510),
    },
]

#: Partner professionals: (username, municipality slug, organisation).
PARTNERS = [
    ("rotterdam-police", "rotterdam", "Rotterdam police"),
    ("rotterdam-school", "rotterdam", "Secondary school in Rotterdam-Zuid"),
    ("sarcelles-school", "sarcelles", "Secondary schools of Sarcelles"),
    ("sarcelles-partner", "sarcelles", "Street mediation association"),
]

#: The one interaction note shared individually: (slug, agreement, organisation, community,
#: start of the needs heard).
SHARED_NOTE = ("sarcelles", "Schools and the prevention unit", "Secondary schools of Sarcelles",
               "Young people of Sarcelles", "Evening sports hall time")


def load_demo_agreements(today=None) -> dict:
    """Load (or refresh) the demo agreements, partner professionals and the per-record grant
    of every demo municipality that exists; skip what is missing. Returns ``{"agreements": n,
    "grants": n, "logins": [{"username", "role", "municipality", "password"}]}``."""
    today = today or timezone.localdate()
    municipalities = {m.slug: m for m in Municipality.objects.filter(
        slug__in={row["slug"] for row in AGREEMENTS})}
    logins, agreements, grants = [], 0, 0
    with transaction.atomic():
        for slug, rows in EXTRA_ORGANISATIONS.items():
            if slug in municipalities:
                for row in rows:
                    _upsert(Organisation, {"municipality": municipalities[slug],
                                           "name": row["name"]},
                            {k: v for k, v in row.items() if k != "name"})
        for row in AGREEMENTS:
            if row["slug"] in municipalities and _agreement(municipalities[row["slug"]], row,
                                                            today):
                agreements += 1
        encoded = make_password(DEMO_PASSWORD, salt=DEMO_SALT)
        for username, slug, organisation_name in PARTNERS:
            municipality = municipalities.get(slug)
            organisation = Organisation.objects.filter(
                municipality=municipality, name=organisation_name).first()
            if organisation is None:
                continue
            _partner(username, municipality, organisation, encoded)
            logins.append({"username": username, "role": str(Role.PARTNER_PROFESSIONAL.label),
                           "municipality": municipality.name, "password": DEMO_PASSWORD})
        grants = _shared_note(municipalities)
    return {"agreements": agreements, "grants": grants, "logins": logins}


def _agreement(municipality, row, today):
    organisations = {o.name: o for o in Organisation.objects.filter(
        municipality=municipality, name__in=[p[0] for p in row["parties"]])}
    if len(organisations) != len(row["parties"]):
        return None

    def day(offset):
        return None if offset is None else today + timedelta(days=offset)

    who, role, signed = row["signed"]
    values = {
        **COMMON_TERMS, "purpose": row["purpose"], "categories": list(row["categories"]),
        "data_items": row["data_items"], "rules": row["rules"], "state": row["state"],
        "starts_on": day(row["starts"]), "review_on": day(row["review"]),
        "ends_on": day(row["ends"]), "signed_off_by": who, "signed_off_role": role,
        "signed_off_on": day(signed),
    }
    agreement = _upsert(Agreement, {"municipality": municipality, "title": row["title"]},
                        values)
    for name, contact, contact_role in row["parties"]:
        _upsert(AgreementParty, {"agreement": agreement, "organisation": organisations[name]},
                {"contact_name": contact, "contact_role": contact_role})
    return agreement


def _partner(username, municipality, organisation, encoded):
    user, created = get_user_model().objects.get_or_create(username=username)
    values = {"first_name": "Partner professional", "last_name": organisation.name,
              "email": f"{username}@example.org", "is_active": True, "is_staff": False,
              "is_superuser": False, "password": encoded}
    changed = {f: v for f, v in values.items() if getattr(user, f) != v}
    if created or changed:
        for field, value in changed.items():
            setattr(user, field, value)
        user.save()
    _upsert(Membership, {"user": user, "municipality": municipality},
            {"role": Role.PARTNER_PROFESSIONAL, "organisation": organisation})


def _shared_note(municipalities) -> int:
    slug, title, organisation_name, community, needs = SHARED_NOTE
    municipality = municipalities.get(slug)
    agreement = Agreement.objects.filter(municipality=municipality, title=title).first()
    organisation = Organisation.objects.filter(municipality=municipality,
                                               name=organisation_name).first()
    note = Interaction.objects.filter(municipality=municipality, community__name=community,
                                      needs_heard__startswith=needs).first()
    if not (agreement and organisation and note):
        return 0
    _upsert(InteractionGrant, {"content_object": note, "agreement": agreement,
                               "group": partner_group(organisation),
                               "permission": view_permission(Interaction)}, {})
    return 1


def _upsert(model, lookup: dict, values: dict):
    return upsert(model, lookup, values, CHANGE_REASON)
