"""The URL x role matrix (issue 7): every URL pattern of the URLconf, GET and POST, times every
actor, has its expected answer in ``EXPECTED``; a pattern without a row fails the suite. The
same requests search every page an actor is shown (status 200, drop-downs and re-rendered forms
included) for the name of a record of the other municipality, and the pages of those who may
not read special-category data for a community's ethnicity and faith.

The actors (tests/access/world.py): ``anonymous``; the home municipality's ``coordinator``,
``assessor`` and municipal ``admin`` (``staff=`` sets the three); ``partner_active``, a partner
professional of the police, which an active agreement covering community profiles and
interaction notes binds (partners may add); ``partner_none``, a partner professional of an
organisation no agreement binds (``partners=`` sets both); ``portal``, a community
representative of the association the portal's records of the world concern; ``portal_other``,
a community representative of another organisation of the municipality (the youth club);
``portal_foreign``, the community representative of the other municipality's association
(``portals=`` sets the three); ``outsider`` and ``outsider_admin``, the coordinator and the
municipal admin of another municipality (``outsiders=`` sets both); ``superuser``, a Django
superuser with no membership.

Answers: a status code, ``LOGIN`` (redirect to sign in) or ``PORTAL`` (redirect to the portal).
POSTs carry no data: the answer to read is the access decision (200 is a form re-rendered with
its errors, 302 an action done, 403 visible but not allowed, 404 not visible, 405 not this
method). Row arguments name records built in tests/access/world.py (``foreign_...`` for the other
municipality's, to try them as a filter value or a preset choice).

Adding a URL: add its row here (the crisis response's in tests/access/rows_crisis.py, the
spreadsheets' and each list's export in tests/access/rows_spreadsheets.py). The
failure message of ``test_every_url_pattern_has_a_row`` prints the row to fill in; decide each
answer from the policy (coordinator/access.py POLICIES), never by copying what the page answers
today.
"""

import pytest

from .matrix import (
    LOGIN,
    METHODS,
    OUT,
    OUT_OF_PORTAL,
    PORTAL,
    SIGNED_IN,
    expect,
    literal,
    observed_row,
    row,
    rows_of,
    skeleton,
)
from .rows_api import API_ROWS
from .rows_crisis import CRISIS_ROWS
from .rows_spreadsheets import EXPORT_ROWS, SPREADSHEET_ROWS
from .urls import url_patterns
from .world import ACTORS, NOT_SPECIAL

#: The actors whose role requires two-step sign-in, and who signed in with their app.
WITH_APP = {"assessor": 200, "admin": 200, "outsider_admin": 200, "superuser": 200}

