"""Demo data: the seed municipalities of the RAN papers (issue 2, "Demo data").

``python manage.py load_demo`` calls :func:`load_demo`. The ``demo`` app is the top layer: it
imports the apps it fills and none imports it.

``load_demo()`` loads Sarcelles, Vilvoorde, Rotterdam and Manchester (one data module each, plain
Python structures built from the facts of 000-003) with their preconditions, communities,
organisations, people (with their contact level), interactions, commitments and the goals of the
preconditions with their reviews, and the demo users. It is idempotent: every
record is looked up by a natural key (municipality slug, then name; an interaction by community,
kind and the needs heard; a commitment by what was promised) and only saved when a value differs,
so a second run writes no rows and no history. Dates are relative to the day of loading, so a
later run moves them along and resets the demo records to their defined state; records made by
hand are left alone.

Organisations and places named in the papers keep their real names; people are roles ("Youth
worker, Hideaway Youth Project"), never real persons. Ethnicity and faith (special-category data)
are set only where the paper itself names the community that way. Organisations are loaded at
the dialogue level; ``vetting.demo`` then assesses some of them (in every state) and raises the
cleared ones, since collaboration, partnership and funding need a cleared assessment (001
"Vetting procedures"). ``actionplans.demo`` adds the Sarcelles and Vilvoorde action plans;
``dialogue.demo`` the safe spaces and meetings; ``crisis.demo`` Manchester's response to the
attack of 22 May 2017 and an open, illustrative incident.
"""

from base64 import b32decode
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coordinator.demo_data import upsert
from coordinator.models import Membership, Municipality, Role
from coordinator.passwords import DEMO_PASSWORD
from coordinator.twofactor import services as two_factor
from engagement.models import (
    Commitment,
    CommitmentStatus,
    Concern,
    GoalReview,
    Interaction,
    PreconditionGoal,
    Preconditions,
)
from networks.models import Community, Organisation, Person

from . import manchester, rotterdam, sarcelles, vilvoorde

#: The one password of every demo user. Published in the README: a demo, never production.

#: The data modules, in loading order.
MUNICIPALITY_MODULES = (sarcelles, vilvoorde, rotterdam, manchester)

#: Demo users per municipality: username suffix and role. ``<slug>-portal`` is linked to the
#: module's ``PORTAL_ORGANISATION``, ``<slug>-portal2`` to its ``SECOND_PORTAL_ORGANISATION``
#: (community representatives of two organisations: ``portal.demo`` gives them their meetings,
#: concerns, promises and an opened plan section).
USER_ROLES = (
    ("coordinator", Role.COORDINATOR),
    ("portal", Role.COMMUNITY_REPRESENTATIVE),
    ("portal2", Role.COMMUNITY_REPRESENTATIVE),
    ("assessor", Role.ASSESSOR),
    ("admin", Role.MUNICIPAL_ADMIN),
)
#: Which module attribute names the organisation of each representative's suffix.
PORTAL_ORGANISATIONS = {"portal": "PORTAL_ORGANISATION",
                        "portal2": "SECOND_PORTAL_ORGANISATION"}

#: Each app's own demo data, loaded after the networks, in this order (concerns answered;
#: assessments clear the organisations that the action plans then name). Named by dotted
#: path, as INSTALLED_APPS names apps: ``actionplans`` is an independent sibling of ``demo``
#: in the layers contract (pyproject.toml), so neither imports the other, and a step of an app
#: that is not installed is skipped.
APP_STEPS = (
    "engagement.demo.load_demo_concerns",
    "vetting.demo.load_demo_assessments",
    "actionplans.demo.load_demo_plans",
    "sharing.demo.load_demo_agreements",
    "dialogue.demo.load_demo_meetings",
    "portal.demo.load_demo_portal",  # after the meetings and plans it invites to and opens
    # After the portal: its 2017 dialogue events already invite both portal organisations, so
    # the portal's "last meeting" invitation adds nothing on a second load.
    "crisis.demo.load_demo_crisis",
    "sociogram.demo.load_demo_relationships",  # after the meetings (ties met at meetings)
    "reminders.demo.load_demo_reminders",  # last: the sweep reads what the others loaded
)

