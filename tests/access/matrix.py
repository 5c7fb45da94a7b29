"""The machinery of the URL x role matrix: the vocabulary of its table, the requests, the
report. The table itself is in tests/access/test_url_matrix.py.

An *answer* is what an actor gets from one request: the status code (200, 302, 403, 404,
405, ...) or, for a redirect to a page that says who is asking, ``LOGIN`` (302 to the sign-in
page) or ``PORTAL`` (302 to the community representatives' portal).

Every request runs in a savepoint that is rolled back, with the client's cookies restored
afterwards, so a POST that changes something (a state transition, signing out) leaves the next
request the same world.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.shortcuts import resolve_url

from tests.clients import Client

from .urls import ADMIN_KEY, Pattern
from .world import ACTORS, SPECIAL, World

LOGIN = "login"
PORTAL = "portal"
METHODS = ("GET", "POST")

#: Shorthands for ``expect``: a group name sets every actor of the group.
GROUPS = {
    "staff": ("coordinator", "assessor", "admin"),
    "partners": ("partner_active", "partner_none"),
    "portals": ("portal", "portal_other", "portal_foreign"),
    "outsiders": ("outsider", "outsider_admin"),
}

#: Those outside every municipality's staff workspace: not signed in, the community
#: representatives (sent to the portal) and a superuser without a membership.
OUT = {"anonymous": LOGIN, "portals": PORTAL, "superuser": 403}
#: Outside the portal: not signed in, and a superuser without a membership; everyone else
#: with a membership is staff, sent to their dashboard (302), and the representatives are
#: set by each row.
OUT_OF_PORTAL = {"anonymous": LOGIN, "superuser": 403}
#: Signed-in pages that are the user's own (account, password): open to every signed-in user.
SIGNED_IN = {"anonymous": LOGIN}


def expect(everyone=None, /, **answers) -> dict:
    """The answers of the actors: ``everyone`` for each actor not named, a group (``staff=``,
    ``partners=``, ``portals=``, ``outsiders=``) for each of its actors not named on its own. An actor left
    without an answer is reported by the test."""
    result = {actor: everyone for actor in ACTORS if everyone is not None}
    for group, members in GROUPS.items():
        if group in answers:
            value = answers.pop(group)
            result.update({actor: value for actor in members})
    unknown = set(answers) - set(ACTORS)
    if unknown:
        raise ValueError(f"Unknown actor(s) {sorted(unknown)}; actors are {ACTORS}")
    result.update(answers)
    return result


def row(args: dict | list[dict] | None = None, **methods) -> dict:
    """One URL pattern's row: ``args`` maps each URL argument to the name of a record of
    ``tests.access.world`` (its pk is used), an int, or a ``literal("...")`` string; a key
    starting with ``?`` is a query parameter (see ``url_of``). A list of such dicts: each is
    requested, with the same answers. ``GET=`` and ``POST=`` are ``expect(...)`` dicts.

    A pattern whose answers depend on the record asked for (the home and the foreign
    representative each open their own meeting, not the other's) takes a list of rows."""
    return {"args": args or {}, **methods}


def rows_of(spec) -> list[dict]:
    """The rows of one pattern's entry in the table (one row, or a list of them)."""
    return spec if isinstance(spec, list) else [spec]


def skeleton(pattern: Pattern) -> str:
    """The row to add for ``pattern``, with ``?`` where a human must decide."""
    args = ", ".join(
        f'"{name}": "<record name in tests/access/world.py>"' if converter == "int"
        else f'"{name}": literal("<value>")'
        for name, converter in zip(pattern.args, pattern.converters or ("int",) * len(pattern.args),
                                   strict=True))
    answers = ('expect(anonymous=LOGIN, coordinator=?, assessor=?, admin=?, partner_active=?, '
               'partner_none=?, portal=?, portal_other=?, portal_foreign=?, outsider=?, '
               'outsider_admin=?, superuser=403)')
    return (f'    "{pattern.key}": row({{{args}}},\n'
            f"        GET={answers},\n"
            f"        POST={answers}),")


def answer_of(response):
    """The answer a response gives: its status, or ``LOGIN``/``PORTAL`` for those redirects."""
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(resolve_url(settings.LOGIN_URL)):
            return LOGIN
        if location.startswith(resolve_url("portal:home")):
            return PORTAL
    return response.status_code


def _client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


class literal(str):  # noqa: N801 - reads as a marker in the table
    """A URL argument given as is (a string that is not the name of a record)."""


def _value(value, world: World, where: str):
    if isinstance(value, str) and not isinstance(value, literal):
        if value not in world.records:
            raise LookupError(f"{where}: no record {value!r} in tests/access/world.py "
                              f"(records: {sorted(world.records)})")
        return world.records[value].pk
    return value


def url_of(pattern: Pattern, args: dict, world: World) -> str:
    """The URL a row's ``args`` give: URL arguments from the keys named in the route, a query
    string from the keys that start with ``?`` (``{"?community": "foreign_community"}``). A
    plain string names a record of the world (its pk is used); a ``literal("...")`` or an int
    is used as is."""
    kwargs = {}
    for name in pattern.args:
        if name not in args:
            raise LookupError(f"{pattern.key}: the row gives no value for the argument {name!r}")
        kwargs[name] = _value(args[name], world, pattern.key)
    query = {name[1:]: _value(value, world, pattern.key)
             for name, value in args.items() if name.startswith("?")}
    return pattern.url(kwargs) + (f"?{urlencode(query)}" if query else "")


@dataclass
class Outcome:
    key: str
    method: str
    actor: str
    url: str
    expected: object
    got: object
    leaked: str = ""  #: an excerpt around the other municipality's marker, if found
    html: bool = False  #: an HTML page (or the API's JSON) was searched for the marker
    own_shown: bool = False  #: the page showed a record of the actor's own municipality
    special_shown: bool = False  #: the page showed ethnicity or faith (``world.SPECIAL``)
    text: str = ""  #: the HTML page, when ``run``'s ``keep`` asked for it


def _excerpt(text: str, marker: str) -> str:
    match = re.search(re.escape(marker), text, flags=re.IGNORECASE)
    start = max(match.start() - 80, 0)
    return " ".join(text[start:match.end() + 80].split())


def _request(client: Client, method: str, url: str):
    """``method url`` in a savepoint rolled back at once, the client's cookies restored, so a
    POST that changes the world or signs out leaves the next request the same world."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies.output(header="", sep=";"))
    try:
        with transaction.atomic():
            response = client.generic(method, url)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response


def _close(response) -> None:
    """Close a streamed response (a CSV export) as a server would. The test client already
    closed every other one; closing again would fire ``request_finished`` and with it
    ``close_old_connections``, which closes the database connection in the middle of the
    transaction on PostgreSQL."""
    if not response.streaming:
        return
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _search(outcome: Outcome, response, world: World) -> None:
    # HTML pages, the spreadsheets (CSV) exported from them, and the API's JSON (its 400s too:
    # they echo what was asked for).
    kind = response.get("Content-Type", "")
    searchable = not response.streaming and (
        (response.status_code == 200
         and kind.startswith(("text/html", "text/csv", "application/json")))
        or (response.status_code == 400 and kind.startswith("application/json")))
    # The Django admin is the superuser's tool across municipalities.
    if not searchable or (outcome.key == ADMIN_KEY and outcome.actor == "superuser"):
        return
    outcome.html = True
    text = response.content.decode().lower()
    hidden = world.marker_not_to_see(outcome.actor)
    if hidden.lower() in text:
        outcome.leaked = _excerpt(response.content.decode(), hidden)
    own = world.own_marker(outcome.actor)
    outcome.own_shown = bool(own) and own.lower() in text
    outcome.special_shown = SPECIAL.lower() in text


def run(world: World, patterns: Iterable[Pattern], table: dict,
        keep: Callable[[Outcome], bool] | None = None) -> list[Outcome]:
    """Request every (pattern with a row, argument set, method, actor) and return one
    ``Outcome`` each; every HTML or JSON answer of status 200 (and JSON 400) is searched for
    the marker the actor must not see, and its text kept in the outcome when ``keep(outcome)``
    says so."""
    clients = {actor: _client_for(world.users[actor]) for actor in ACTORS}
    outcomes = []
    for pattern in patterns:
        entry = table.get(pattern.key)
        if entry is None:
            continue
        variants = [(args, spec) for spec in rows_of(entry)
                    for args in (spec["args"] if isinstance(spec["args"], list)
                                 else [spec["args"]])]
        for args, spec in variants:
            url = url_of(pattern, args, world)
            for method in METHODS:
                expected = spec.get(method, {})
                for actor in ACTORS:
                    response = _request(clients[actor], method, url)
                    outcome = Outcome(pattern.key, method, actor, url, expected.get(actor),
                                      answer_of(response))
                    _search(outcome, response, world)
                    if outcome.html and keep is not None and keep(outcome):
                        outcome.text = response.content.decode()
                    _close(response)
                    outcomes.append(outcome)
    return outcomes


def observed_row(key: str, outcomes: list[Outcome]) -> str:
    """``key``'s row as observed, to compare with (never to paste blindly over) the table;
    one per URL requested."""
    lines = []
    for url in dict.fromkeys(o.url for o in outcomes if o.key == key):
        lines.append(f'    "{key}": row(...,  # {url}')
        for method in METHODS:
            got = {o.actor: o.got for o in outcomes
                   if o.key == key and o.url == url and o.method == method}
            answers = ", ".join(f"{actor}={_literal(got[actor])}" for actor in ACTORS
                                if actor in got)
            lines.append(f"        {method}=expect({answers}),")
    return "\n".join(lines)


def _literal(answer) -> str:
    return {LOGIN: "LOGIN", PORTAL: "PORTAL"}.get(answer, repr(answer))
