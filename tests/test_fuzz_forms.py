"""Issue 8: no input gives a server error. Every form the URLconf exposes is posted with hostile
values, as the role that can see it, and must come back without a 500, without saving anything
when it re-renders (200), and without ever storing a reference to another municipality's record.

How it works, with nothing named per app or per view (a new form is covered without a new test):

1. The demo (``load_demo``) is loaded once per module, in a transaction rolled back at the end.
2. Every URL pattern is filled with records of the home municipality (``tests.urlwalk``, with
   the states the demo lacks added by ``tests.demo_states``), and the pages they link to are
   followed; each page is fetched as the first of a coordinator, a municipal admin, an
   assessor, a partner professional, a community representative (the portal) and an anonymous
   visitor that may see it (a 403 or 404
   passes it to the next role: the access layer answers 404 for a record of the municipality
   a role may not see), and every ``<form method="post">`` on it is kept, keyed by the pattern
   its ``action`` resolves to and by its field names. A redirect is followed once per role and
   target (the invitation link leads to its accept page only through the session it sets).
3. Each form is posted the form as rendered, with empty required
   fields given plausible values, then one field at a time replaced by a hostile value
   (``HOSTILE``; sampled so that every value of a kind is used in each form but not every
   value on every field) and, for a choice of records, the id of a record of another
   municipality. Each post runs in a savepoint rolled back afterwards, so posts do not depend
   on each other.
4. A pattern whose view takes a POST but whose form no page showed fails a second test: give
   the demo a record in the state that shows it, or list the pattern in ``NOT_POSTED``.

One test, not one per pattern: the demo is loaded once (about 7 s), and under pytest-xdist a
module-scoped fixture shared by tests spread over workers would be loaded again and again.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import pytest
from django import forms
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.forms.formsets import BaseFormSet
from django.test import override_settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from django_scopes import scopes_disabled

from coordinator.concurrency import LOCK_FIELD, TOKEN_FIELD
from coordinator.models import Membership, Municipality, Role
from tests import urlwalk
from tests.clients import Client
from tests.demo_states import complete_demo

HOME, FOREIGN, ALSO_MEMBER_OF = "sarcelles", "vilvoorde", "rotterdam"
#: Roles that fetch pages and post forms, in order: the first that sees a form posts it.
ROLES = (Role.COORDINATOR, Role.MUNICIPAL_ADMIN, Role.ASSESSOR, Role.PARTNER_PROFESSIONAL,
         Role.COMMUNITY_REPRESENTATIVE, None)  # None: anonymous
#: Namespaces not walked: Django's admin is for superusers and tested by Django.
SKIPPED_NAMESPACES = {"admin"}
#: Patterns a page may not show a form for, with the reason.
NOT_POSTED = {
    "password_reset_confirm": "needs a signed one-time token in the URL",
    "password_reset_done": "a page without a form",
    "two_factor:verify": "shown only before the second step, which the clients here passed "
                         "(odd codes are posted in tests/test_two_factor.py)",
    "two_factor:remove": "a form only where the app is optional, and no demo user has one; it "
                         "has no field (tests/test_two_factor.py posts it)",
}
#: Hostile posts per form (besides the baseline and the foreign ids): a form with more controls
#: gets one value on that many of them, drawn with ``SEED``. Raise it for a deep run.
POSTS_PER_FORM = int(os.environ.get("LINCHPIN_FUZZ_POSTS_PER_FORM", "16"))
#: The draw changes every day, so the suite covers every control over time; a failure names the
#: seed to repeat it with (LINCHPIN_FUZZ_SEED=...).
SEED = int(os.environ.get("LINCHPIN_FUZZ_SEED") or time.strftime("%Y%j"))
#: Pages reached by following links, per URL pattern, beyond those filled by ``tests.urlwalk``.
LINKED_PER_PATTERN = 2
#: Controls whose value the server ignores (formset limits; the CSRF token the test client does
#: not check): fuzzing them tests nothing. The edit version and the one-time token of
#: ``coordinator.concurrency`` keep their rendered values too, so that every post reaches the
#: form's own validation rather than the conflict panel or an unguarded create (hostile values
#: for them are tested in tests/test_concurrency.py).
IGNORED_CONTROLS = re.compile(
    rf".*-(MIN|MAX)_NUM_FORMS$|csrfmiddlewaretoken$|(.*-)?{LOCK_FIELD}$|{TOKEN_FIELD}$")

NUMBER_LIKE = "9" * 40
HOSTILE = {
    "text": {
        "empty": "", "huge": "x" * 100_000, "nul": "nul\x00byte", "control": "bell\x07",
        "rtl_emoji": "\u202eمرحبا\u200f \U0001f469\U0001f3fd\u200d\U0001f91d\u200d\U0001f469",
        "html": '<script>alert(1)</script><img src=x onerror="alert(2)">', "negative": "-1",
        "number": NUMBER_LIKE,
    },
    "number": {
        "empty": "", "negative": "-1", "huge": NUMBER_LIKE, "exponent": "1e400", "nan": "NaN",
        "superscript": "²", "nul": "1\x00", "word": "twelve",
    },
    "date": {
        "year_1": "0001-01-01", "year_9999": "9999-12-31", "no_such_day": "2025-02-30",
        "empty": "", "nul": "2025-01-01\x00", "word": "yesterday", "negative": "-1",
    },
    "choice": {
        "empty": "", "missing": "999999999", "negative": "-1", "superscript": "²",
        "nul": "1\x00", "huge": NUMBER_LIKE, "html": "<b>1</b>",
    },
    "hidden": {
        "empty": "", "missing": "999999999", "negative": "-1", "superscript": "²",
        "huge": NUMBER_LIKE, "nul": "1\x00", "long": "x" * 100_000,
    },
}
#: What a careful user types into an empty password field (Django's validators accept it).
STRONG_PASSWORD = "Fuzz: a long passphrase 2025"
TEXT_KINDS = {"text", "textarea", "search", "password", "email", "url", "tel"}


def kind_of(control: urlwalk.HtmlField) -> str | None:
    """The ``HOSTILE`` table for a control, or None for controls not fuzzed (files, buttons)."""
    if control.kind in TEXT_KINDS:
        return "text"
    if control.kind in ("number", "range"):
        return "number"
    if control.kind in ("date", "datetime-local", "month", "week", "time"):
        return "date"
    if control.kind in ("select", "checkbox", "radio"):
        return "choice"
    if control.kind == "hidden":
        return "hidden"
    return None


# Setting the scene ---------------------------------------------------------------------------

@dataclass
class FoundForm:
    """A form found on a page: who saw it, where, its controls and, by control name, the
    Django form field behind it (from the response context) when there is one."""

    role: str | None
    page: str
    form: urlwalk.HtmlForm
    fields: dict = field(default_factory=dict)

    @property
    def signature(self):
        # Rows of a formset differ from page to page: count a row's fields once.
        return tuple(sorted({re.sub(r"-\d+-", "-N-", name) for name in self.form.fields}))


@dataclass
class World:
    home: Municipality
    foreign: Municipality
    clients: dict
    forms: dict  # pattern key -> list[FoundForm]
    unfillable: dict  # pattern key -> reason
    known: dict = field(default_factory=dict)  # URL argument -> strings (``urlwalk.fill``)
    gets: int = 0
    posts: list = field(default_factory=list)


def pattern_key(name, route) -> str:
    return name or route


def _django_fields(response) -> dict:
    """html name -> Django form field, for every form and formset in the response context."""
    found, seen = {}, set()
    modules = tuple(config.name + "." for config in urlwalk.project_app_configs())

    def visit(value, depth):
        if id(value) in seen or depth > 3:
            return
        seen.add(id(value))
        if isinstance(value, forms.BaseForm):
            for name, form_field in value.fields.items():
                found.setdefault(value.add_prefix(name), form_field)
        elif isinstance(value, BaseFormSet):
            for form in (*value.forms, value.management_form):
                visit(form, depth + 1)
        elif isinstance(value, list | tuple):
            for item in value:
                visit(item, depth + 1)
        elif type(value).__module__.startswith(modules) and hasattr(value, "__dict__"):
            for item in vars(value).values():
                visit(item, depth + 1)

    contexts = response.context or []
    for context in (contexts if isinstance(contexts, list) else [contexts]):
        for layer in getattr(context, "dicts", [context]):
            for value in layer.values():
                visit(value, 0)
    return found


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def crawl(world: World, patterns) -> None:
    """GET every filled URL, and the pages they link to (at most ``LINKED_PER_PATTERN`` more per
    pattern), as the first role of ``ROLES`` that may see it; keep each post form once, by its
    action's pattern and its field names. A redirect is followed once per role and target, by
    the same client: some pages exist only through the session the redirecting page set (the
    invitation link keeps its token in the session and sends the invitee to the accept page)."""
    queue = deque()
    for pattern in patterns:
        try:
            queue.extend(urlwalk.fill(pattern, world.home, known=world.known))
        except urlwalk.Unfillable as reason:
            world.unfillable[pattern_key(pattern.name, pattern.route)] = str(reason)
    visited, linked, seen, followed = set(queue), Counter(), set(), set()

    def keep(role, url, response):
        """Queue the page's links and keep its post forms not seen yet."""
        html = response.content.decode()
        for link in urlwalk.links(html, url):
            match = _resolve(link)
            key = match and pattern_key(match.view_name, match.route)
            if key and link not in visited and linked[key] < LINKED_PER_PATTERN:
                visited.add(link)
                linked[key] += 1
                queue.append(link)
        django_fields = None
        for html_form in urlwalk.post_forms(html, url):
            match = _resolve(html_form.action)
            if match is None:
                continue
            found = FoundForm(role, url, html_form)
            key = (pattern_key(match.view_name, match.route), found.signature)
            if key in seen:
                continue
            seen.add(key)
            if django_fields is None:
                django_fields = _django_fields(response)
            found.fields = {name: django_fields[name] for name in html_form.fields
                            if name in django_fields}
            world.forms.setdefault(key[0], []).append(found)

    while queue:
        url = queue.popleft()
        for role in ROLES:
            client = world.clients[role]
            response = client.get(url)
            world.gets += 1
            if response.status_code == 405:
                break  # not a page (POST only)
            if response.status_code in (301, 302, 303):
                target = urlsplit(response["Location"]).path
                if _resolve(target) is not None and (role, target) not in followed:
                    followed.add((role, target))
                    page = client.get(target)
                    world.gets += 1
                    if page.status_code == 200 and "html" in page.get("Content-Type", ""):
                        keep(role, target, page)
            if response.status_code != 200:
                # Forbidden, not found or sent elsewhere: the next role may see it (the access
                # layer answers 404 for a record of the home municipality a role may not see).
                continue
            if "html" in response.get("Content-Type", ""):
                keep(role, url, response)
            break  # the first role that sees the page posts its forms (a CSV file has none)