SUPERUSER = "admin"
#: The authenticator key (base32) and backup codes of every demo user who must sign in in two
#: steps (assessors, municipal admins, the superuser). Published in the README like the
#: password: a demo, never production.
DEMO_TOTP_KEY = "LINCHPINDEMOLINCHPINDEMOLINCHPIN"
DEMO_BACKUP_CODES = tuple(f"demo-{n:04d}" for n in range(1, 11))
DEMO_SALT = "linchpinDemoSaltSharedByAllDemoUsers"  # >= 22 chars: no rehash on login
CHANGE_REASON = "Demo data (load_demo)"


def load_demo(stdout=None, password: str = DEMO_PASSWORD) -> dict:
    """Load (or refresh) the demo data in one transaction.

    ``stdout``: a file-like object (a management command's ``self.stdout``) that receives a
    summary and the logins table; None prints nothing.

    Returns ``{"counts": {name: int}, "logins": [{"username", "role", "municipality",
    "password"}]}``; ``counts`` covers the demo municipalities only. Raises
    ``django.core.exceptions.ValidationError`` if the data breaks a model rule, and
    ``KeyError`` if a data module names a record it does not define.
    """
    today = timezone.localdate()
    encoded = _demo_hash(password)
    logins = []
    with transaction.atomic():
        municipalities = []
        for module in MUNICIPALITY_MODULES:
            municipality, module_logins = _load_municipality(module, today, encoded, password)
            municipalities.append(municipality)
            logins.extend(module_logins)
        _user(SUPERUSER, "Demo", "superuser", encoded, superuser=True)
        logins.append({"username": SUPERUSER, "role": "superuser (Django admin)",
                       "municipality": "", "password": password})
        # The later steps of the engagement process build on the networks loaded above.
        for step in APP_STEPS:
            logins.extend(_run_app_step(step))
        _demo_second_step(row["username"] for row in logins)
        counts = _counts(municipalities)
    if stdout is not None:
        _print(stdout, counts, logins)
    return {"counts": counts, "logins": logins}


def _run_app_step(dotted_path: str) -> list[dict]:
    """Call the function at ``dotted_path`` (no arguments) if its app is installed; return the
    demo logins it made (a result dict's ``"logins"``), else none."""
    if not apps.is_installed(dotted_path.split(".", 1)[0]):
        return []
    result = import_string(dotted_path)()
    return list(result.get("logins", ())) if isinstance(result, dict) else []


def _load_municipality(module, today, encoded, password):
    data = module.MUNICIPALITY
    slug = data["slug"]
    municipality = _upsert(Municipality, {"slug": slug},
                           {k: v for k, v in data.items() if k != "slug"})
    users = {
        suffix: _user(f"{slug}-{suffix}", str(role.label), data["name"], encoded)
        for suffix, role in USER_ROLES
    }
    coordinator = users["coordinator"]
    preconditions = _upsert(Preconditions, {"municipality": municipality}, module.PRECONDITIONS)
    _load_goals(module.GOALS, preconditions, coordinator, today)

    organisations = {
        row["name"]: _upsert(
            Organisation, {"municipality": municipality, "name": row["name"]},
            _without(row, "name", "communities"),
        )
        for row in module.ORGANISATIONS
    }
    communities = {}
    for row in module.COMMUNITIES:
        values = _without(row, "name", "verified_days_ago", "parents", "overlapping",
                          "contact_outsourced_to")
        values["last_verified_on"] = _days_ago(today, row["verified_days_ago"])
        values["point_of_contact"] = coordinator
        outsourced = row.get("contact_outsourced_to")
        values["contact_outsourced_to"] = organisations[outsourced] if outsourced else None
        communities[row["name"]] = _upsert(
            Community, {"municipality": municipality, "name": row["name"]}, values
        )
    _link_communities(module.COMMUNITIES, communities)
    for row in module.ORGANISATIONS:
        organisations[row["name"]].communities.set(_pick(communities, row.get("communities")))

    people = {}
    for row in module.PEOPLE:
        values = _without(row, "name", "organisation", "communities")
        values["organisation"] = organisations[row["organisation"]]
        person = _upsert(Person, {"municipality": municipality, "name": row["name"]}, values)
        person.communities.set(_pick(communities, row.get("communities")))
        people[row["name"]] = person

    for row in module.INTERACTIONS:
        _load_interaction(row, municipality, coordinator, communities, organisations, people,
                          today)

    logins = []
    for suffix, role in USER_ROLES:
        organisation = None
        if role == Role.COMMUNITY_REPRESENTATIVE:
            organisation = organisations[getattr(module, PORTAL_ORGANISATIONS[suffix])]
        _upsert(Membership, {"user": users[suffix], "municipality": municipality},
                {"role": role, "organisation": organisation})
        logins.append({"username": users[suffix].username, "role": str(role.label),
                       "municipality": municipality.name, "password": password})
    return municipality, logins