EXPECTED = {
    # ------------------------------------------------------------ coordinator: the workspace
    "home": row(
        GET=expect(302, anonymous=LOGIN, portals=PORTAL),
        POST=expect(302, anonymous=LOGIN, portals=PORTAL)),
    "healthz": row(GET=expect(200), POST=expect(405)),
    # Everyone with a staff membership has a dashboard; what it shows is the policy's
    # (tests/access/test_leaks.py). The outsider sees their own municipality's.
    # The superuser, who has no membership, lands on a page that leads to the Django admin.
    "dashboard": row(
        GET=expect(200, **{**OUT, "superuser": 200}),
        POST=expect(405, **{**OUT, "superuser": 405})),
    # The network health page reads the whole network: the municipality's own staff only.
    "health:overview": row(
        GET=expect(200, **OUT, partners=403),
        POST=expect(405, **OUT, partners=403)),
    # The autocomplete's search (coordinator/autocomplete.py): the records the list of the same
    # model shows, so the same answers; "police", "person", "community" name records of both
    # municipalities, so a foreign one in the answer is a leak the matrix reports.
    "record_search": [
        row({"?model": literal("networks.organisation"), "?q": literal("police")},
            GET=expect(200, **OUT, partners=403), POST=expect(405, **OUT, partners=403)),
        row({"?model": literal("networks.person"), "?q": literal("person")},
            GET=expect(200, **OUT, partners=403), POST=expect(405, **OUT, partners=403)),
        row({"?model": literal("networks.community"), "?q": literal("community")},
            GET=expect(200, **OUT, partner_none=403),
            POST=expect(405, **OUT, partner_none=403)),
    ],
    "switch_municipality": row(
        GET=expect(405),
        POST=expect(404, anonymous=LOGIN)),  # no data: "" is no municipality of theirs
    # The language switch: anyone (a cookie; a signed-in user's choice is saved on their own
    # memberships). No data: no language, back to the start.
    "set_language": row(GET=expect(405), POST=expect(302)),
    # The user's own settings (their language): every signed-in user, portal users included;
    # no data is "the municipality's default", which a user without membership lacks.
    "account_settings": row(
        GET=expect(200, **SIGNED_IN),
        POST=expect(302, **SIGNED_IN, superuser=200)),
    # The municipality's settings: its municipal admins, each their own municipality's.
    "municipality_settings": row(
        GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, admin=200, outsider_admin=200)),
    # The page is the current municipality's own record: the outsider edits theirs.
    "preconditions": row(
        GET=expect(200, **OUT, assessor=403, partners=403),
        POST=expect(302, **OUT, assessor=403, partners=403)),
    # The goals of the preconditions and their reviews: the municipality's own, like the
    # preconditions (read by the assessor too), never shared with partners.
    "goal_create": row(
        [{}, {"?term": literal("long")}],
        GET=expect(200, **OUT, assessor=403, partners=403),
        POST=expect(200, **OUT, assessor=403, partners=403)),
    "goal_detail": row(
        {"pk": "goal"},
        GET=expect(200, **OUT, partners=404, outsiders=404),
        POST=expect(405, **OUT)),
    "goal_update": row(
        {"pk": "goal"},
        GET=expect(200, **OUT, assessor=403, partners=404, outsiders=404),
        POST=expect(200, **OUT, assessor=403, partners=404, outsiders=404)),
    "goal_review_create": row(  # adding a review is checked first, then the goal is found
        {"pk": "goal"},
        GET=expect(200, **OUT, assessor=403, partners=403, outsiders=404),
        POST=expect(200, **OUT, assessor=403, partners=403, outsiders=404)),
    # ------------------------------------------------------------ engagement (002 steps 2, 4)
    "interaction_list": row(
        [{}, {"?community": "foreign_community"}],  # a foreign filter value shows nothing
        GET=expect(200, **OUT, partner_none=403),
        POST=expect(405, **OUT, partner_none=403)),
    "interaction_create": row(  # the agreement lets partners add interaction notes
        [{}, {"?community": "foreign_community"}],  # a foreign preset is ignored
        GET=expect(200, **OUT, assessor=403, partner_none=403),
        POST=expect(200, **OUT, assessor=403, partner_none=403)),
    "interaction_detail": row(
        {"pk": "interaction"},
        GET=expect(200, **OUT, partner_none=404, outsiders=404),
        POST=expect(405, **OUT)),
    "interaction_update": row(
        {"pk": "interaction"},
        GET=expect(200, **OUT, assessor=403, partner_active=403, partner_none=404, outsiders=404),
        POST=expect(200, **OUT, assessor=403, partner_active=403, partner_none=404,
                    outsiders=404)),
    "commitment_list": row(  # commitments are not a category of the agreement
        [{}, {"?community": "foreign_community"}],
        GET=expect(200, **OUT, partners=403),
        POST=expect(405, **OUT, partners=403)),
    "commitment_create": row(
        [{}, {"?interaction": "foreign_interaction", "?community": "foreign_community"}],
        GET=expect(200, **OUT, assessor=403, partners=403),
        POST=expect(200, **OUT, assessor=403, partners=403)),
    "commitment_detail": row(
        {"pk": "commitment"},
        GET=expect(200, **OUT, partners=404, outsiders=404),
        POST=expect(405, **OUT)),
    "commitment_update": row(
        {"pk": "commitment"},
        GET=expect(200, **OUT, assessor=403, partners=404, outsiders=404),
        POST=expect(200, **OUT, assessor=403, partners=404, outsiders=404)),
    # Concerns: the agreement covers them and lets partners add (register) them; answering is
    # the municipality's (change: coordinators and admins).
    "concern_list": row(
        [{}, {"?community": "foreign_community"},
         {"?routed_to_organisation": "foreign_school"}],
        GET=expect(200, **OUT, partner_none=403),
        POST=expect(405, **OUT, partner_none=403)),
    "concern_create": row(
        [{}, {"?community": "foreign_community", "?interaction": "foreign_interaction"}],
        GET=expect(200, **OUT, assessor=403, partner_none=403),
        POST=expect(200, **OUT, assessor=403, partner_none=403)),
    "concern_detail": row(
        {"pk": "concern"},
        GET=expect(200, **OUT, partner_none=404, outsiders=404),
        POST=expect(405, **OUT)),
    # The edit page and each step of the way to an answer; the world's concern is open, so a
    # POST without data re-renders (no destination, no answer, no report before an answer,
    # no reason to close without an answer).
    **{name: row(
        {"pk": "concern"},
        GET=expect(200, **OUT, assessor=403, partner_active=403, partner_none=404,
                   outsiders=404),
        POST=expect(200, **OUT, assessor=403, partner_active=403, partner_none=404,
                    outsiders=404))
       for name in ("concern_update", "concern_route", "concern_answer", "concern_report_back",
                    "concern_close")},
    # One click on an interaction's page (POST only): needs the interaction visible and the
    # right to add concerns; it answers with a redirect (to the concern, or back with why not).
    "concern_from_interaction": row(
        {"pk": "interaction"},
        GET=expect(405, **OUT),
        POST=expect(302, **OUT, assessor=403, partner_none=404, outsiders=404)),
    # ------------------------------------------------------------ reminders (issue 12)
    # Every staff member has an inbox of their own reminders (partner professionals too).
    "reminders:inbox": row(
        GET=expect(200, **OUT),
        POST=expect(405, **OUT)),
    # The coordinator's reminder: only they may act on it (no data: back to the inbox with
    # the form's error); the municipal admin may read it, not change it.
    "reminders:snooze": row(
        {"pk": "reminder"},
        GET=expect(405, **OUT),
        POST=expect(404, **OUT, coordinator=302, admin=403)),
    "reminders:dismiss": row(
        {"pk": "reminder"},
        GET=expect(405, **OUT),
        POST=expect(404, **OUT, coordinator=302, admin=403)),
    # The days before a relationship goes quiet: the municipal admin's (POST without data:
    # every field empty, the defaults kept: back to the page).
    "reminders:intervals": row(
        GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, admin=302, outsider_admin=302)),
    # ------------------------------------------------------------ networks (003; 002 step 1)
    "networks:community_list": row(
        GET=expect(200, **OUT, partner_none=403),
        POST=expect(405, **OUT, partner_none=403)),
    "networks:community_create": row(  # community profiles cannot be added by partners
        GET=expect(200, **OUT, assessor=403, partners=403),
        POST=expect(200, **OUT, assessor=403, partners=403)),
    "networks:community_detail": row(
        {"pk": "community"},
        GET=expect(200, **OUT, partner_none=404, outsiders=404),
        POST=expect(405, **OUT)),
    "networks:community_update": row(
        {"pk": "community"},
        GET=expect(200, **OUT, assessor=403, partner_active=403, partner_none=404, outsiders=404),
        POST=expect(200, **OUT, assessor=403, partner_active=403, partner_none=404,
                    outsiders=404)),
    # Accepting the step the records show changes the community: POST only. The partner whose
    # agreement opens community profiles sees it but may not change it.
    "networks:community_accept_step": row(
        {"pk": "community"},
        GET=expect(405, **OUT),
        POST=expect(302, **OUT, assessor=403, partner_active=403, partner_none=404,
                    outsiders=404)),
    "networks:organisation_list": row(  # organisations and contacts: not in the agreement
        GET=expect(200, **OUT, partners=403),
        POST=expect(405, **OUT, partners=403)),
    "networks:organisation_create": row(
        GET=expect(200, **OUT, assessor=403, partners=403),
        POST=expect(200, **OUT, assessor=403, partners=403)),
    "networks:organisation_detail": row(
        {"pk": "school"},
        GET=expect(200, **OUT, partners=404, outsiders=404),
        POST=expect(405, **OUT)),
    "networks:organisation_update": row(
        {"pk": "school"},
        GET=expect(200, **OUT, assessor=403, partners=404, outsiders=404),
        POST=expect(200, **OUT, assessor=403, partners=404, outsiders=404)),
    "networks:person_list": row(
        [{}, {"?organisation": "foreign_school"}],
        GET=expect(200, **OUT, partners=403),
        POST=expect(405, **OUT, partners=403)),
    "networks:person_create": row(
        [{}, {"?organisation": "foreign_school"}],
        GET=expect(200, **OUT, assessor=403, partners=403),
        POST=expect(200, **OUT, assessor=403, partners=403)),
    "networks:person_detail": row(
        {"pk": "person"},
        GET=expect(200, **OUT, partners=404, outsiders=404),
        POST=expect(405, **OUT)),
    "networks:person_update": row(
        {"pk": "person"},
        GET=expect(200, **OUT, assessor=403, partners=404, outsiders=404),
        POST=expect(200, **OUT, assessor=403, partners=404, outsiders=404)),
    # ------------------------------------------------------------ the sociogram (issue 12)
    # Relationships are shared as organisations and contacts, which the partner's agreement
    # does not cover; the GraphML file is an export (coordinators and municipal admins).
    **{name: row(GET=expect(200, **OUT, partners=403), POST=expect(405, **OUT, partners=403))
       for name in ("sociogram:graph", "sociogram:payload")},
    "sociogram:graphml": row(
        GET=expect(200, **OUT, assessor=403, partners=403),
        POST=expect(405, **OUT, assessor=403, partners=403)),
    "sociogram:relationship_create": row(
        [{}, {"?from_person": "foreign_person"}],
        GET=expect(200, **OUT, assessor=403, partners=403),
        POST=expect(200, **OUT, assessor=403, partners=403)),
    "sociogram:relationship_detail": row(
        {"pk": "relationship"},
        GET=expect(200, **OUT, partners=404, outsiders=404),
        POST=expect(405, **OUT)),
    "sociogram:relationship_update": row(
        {"pk": "relationship"},
        GET=expect(200, **OUT, assessor=403, partners=404, outsiders=404),
        POST=expect(200, **OUT, assessor=403, partners=404, outsiders=404)),
    # ------------------------------------------------------------ assessing partners (001)
    # Assessors and municipal admins only; never a category of an agreement. An assessment is
    # not even visible to a coordinator (404); a list or an organisation's page answers 403.
    "vetting:assessment_list": row(  # the outsider admin sees their own municipality's
        GET=expect(403, **OUT, assessor=200, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, assessor=405, admin=405, outsider_admin=405)),
    "vetting:assessment_open": row(  # the organisation is visible to the coordinator
        {"organisation_pk": "police"},
        GET=expect(404, **OUT, coordinator=403, assessor=200, admin=200),
        POST=expect(404, **OUT, coordinator=403, assessor=200, admin=200)),
    "vetting:assessment_detail": row(
        {"pk": "assessment"},
        GET=expect(404, **OUT, assessor=200, admin=200),
        POST=expect(404, **OUT, assessor=405, admin=405)),
    "vetting:findings_edit": row(
        {"pk": "assessment"},
        GET=expect(404, **OUT, assessor=200, admin=200),
        POST=expect(404, **OUT, assessor=200, admin=200)),
    "vetting:informed_procedure": row(
        {"pk": "assessment"},
        GET=expect(404, **OUT, assessor=200, admin=200),
        POST=expect(404, **OUT, assessor=200, admin=200)),
    "vetting:informed_outcome": row(
        {"pk": "assessment"},
        GET=expect(404, **OUT, assessor=200, admin=200),
        POST=expect(404, **OUT, assessor=200, admin=200)),
    "vetting:submit": row(
        {"pk": "assessment"},
        GET=expect(404, **OUT, assessor=200, admin=200),
        POST=expect(404, **OUT, assessor=200, admin=200)),
    "vetting:return_to_draft": row(
        {"pk": "assessment"},
        GET=expect(404, **OUT, assessor=405, admin=405),
        POST=expect(404, **OUT, assessor=302, admin=302)),
    "vetting:decide": row(
        {"pk": "assessment"},
        GET=expect(404, **OUT, assessor=200, admin=200),
        POST=expect(404, **OUT, assessor=200, admin=200)),
    "vetting:withdraw": row(
        {"pk": "assessment"},
        GET=expect(404, **OUT, assessor=200, admin=200),
        POST=expect(404, **OUT, assessor=200, admin=200)),
    "vetting:evidence_upload": row(
        {"pk": "assessment"},
        GET=expect(404, **OUT, assessor=200, admin=200),
        POST=expect(404, **OUT, assessor=200, admin=200)),
    "vetting:evidence_download": row(
        {"pk": "evidence"},
        GET=expect(404, **OUT, assessor=200, admin=200),
        POST=expect(404, **OUT, assessor=405, admin=405)),
    "vetting:evidence_remove": row(
        {"pk": "evidence"},
        GET=expect(404, **OUT, assessor=405, admin=405),
        POST=expect(404, **OUT, assessor=302, admin=302)),
    "vetting:criterion_list": row(
        GET=expect(403, **OUT, assessor=200, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, assessor=405, admin=405, outsider_admin=405)),
    "vetting:criterion_create": row(
        GET=expect(403, **OUT, assessor=200, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, assessor=200, admin=200, outsider_admin=200)),
    "vetting:criterion_update": row(
        {"pk": "criterion"},
        GET=expect(404, **OUT, assessor=200, admin=200),
        POST=expect(404, **OUT, assessor=200, admin=200)),
    "vetting:criterion_retire": row(
        {"pk": "criterion"},
        GET=expect(404, **OUT, assessor=405, admin=405),
        POST=expect(404, **OUT, assessor=302, admin=302)),
    # Memoranda of understanding hold no assessment content: coordinators too.
    "vetting:memorandum_create": row(
        {"organisation_pk": "association"},
        GET=expect(404, **OUT, staff=200),
        POST=expect(404, **OUT, staff=200)),
    "vetting:memorandum_detail": row(
        {"pk": "memorandum"},
        GET=expect(404, **OUT, staff=200),
        POST=expect(404, **OUT, staff=405)),
    "vetting:memorandum_update": row(
        {"pk": "memorandum"},
        GET=expect(404, **OUT, staff=200),
        POST=expect(404, **OUT, staff=200)),
    # ------------------------------------------------------------ the local action plan (004)
    # Action plan sections are not a category of the agreement: partners see nothing here.
    "actionplans:plan_list": row(
        GET=expect(200, **OUT, partners=403),
        POST=expect(405, **OUT, partners=403)),
    "actionplans:plan_create": row(
        GET=expect(200, **OUT, assessor=403, partners=403),
        POST=expect(200, **OUT, assessor=403, partners=403)),
    "actionplans:plan_detail": row(
        {"pk": "plan"},
        GET=expect(200, **OUT, partners=404, outsiders=404),
        POST=expect(405, **OUT)),
    "actionplans:version_detail": row(
        {"pk": "version"},
        GET=expect(200, **OUT, partners=404, outsiders=404),
        POST=expect(405, **OUT)),
    # Every element: each has its own choices (element 5 and 6 list organisations and people).
    "actionplans:element_edit": row(
        [{"pk": "version", "element": element} for element in range(1, 8)],
        GET=expect(200, **OUT, assessor=403, partners=404, outsiders=404),
        POST=expect(200, **OUT, assessor=403, partners=404, outsiders=404)),
    "actionplans:send_to_consultation": row(
        {"pk": "version"},
        GET=expect(405, **OUT),
        POST=expect(302, **OUT, assessor=403, partners=404, outsiders=404)),
    "actionplans:return_to_draft": row(
        {"pk": "version"},
        GET=expect(405, **OUT),
        POST=expect(302, **OUT, assessor=403, partners=404, outsiders=404)),
    "actionplans:approve": row(  # the municipal admin records the council's adoption
        {"pk": "version"},
        GET=expect(403, **OUT, admin=200, partners=404, outsiders=404),
        POST=expect(403, **OUT, admin=200, partners=404, outsiders=404)),
    "actionplans:new_draft": row(
        {"pk": "version"},
        GET=expect(405, **OUT),
        POST=expect(302, **OUT, assessor=403, partners=404, outsiders=404)),
    "actionplans:compare": row(
        [{"pk": "version"}, {"pk": "version", "?other": "foreign_version"}],
        GET=expect(200, **OUT, partners=404, outsiders=404),
        POST=expect(405, **OUT)),
    "actionplans:open_sections": row(
        {"pk": "version"},
        GET=expect(200, **OUT, assessor=403, partners=404, outsiders=404),
        POST=expect(200, **OUT, assessor=403, partners=404, outsiders=404)),
    "actionplans:add_comment": row(
        {"pk": "version", "element": 1},
        GET=expect(405, **OUT),
        POST=expect(302, **OUT, assessor=403, partners=404, outsiders=404)),
    "actionplans:resolve_comment": row(
        {"pk": "comment"},
        GET=expect(405, **OUT),
        POST=expect(302, **OUT, assessor=403, partners=404, outsiders=404)),
    "actionplans:request_export": row(
        {"pk": "version"},
        GET=expect(405, **OUT),
        POST=expect(302, **OUT, assessor=403, partners=404, outsiders=404)),
    # Exports are the coordinators' and admins' (policy: view=COORDINATION): 404 to assessors.
    "actionplans:export_detail": row(
        {"pk": "export"},
        GET=expect(404, **OUT, coordinator=200, admin=200),
        POST=expect(405, **OUT)),
    "actionplans:export_download": row(
        {"pk": "export"},
        GET=expect(404, **OUT, coordinator=200, admin=200),
        POST=expect(405, **OUT)),
    # ------------------------------------------------------------ dialogue (002 step 4; 003)
    # Meetings and safe spaces are not a category of the partner's agreement: partners see
    # nothing here; assessors read. The personal calendar page is every staff member's own.
    "dialogue:meeting_list": row(
        [{}, {"?community": "foreign_community"}, {"?safe_space": "foreign_safe_space"}],
        GET=expect(200, **OUT, partners=403),
        POST=expect(405, **OUT, partners=403)),
    "dialogue:meeting_create": row(
        [{}, {"?safe_space": "foreign_safe_space"}],  # a foreign preset is ignored
        GET=expect(200, **OUT, assessor=403, partners=403),
        POST=expect(200, **OUT, assessor=403, partners=403)),
    "dialogue:meeting_detail": row(
        {"pk": "meeting"},
        GET=expect(200, **OUT, partners=404, outsiders=404),
        POST=expect(405, **OUT)),
    "dialogue:meeting_ics": row(
        {"pk": "meeting"},
        GET=expect(200, **OUT, partners=404, outsiders=404),
        POST=expect(405, **OUT)),
    **{f"dialogue:{name}": row(
        {"pk": "meeting"},
        GET=expect(200, **OUT, assessor=403, partners=404, outsiders=404),
        POST=expect(200, **OUT, assessor=403, partners=404, outsiders=404))
       for name in ("meeting_update", "meeting_record", "meeting_agenda", "follow_up_create")},
    "dialogue:agenda_propose": row(
        {"pk": "meeting"},
        GET=expect(405, **OUT),
        POST=expect(302, **OUT, assessor=403, partners=404, outsiders=404)),
    "dialogue:safespace_list": row(
        GET=expect(200, **OUT, partners=403),
        POST=expect(405, **OUT, partners=403)),
    "dialogue:safespace_create": row(
        GET=expect(200, **OUT, assessor=403, partners=403),
        POST=expect(200, **OUT, assessor=403, partners=403)),
    "dialogue:safespace_detail": row(
        {"pk": "safe_space"},
        GET=expect(200, **OUT, partners=404, outsiders=404),
        POST=expect(405, **OUT)),
    "dialogue:safespace_update": row(
        {"pk": "safe_space"},
        GET=expect(200, **OUT, assessor=403, partners=404, outsiders=404),
        POST=expect(200, **OUT, assessor=403, partners=404, outsiders=404)),
    "dialogue:network_overview": row(  # organisations and meetings: neither is shared here
        GET=expect(200, **OUT, partners=403),
        POST=expect(405, **OUT, partners=403)),
    "dialogue:calendar_feed": row(GET=expect(200, **OUT), POST=expect(405, **OUT)),
    "dialogue:calendar_feed_create": row(GET=expect(405, **OUT), POST=expect(302, **OUT)),
    "dialogue:calendar_feed_revoke": row(GET=expect(405, **OUT), POST=expect(302, **OUT)),
    # No session: an unknown token is not found, whoever asks.
    "dialogue:calendar_feed_ics": row(
        {"token": literal("not-a-real-token-of-any-calendar")},
        GET=expect(404), POST=expect(405)),
    # ------------------------------------------------------------ signing in (django.contrib.auth)
    "login": row(  # a signed-in user is sent on
        GET=expect(302, anonymous=200),
        POST=expect(302, anonymous=200)),
    "logout": row(GET=expect(405), POST=expect(LOGIN)),
    "password_change": row(GET=expect(200, **SIGNED_IN), POST=expect(200, **SIGNED_IN)),
    "password_change_done": row(GET=expect(200, **SIGNED_IN), POST=expect(405, **SIGNED_IN)),
    "password_reset": row(GET=expect(200), POST=expect(200)),
    "password_reset_done": row(GET=expect(200), POST=expect(405)),
    "password_reset_confirm": row(  # an invalid link: the page says so
        {"uidb64": literal("MQ"), "token": literal("bad-token")},
        GET=expect(200), POST=expect(200)),
    "password_reset_complete": row(GET=expect(200), POST=expect(405)),
    # ------------------------------------------------------------ two-step sign-in (issue 13)
    # Every signed-in user's own, about themselves. The actors who must use it (assessor,
    # admins, superuser) signed in with their app; the others have none. The code page sends
    # on whoever has nothing (more) to enter; a POST without a code re-renders the set-up form.
    "two_factor:status": row(GET=expect(200, **SIGNED_IN), POST=expect(405, **SIGNED_IN)),
    "two_factor:verify": row(GET=expect(302, **SIGNED_IN), POST=expect(302, **SIGNED_IN)),
    "two_factor:setup": row(GET=expect(200, **SIGNED_IN), POST=expect(200, **SIGNED_IN)),
    # Without an app: sent to the status page. With one: new codes after a confirmation...
    "two_factor:backup_codes": row(
        GET=expect(302, **SIGNED_IN, **WITH_APP),
        POST=expect(302, **SIGNED_IN, **WITH_APP)),
    # ...and removing it is refused to all of them, whose role requires it.
    "two_factor:remove": row(
        GET=expect(302, **SIGNED_IN, **WITH_APP),
        POST=expect(302, **SIGNED_IN, **{actor: 403 for actor in WITH_APP})),
    # ------------------------------------------------------------ the Django admin
    # One row for all of it: the superuser's tool, guarded by Django (is_staff); everyone
    # else is sent to its own sign-in page.
    "admin:index": row(GET=expect(302, superuser=200), POST=expect(302, superuser=200)),
    # ------------------------------------------------------------ information-sharing agreements
    # The register is read by coordinators and admins, changed by admins only; assessors do
    # not see agreements (404 on one). Each action page confirms before it changes a state.
    "sharing:agreement_list": row(
        GET=expect(200, **OUT, assessor=403, partners=403),
        POST=expect(405, **OUT, assessor=403, partners=403)),
    "sharing:agreement_create": row(
        GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, admin=200, outsider_admin=200)),
    "sharing:agreement_detail": row(
        {"pk": "agreement"},
        GET=expect(404, **OUT, coordinator=200, admin=200),
        POST=expect(405, **OUT)),
    **{f"sharing:{name}": row(
        {"pk": "agreement"},
        GET=expect(404, **OUT, coordinator=403, admin=200),
        POST=expect(404, **OUT, coordinator=403, admin=200))
       for name in ("agreement_update", "agreement_activate", "agreement_suspend",
                    "agreement_resume", "agreement_end", "review_create")},
    # The partners' own view of the agreements binding their organisation.
    "sharing:my_agreement_list": row(
        GET=expect(403, **OUT, partners=200),
        POST=expect(403, **OUT, partners=405)),
    "sharing:my_agreement_detail": row(
        {"pk": "agreement"},
        GET=expect(404, **OUT, partner_active=200),
        POST=expect(405, **OUT)),
    # ------------------------------------------------------------ the read-access log
    # The municipal admin's; another municipality's admin reads only their own events, and
    # does not find this municipality's agreement (404). A record's log is shown by number
    # even when the record is not visible (a record deleted since keeps its log); the events
    # are the reader's municipality's only.
    "sharing_log:list": row(
        GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, admin=405, outsider_admin=405)),
    "sharing_log:export": row(
        GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, admin=405, outsider_admin=405)),
    "sharing_log:agreement": row(
        {"agreement": "agreement"},
        GET=expect(403, **OUT, admin=200, outsider_admin=404),
        POST=expect(403, **OUT, admin=405, outsider_admin=405)),
    "sharing_log:agreement_export": row(
        {"agreement": "agreement"},
        GET=expect(403, **OUT, admin=200, outsider_admin=404),
        POST=expect(403, **OUT, admin=405, outsider_admin=405)),
    "sharing_log:record": row(
        {"label": literal("engagement.interaction"), "pk": "interaction"},
        GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, admin=405, outsider_admin=405)),
    "sharing_log:record_export": row(
        {"label": literal("engagement.interaction"), "pk": "interaction"},
        GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, admin=405, outsider_admin=405)),
    # ------------------------------------------------------------ per-record grants
    "sharing_grants:share_interaction": row(  # coordinators and admins share a note
        {"pk": "interaction"},
        GET=expect(200, **OUT, assessor=403, partner_active=403, partner_none=404,
                   outsiders=404),
        POST=expect(200, **OUT, assessor=403, partner_active=403, partner_none=404,
                    outsiders=404)),
    "sharing_grants:revoke": row(  # a confirmation page, then the POST revokes
        {"pk": "grant"},
        GET=expect(404, **OUT, coordinator=200, admin=200),
        POST=expect(404, **OUT, coordinator=302, admin=302)),
    "sharing_grants:shared_with_you": row(  # partner professionals' own list
        GET=expect(403, **OUT, partners=200),
        POST=expect(405, **OUT)),
    # ------------------------------------------------------------ users (coordinator/users)
    # The municipal admin's: everyone else gets 403 before any record is looked up; the other
    # municipality's admin does not find a member or invitation of this one (404).
    "users:list": row(
        GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, admin=405, outsider_admin=405)),
    # Whether all staff must sign in in two steps: the municipality's own setting.
    "users:two_factor": row(
        GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, admin=302, outsider_admin=302)),
    "users:invite": row(
        GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, admin=200, outsider_admin=200)),
    "users:change": row(  # a confirmation page before anything changes
        {"pk": "membership"},
        GET=expect(403, **OUT, admin=200, outsider_admin=404),
        POST=expect(403, **OUT, admin=200, outsider_admin=404)),
    "users:deactivate": row(
        {"pk": "membership"},
        GET=expect(403, **OUT, admin=200, outsider_admin=404),
        POST=expect(403, **OUT, admin=302, outsider_admin=404)),
    "users:revoke": row(
        {"pk": "invitation"},
        GET=expect(403, **OUT, admin=405, outsider_admin=405),
        POST=expect(403, **OUT, admin=302, outsider_admin=404)),
    # ------------------------------------------------------------ data protection (privacy)
    # The municipal admin's alone (policy: ADMINISTRATION): everyone else gets 403 before any
    # record is looked up; the other municipality's admin has their own data map, retention and
    # search, and does not find a person, organisation or export of this one (404). A method a
    # page does not take answers 405 before the record is looked up.
    "privacy:data_map": row(
        GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, admin=405, outsider_admin=405)),
    "privacy:data_map_export": row(  # queues the PDF
        GET=expect(403, **OUT, admin=405, outsider_admin=405),
        POST=expect(403, **OUT, admin=302, outsider_admin=302)),
    "privacy:retention": row(  # POST without data: the form comes back with its errors
        GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, admin=200, outsider_admin=200)),
    "privacy:subjects": row(
        [{}, {"?q": literal("person")}],  # each admin finds their own municipality's only
        GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(403, **OUT, admin=405, outsider_admin=405)),
    **{f"privacy:{kind}": row(
        {"pk": record},
        GET=expect(403, **OUT, admin=200, outsider_admin=404),
        POST=expect(403, **OUT, admin=405, outsider_admin=405))
       for kind, record in (("person", "person"), ("organisation", "school"))},
    **{f"privacy:{kind}_export": row(
        {"pk": record},
        GET=expect(403, **OUT, admin=405, outsider_admin=405),
        POST=expect(403, **OUT, admin=302, outsider_admin=404))
       for kind, record in (("person", "person"), ("organisation", "school"))},
    # A confirmation page; a POST without the confirmation erases nothing (200).
    **{f"privacy:{kind}_erase": row(
        {"pk": record},
        GET=expect(403, **OUT, admin=200, outsider_admin=404),
        POST=expect(403, **OUT, admin=200, outsider_admin=404))
       for kind, record in (("person", "person"), ("organisation", "school"))},
    "privacy:export_detail": row(
        {"pk": "privacy_export"},
        GET=expect(403, **OUT, admin=200, outsider_admin=404),
        POST=expect(403, **OUT, admin=405, outsider_admin=405)),
    **{f"privacy:export_{kind}": row(
        {"pk": "privacy_export"},
        GET=expect(403, **OUT, admin=200, outsider_admin=404),
        POST=expect(403, **OUT, admin=405, outsider_admin=405))
       for kind in ("json", "pdf")},
    # ------------------------------------------------------------ the portal (issue 10)
    # A community representative's pages: each shows what concerns their own organisation
    # (coordinator/policies.py, Policy.portal). A record of another organisation or of another
    # municipality is not found (404), by the youth club's representative as by the foreign
    # one; staff are sent to their dashboard (302) before any record is looked up. Pages
    # without a record show each representative their own organisation's.
    "portal:home": row(
        GET=expect(302, **OUT_OF_PORTAL, portals=200),
        POST=expect(302, **OUT_OF_PORTAL, portals=405)),
    **{f"portal:{name}": row(
        GET=expect(302, **OUT_OF_PORTAL, portals=200),
        POST=expect(302, **OUT_OF_PORTAL, portals=405))
       for name in ("organisation", "meeting_list", "concern_list", "commitment_list",
                    "plan_sections", "assessing", "agreement_list")},
    # Forms without a record (POST without data: the form comes back with its errors).
    **{f"portal:{name}": row(
        GET=expect(302, **OUT_OF_PORTAL, portals=200),
        POST=expect(302, **OUT_OF_PORTAL, portals=200))
       for name in ("correction", "concern_create")},
    # One record each: the association's (the home representative's), the foreign
    # association's (the foreign representative's), and, where there is one, a record of the
    # home municipality that concerns no organisation of a representative (nobody's).
    **{f"portal:{name}": [
        row({"pk": home},
            GET=expect(302, **OUT_OF_PORTAL, portals=404, portal=200),
            POST=expect(302, **OUT_OF_PORTAL, portals=post, portal=post_own)),
        row({"pk": f"foreign_{home}"},
            GET=expect(302, **OUT_OF_PORTAL, portals=404, portal_foreign=200),
            POST=expect(302, **OUT_OF_PORTAL, portals=post, portal_foreign=post_own)),
        *([row({"pk": nobodys},
               GET=expect(302, **OUT_OF_PORTAL, portals=404),
               POST=expect(302, **OUT_OF_PORTAL, portals=post))] if nobodys else [])]
       # A page without a form answers a POST 405 before it looks the record up; a form page
       # re-renders for the representative of the organisation, 404 for the others.
       for name, home, nobodys, post, post_own in (
           ("meeting_detail", "meeting", None, 405, 405),
           ("meeting_propose", "meeting", None, 404, 200),
           # The promise made to the community's residents, not to an organisation.
           ("commitment_detail", "pledge", "commitment", 404, 200),
           ("plan_section", "opening", None, 404, 200),
           # The police's agreement: the association is no party to it.
           ("agreement_detail", "association_agreement", "agreement", 405, 405))},
    # ------------------------------------------------------------ representatives (issue 10)
    # The coordinator's side: coordinators and municipal admins invite and revoke
    # representatives (Action.REPRESENTATIVES) and decide their corrections (view, REVIEW);
    # assessors and partners get 403 on a page over the model, 404 on a correction; the other
    # municipality's staff find their own lists and none of this one's records.
    "representatives:list": row(
        GET=expect(403, **OUT, coordinator=200, admin=200, outsiders=200),
        POST=expect(403, **OUT, coordinator=405, admin=405, outsiders=405)),
    "representatives:invite": row(  # POST without data: the form comes back with its errors
        GET=expect(403, **OUT, coordinator=200, admin=200, outsiders=200),
        POST=expect(403, **OUT, coordinator=200, admin=200, outsiders=200)),
    "representatives:revoke": row(  # a confirmation page, then the POST revokes
        {"pk": "representative"},
        GET=expect(403, **OUT, coordinator=200, admin=200, outsiders=404),
        POST=expect(403, **OUT, coordinator=302, admin=302, outsiders=404)),
    "representatives:withdraw": row(
        {"pk": "representative_invitation"},
        GET=expect(403, **OUT, coordinator=405, admin=405, outsiders=405),
        POST=expect(403, **OUT, coordinator=302, admin=302, outsiders=404)),
    "representatives:corrections": row(
        [{}, {"?show": literal("all")}],
        GET=expect(403, **OUT, coordinator=200, admin=200, outsiders=200),
        POST=expect(403, **OUT, coordinator=405, admin=405, outsiders=405)),
    "representatives:correction": row(  # POST without data: the decision form's errors
        {"pk": "correction"},
        GET=expect(404, **OUT, coordinator=200, admin=200),
        POST=expect(404, **OUT, coordinator=200, admin=200)),
    # Public: the link keeps the token in the session and sends on; without a known token the
    # accept page says the invitation is unknown.
    "invitation": row({"token": literal("not-a-real-token")}, GET=expect(302), POST=expect(302)),
    "invitation_accept": row(GET=expect(404), POST=expect(404)),
    **CRISIS_ROWS,
    **API_ROWS,
    **SPREADSHEET_ROWS,
}
# Each list's export (``?export=csv``) answers by the "export" right: a row beside the list's.
for _key, _export in EXPORT_ROWS.items():
    EXPECTED[_key] = [*rows_of(EXPECTED[_key]), _export]