def _resolve(path):
    """The ``ResolverMatch`` of a path of a walked namespace, else None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespaces and match.namespaces[0] in SKIPPED_NAMESPACES:
        return None
    return match


def _patterns():
    unique = {}
    for pattern in urlwalk.iter_patterns():
        if pattern.namespace.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        unique.setdefault((pattern.name, pattern.route), pattern)
    return list(unique.values())


PATTERNS = _patterns()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    started = time.monotonic()
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    # Module-scoped: it runs before the per-test fixture that leaves the tenancy scope, so it
    # leaves it itself (the crawl's requests still run inside the middleware's scope).
    with media, django_db_blocker.unblock(), transaction.atomic(), scopes_disabled():
        call_command("load_demo")
        home = Municipality.objects.get(slug=HOME)
        users = {role: Membership.objects.filter(municipality=home, role=role)
                 .order_by("pk").first().user for role in ROLES if role is not None}
        # A member of two municipalities is shown the municipality switch.
        Membership.objects.get_or_create(user=users[Role.COORDINATOR],
                                         municipality=Municipality.objects.get(slug=ALSO_MEMBER_OF),
                                         defaults={"role": Role.COORDINATOR})
        known = complete_demo(home, users)
        clients = {role: _client(users.get(role)) for role in ROLES}
        world = World(home, Municipality.objects.get(slug=FOREIGN), clients, {}, {}, known)
        crawl(world, PATTERNS)
        world.crawl_seconds = time.monotonic() - started
        yield world
        transaction.set_rollback(True)
    _report(world)


def _report(world):
    posts = world.posts
    if posts:
        print(f"\nform fuzz ({os.getpid()}): {world.gets} pages fetched in "
              f"{world.crawl_seconds:.1f} s, {len(posts)} posts to "
              f"{len({p[0] for p in posts})} forms; {sum(1 for p in posts if p[3] == 200)} "
              f"re-rendered, {sum(1 for p in posts if p[3] in (301, 302, 303))} redirected, "
              f"{sum(p[4] for p in posts):.1f} s posting")
        if os.environ.get("LINCHPIN_FUZZ_PROFILE"):
            per_action = {}
            for action, _role, _label, _status, seconds in posts:
                total, n = per_action.get(action, (0.0, 0))
                per_action[action] = (total + seconds, n + 1)
            for action, (total, n) in sorted(per_action.items(), key=lambda i: -i[1][0])[:15]:
                print(f"  {total:6.1f} s {n:4d} posts {action}")
            slow = sorted(posts, key=lambda p: -p[4])[:10]
            for action, _role, label, status, seconds in slow:
                print(f"  {seconds:6.2f} s {status} {action} {label}")


# Checks ---------------------------------------------------------------------------------------

def _count_sql():
    quote = connection.ops.quote_name
    tables = sorted({model._meta.db_table for model in urlwalk.project_models()})
    return tables, "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)


def row_counts() -> dict:
    """Rows per table of the project's models (history and many-to-many tables included)."""
    tables, sql = _count_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def references(record) -> int:
    """How many rows of any table point at ``record`` (foreign keys, many-to-many rows and
    history rows included)."""
    target = type(record)
    total = 0
    for model in apps.get_models(include_auto_created=True):
        for relation in model._meta.concrete_fields:
            if relation.is_relation and relation.related_model is target:
                total += model._default_manager.filter(**{relation.attname: record.pk}).count()
    return total