def _load_interaction(row, municipality, coordinator, communities, organisations, people, today):
    community = communities[row["community"]] if row["community"] else None
    values = _without(row, "kind", "days_ago", "community", "needs_heard", "people",
                      "organisations", "commitments")
    values["occurred_on"] = _days_ago(today, row["days_ago"])
    values["logged_by"] = coordinator
    interaction = _upsert(
        Interaction,
        {"municipality": municipality, "community": community, "kind": row["kind"],
         "needs_heard": row["needs_heard"]},
        values,
    )
    interaction.people.set(_pick(people, row.get("people")))
    interaction.organisations.set(_pick(organisations, row.get("organisations")))
    for promise in row.get("commitments", ()):
        status = promise.get("status", CommitmentStatus.OPEN)
        closed = promise.get("closed_days_ago")
        _upsert(
            Commitment,
            {"municipality": municipality, "description": promise["description"]},
            {
                "made_to": promise["made_to"],
                "community": community,
                "interaction": interaction,
                "owner": coordinator,
                "due_on": today + timedelta(days=promise["due_in_days"]),
                "status": status,
                "dropped_reason": promise.get("dropped_reason", ""),
                "closed_on": None if status == CommitmentStatus.OPEN else _days_ago(today, closed),
            },
        )


def _load_goals(rows, preconditions, coordinator, today):
    """The goals of the preconditions with their reviews (002 step 1.1, step 4). A goal is
    looked up by its text, a review by its goal and what it says; the goal's next review is
    its latest review's (``next_in_days``), or ``next_review_in_days`` without one."""
    municipality = preconditions.municipality
    for row in rows:
        reviews = row.get("reviews", ())
        latest = max(reviews, key=lambda r: -r["days_ago"], default=None)
        next_in = latest["next_in_days"] if latest else row["next_review_in_days"]
        values = _without(row, "term", "goal", "reviews", "due_in_days", "next_review_in_days")
        values.update(term=row["term"], preconditions=preconditions,
                      due_on=today + timedelta(days=row["due_in_days"]),
                      next_review_on=today + timedelta(days=next_in))
        values.setdefault("target_value", None)
        goal = _upsert(PreconditionGoal, {"municipality": municipality, "goal": row["goal"]},
                       values)
        for review in reviews:
            reviewed_on = _days_ago(today, review["days_ago"])
            _upsert(GoalReview, {"goal": goal, "progress": review["progress"]}, {
                "municipality": municipality, "reviewed_on": reviewed_on,
                "percent_done": review.get("percent_done"),
                "measured_value": review.get("measured_value"),
                "next_review_on": today + timedelta(days=review["next_in_days"]),
                "reviewed_by": coordinator,
            })


def _link_communities(rows, communities):
    """Parents (nested) and overlapping (intersecting, symmetrical) communities (002 step 1).
    The overlap is closed over both sides so that loading order cannot undo a link."""
    overlaps = {row["name"]: set(row.get("overlapping", ())) for row in rows}
    for name, others in list(overlaps.items()):
        for other in others:
            overlaps[other].add(name)
    for row in rows:
        community = communities[row["name"]]
        community.parents.set(_pick(communities, row.get("parents")))
        community.overlapping.set(_pick(communities, sorted(overlaps[row["name"]])))