# --------------------------------------------------------------------------- the table itself


def test_every_url_pattern_has_a_row():
    missing = [p for p in url_patterns() if p.key not in EXPECTED]
    if missing:
        pytest.fail(
            f"{len(missing)} URL pattern(s) without a row in EXPECTED "
            "(tests/access/test_url_matrix.py). Add, deciding each answer from the policy:\n"
            + "\n".join(skeleton(p) for p in missing), pytrace=False)


def test_every_row_is_a_url_pattern():
    keys = {p.key for p in url_patterns()}
    stale = sorted(set(EXPECTED) - keys)
    if stale:
        pytest.fail(f"Rows in EXPECTED for no URL pattern (renamed or removed?): {stale}",
                    pytrace=False)


def test_every_row_answers_for_every_actor_and_method():
    gaps = [f"{key} {method}: {', '.join(a for a in ACTORS if a not in spec.get(method, {}))}"
            for key, entry in EXPECTED.items() for spec in rows_of(entry) for method in METHODS
            if set(spec.get(method, {})) != set(ACTORS)]
    if gaps:
        pytest.fail("Rows without an answer for:\n" + "\n".join(gaps), pytrace=False)


# --------------------------------------------------------------------------- the requests
# ``outcomes`` (tests/access/conftest.py): every request of the table, sent once.