def foreign_record(form_field, world):
    """A record of the foreign municipality of the model behind a choice of records, or None."""
    queryset = getattr(form_field, "queryset", None)
    if queryset is None:
        return None
    records = urlwalk.scoped(queryset.model, world.foreign)
    return records.order_by("pk").first() if records is not None else None


# Building posts -------------------------------------------------------------------------------

def plausible(control: urlwalk.HtmlField, form_field) -> list[str]:
    """A value a careful user would type into an empty required control."""
    if control.options:
        usable = [o for o in control.options if o]
        return usable[:1]
    if control.kind == "date" or isinstance(form_field, forms.DateField):
        return [timezone.localdate().isoformat()]
    if control.kind == "number" or isinstance(form_field, forms.IntegerField | forms.DecimalField):
        return [control.attrs.get("min") or "1"]
    if control.kind == "email":
        return ["fuzz@example.org"]
    if control.kind == "password":
        return [STRONG_PASSWORD]  # the same in both fields: a new account's form then saves
    if control.kind == "url":
        return ["https://example.org/"]
    return ["Fuzz"]


def baseline(found: FoundForm) -> dict:
    """The form as rendered, required empty controls given a plausible value."""
    data = found.form.data()
    for name, control in found.form.fields.items():
        if control.required and not any(data.get(name, [])) and kind_of(control):
            data[name] = plausible(control, found.fields.get(name))
    return data