def _user(username, first_name, last_name, encoded_password, superuser=False):
    """The demo user ``username``, created or reset to ``encoded_password`` (a hash from
    ``_demo_hash``). Only superusers are staff: the admin site is for superusers only."""
    user, created = get_user_model().objects.get_or_create(username=username)
    values = {
        "first_name": first_name, "last_name": last_name,
        "email": f"{username}@example.org", "is_active": True,
        "is_staff": superuser, "is_superuser": superuser, "password": encoded_password,
    }
    changed = created
    for field, value in values.items():
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed = True
    if changed:
        user.save()
    return user


def _demo_second_step(usernames) -> None:
    """Give each demo user who must sign in in two steps the published authenticator key and
    backup codes (restoring used codes and undoing an app set up by hand); writes nothing when
    they are already so."""
    key = b32decode(DEMO_TOTP_KEY).hex()
    tokens = {code.replace("-", "") for code in DEMO_BACKUP_CODES}
    for user in get_user_model().objects.filter(username__in=set(usernames)):
        if not two_factor.requirement(user):
            continue
        TOTPDevice.objects.filter(user=user).exclude(key=key, confirmed=True).delete()
        if not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(user=user, name=two_factor.AUTHENTICATOR_NAME, key=key,
                                      confirmed=True)
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=two_factor.BACKUP_NAME, defaults={"confirmed": True})
        device.token_set.exclude(token__in=tokens).delete()
        present = set(device.token_set.values_list("token", flat=True))
        StaticToken.objects.bulk_create(StaticToken(device=device, token=token)
                                        for token in sorted(tokens - present))


def _demo_hash(password: str) -> str:
    """One hash for every demo user, with a fixed salt: the password is published anyway, and
    a fixed salt lets a second run see an unchanged password without hashing once per user
    (PBKDF2 costs about half a second a time)."""
    return make_password(password, salt=DEMO_SALT)


def _upsert(model, lookup: dict, values: dict):
    return upsert(model, lookup, values, CHANGE_REASON)


def _without(row: dict, *keys) -> dict:
    return {k: v for k, v in row.items() if k not in keys}


def _pick(index: dict, names) -> list:
    return [index[name] for name in names or ()]


def _days_ago(today, days):
    return None if days is None else today - timedelta(days=days)


def _counts(municipalities) -> dict:
    scoped = {
        "communities": Community, "organisations": Organisation, "people": Person,
        "interactions": Interaction, "commitments": Commitment, "concerns": Concern,
        "memberships": Membership, "preconditions": Preconditions, "goals": PreconditionGoal,
        "goal_reviews": GoalReview,
    }
    counts = {"municipalities": len(municipalities)}
    for name, model in scoped.items():
        counts[name] = model.objects.filter(municipality__in=municipalities).count()
    return counts


def _print(stdout, counts, logins):
    """Write the summary and the logins table; each line ends in a newline, so both a plain
    file and a command's ``OutputWrapper`` print it right."""
    columns = ("username", "role", "municipality", "password")
    widths = {c: max(len(c), *(len(row[c]) for row in logins)) for c in columns}
    lines = [
        "Demo data loaded: " + ", ".join(f"{n} {name}" for name, n in counts.items()),
        "",
        "Demo logins (a published demo password: never use it in production)",
        "  ".join(c.ljust(widths[c]) for c in columns).rstrip(),
        "  ".join("-" * widths[c] for c in columns),
    ]
    lines += ["  ".join(row[c].ljust(widths[c]) for c in columns).rstrip() for row in logins]
    lines += [
        "",
        "Assessors, municipal admins and admin then enter a code: add the key "
        f"{DEMO_TOTP_KEY} to an authenticator app (or run `python manage.py demo_code`), or",
        f"use a backup code {DEMO_BACKUP_CODES[0]} ... {DEMO_BACKUP_CODES[-1]} (each once; "
        "load_demo restores them).",
    ]
    for line in lines:
        stdout.write(line + "\n")