@pytest.mark.django_db  # also tells pytest-django to set up the test database
def test_every_answer_matches_the_table(outcomes):
    wrong = [o for o in outcomes if o.got != o.expected]
    if wrong:
        report = "\n".join(f"{o.method} {o.url} as {o.actor}: expected {o.expected!r}, "
                           f"got {o.got!r}" for o in wrong)
        observed = "\n".join(observed_row(key, outcomes)
                             for key in dict.fromkeys(o.key for o in wrong))
        pytest.fail(f"{len(wrong)} answer(s) differ from EXPECTED:\n{report}\n\n"
                    "Observed rows (check each against the policy before changing the "
                    f"table):\n{observed}", pytrace=False)


@pytest.mark.django_db
def test_no_page_shows_a_name_of_another_municipality(outcomes):
    leaks = [f"{o.method} {o.url} as {o.actor}: …{o.leaked}…" for o in outcomes if o.leaked]
    if leaks:
        pytest.fail("Pages show a record of another municipality:\n" + "\n".join(leaks),
                    pytrace=False)


@pytest.mark.django_db
def test_no_page_shows_ethnicity_or_faith_without_an_article_9_condition(outcomes):
    """Issue 7: "Ethnicity and faith are shown to a partner only where the agreement records an
    Article 9 condition"; the partner's agreement here has none."""
    shown = [f"{o.method} {o.url} as {o.actor}" for o in outcomes
             if o.special_shown and o.actor in NOT_SPECIAL]
    if shown:
        pytest.fail("Pages show ethnicity or faith:\n" + "\n".join(shown), pytrace=False)