def fuzzed_controls(found: FoundForm) -> list[urlwalk.HtmlField]:
    """The controls that get hostile values: of a formset, only the first row and the last (the
    empty one for a new row), since the rows between repeat the first."""
    rows: dict[str, set[int]] = {}
    for name in found.form.fields:
        match = re.fullmatch(r"(.+)-(\d+)-.+", name)
        if match:
            rows.setdefault(match.group(1), set()).add(int(match.group(2)))
    kept = []
    for name, control in found.form.fields.items():
        match = re.fullmatch(r"(.+)-(\d+)-.+", name)
        if match and int(match.group(2)) not in (0, max(rows[match.group(1)])):
            continue
        if kind_of(control) and not IGNORED_CONTROLS.match(name):
            kept.append(control)
    return kept


def variants(found: FoundForm, world: World):
    """``(label, data, foreign)``: the baseline, then hostile values, then, for each choice of
    records, the id of a record of another municipality (``foreign`` is that record, else None).

    Sampling, with ``SEED`` and the form's action: when the form has at most ``POSTS_PER_FORM``
    controls, each gets ``POSTS_PER_FORM // controls`` values of its kind (at least one), taken
    in turn from the kind's table so the form sees every hostile value it can; otherwise
    ``POSTS_PER_FORM`` controls drawn at random get one value each."""
    base = baseline(found)
    yield "baseline", base, None
    yield "baseline twice", base, None  # a second click: posted again in the same savepoint
    controls = fuzzed_controls(found)
    draw = random.Random(f"{SEED}:{found.form.action}")
    chosen = controls if len(controls) <= POSTS_PER_FORM else draw.sample(controls, POSTS_PER_FORM)
    take = max(1, POSTS_PER_FORM // max(len(controls), 1))
    next_value = {kind: draw.randrange(len(table)) for kind, table in HOSTILE.items()}
    for control in controls:
        if control in chosen:
            kind = kind_of(control)
            table = list(HOSTILE[kind].items())
            for _ in range(min(take, len(table))):
                label, value = table[next_value[kind] % len(table)]
                next_value[kind] += 1
                yield f"{control.name}={label}", {**base, control.name: [value]}, None
        record = foreign_record(found.fields.get(control.name), world)
        if record is not None:
            yield f"{control.name}=foreign", {**base, control.name: [str(record.pk)]}, record


def post(client: Client, found: FoundForm, data: dict):
    if "multipart" in found.form.enctype:
        return client.post(found.form.action, {k: v for k, v in data.items()})
    return client.post(found.form.action, urlencode(data, doseq=True),
                       content_type="application/x-www-form-urlencoded")


# The test -------------------------------------------------------------------------------------

def _posts_expected(pattern) -> bool:
    view = pattern.view_class
    return view is not None and hasattr(view, "post") and "post" in view.http_method_names


def test_every_post_target_has_a_form_that_was_found(world, db):
    """A view that takes POST but whose form no page showed would escape the fuzzing."""
    missing = []
    for pattern in PATTERNS:
        key = pattern_key(pattern.name, pattern.route)
        if world.forms.get(key) or key in NOT_POSTED:
            continue
        if key in world.unfillable:
            missing.append(f"{key}: cannot fill its URL ({world.unfillable[key]}); teach "
                           "tests/urlwalk.py or give the demo such a record")
        elif _posts_expected(pattern):
            missing.append(f"{key}: takes POST but no page showed a form posting to it; give "
                           "the demo a record in the state that shows it, or list it in NOT_POSTED")
    assert not missing, "\n".join(missing)


def test_hostile_posts_never_fail_save_partly_or_cross_municipalities(world, db):
    failures = []
    before = row_counts()
    for _key, found_forms in sorted(world.forms.items()):
        for found in found_forms:
            failures += fuzz_form(world, found, before)
    assert not failures, (f"{len(failures)} bad answers (LINCHPIN_FUZZ_SEED={SEED}):\n"
                          + "\n".join(failures[:60]))


def fuzz_form(world: World, found: FoundForm, before: dict) -> list[str]:
    """Post every variant of one form, each in a savepoint rolled back afterwards; return what
    went wrong (a server error, rows saved by a re-rendered form, a foreign reference kept)."""
    failures = []
    client = world.clients[found.role]
    action = found.form.action
    before_second = None
    for label, data, foreign in variants(found, world):
        started = time.monotonic()
        refs = references(foreign) if foreign is not None else None
        cookies = client.cookies
        client.cookies = type(cookies)(cookies)  # a sign-out or a switch must not stick
        try:
            with transaction.atomic():
                try:
                    if label == "baseline twice":
                        post(client, found, data)
                        before_second = row_counts()
                    status = post(client, found, data).status_code
                except Exception as error:  # noqa: BLE001 - the test client re-raises a 500
                    status = 500
                    failures.append(f"{action} {label}: {type(error).__name__}: {str(error)[:200]}")
                else:
                    if status >= 500:
                        failures.append(f"{action} {label}: HTTP {status}")
                    elif status == 200:
                        after = row_counts()
                        expected = before_second if label == "baseline twice" else before
                        if after != expected:
                            changed = {t: (expected[t], after[t]) for t in expected
                                       if expected[t] != after[t]}
                            failures.append(f"{action} {label}: re-rendered (200) but saved {changed}")
                    if foreign is not None and references(foreign) > refs:
                        failures.append(f"{action} {label}: kept a reference to "
                                        f"{foreign._meta.label} {foreign.pk} of {world.foreign} "
                                        f"(HTTP {status})")
                world.posts.append((action, found.role, label, status, time.monotonic() - started))
                transaction.set_rollback(True)
        finally:
            client.cookies = cookies
    return failures