@pytest.mark.django_db
def test_the_foreign_name_check_reads_pages(outcomes):
    """The checks above cannot pass by reading nothing: every staff actor was shown pages, and
    the markers do reach pages and the API (the outsider's lists show their own municipality's records,
    the coordinator's show the home municipality's; ethnicity and faith are on the community's
    page for the roles that may read them, and that page was searched for the partner; the
    foreign representative's own meeting was searched for the home municipality's names)."""
    searched = {o.actor for o in outcomes if o.html}
    assert {"coordinator", "assessor", "admin", "partner_active", "partner_none",
            "portal", "portal_other", "portal_foreign", "outsider"} <= searched
    assert any(o.own_shown and o.actor == "portal_foreign" and o.key == "portal:meeting_detail"
               for o in outcomes)
    own = {o.actor for o in outcomes if o.own_shown and o.key == "networks:community_list"
           and o.method == "GET"}
    assert {"coordinator", "outsider"} <= own
    special = {o.actor for o in outcomes if o.special_shown and o.method == "GET"
               and o.key == "networks:community_detail"}
    assert special == {"coordinator", "assessor", "admin"}, special
    assert any(o.html and o.actor == "partner_active" and o.key == "networks:community_detail"
               for o in outcomes)
    # The API's JSON is searched as the pages are: its lists show each their own
    # municipality's records, a community's ethnicity and faith only to the same roles.
    own = {o.actor for o in outcomes if o.own_shown and o.key == "api:community-list"}
    assert {"coordinator", "partner_active", "outsider"} <= own
    special = {o.actor for o in outcomes if o.special_shown and o.key == "api:community-detail"}
    assert special == {"coordinator", "assessor", "admin"}, special
    assert any(o.html and o.actor == "partner_active" and o.key == "api:community-detail"
               for o in outcomes)
