"""The rows of the URL x role matrix for the crisis response (issue 11): the staff pages of
``crisis`` and the portal's check-ins. Part of ``EXPECTED`` (tests/access/test_url_matrix.py,
where the actors and the answers are described); kept apart so that file stays readable.

The policy (coordinator/policies.py, ``crisis.*``): coordinators and municipal admins in full;
assessors nothing (403 on a page over a model, 404 on a record, which they cannot see); partner
professionals only under an agreement covering ``crisis_response`` or ``check_ins``, which the
world's agreement does not (so 403 and 404, like the assessor); the other municipality's staff
have their own lists and forms and find none of this one's records (404); a community
representative is sent to the portal from every staff page, and in the portal sees and answers
only their own organisation's check-ins.

Records (tests/access/world.py): ``incident`` with its ``check_in`` (the association's, whose
representative is ``portal``) and ``other_check_in`` (the school's: no representative's),
``statement`` (briefed, not released), ``media_request``, ``recovery_action``, ``protocol`` and
``team``.
"""

from .matrix import OUT, OUT_OF_PORTAL, expect, row

#: What nobody but the home municipality's coordinators and admins reaches: a record of it.
_RECORD = {"assessor": 404, "partners": 404, "outsiders": 404}
#: A page over a whole model (a list, a create form): 403 without the right, whatever the
#: record; the other municipality's staff have their own.
_MODEL = {"assessor": 403, "partners": 403}

CRISIS_ROWS = {
    # ------------------------------------------------------------ before a crisis
    **{f"crisis:{model}_list": row(
        GET=expect(200, **OUT, **_MODEL),
        POST=expect(405, **OUT, **_MODEL))
       for model in ("incident", "crisisprotocol", "crisisteam")},
    # POST without data: the form comes back with its errors.
    **{f"crisis:{model}_create": row(
        GET=expect(200, **OUT, **_MODEL),
        POST=expect(200, **OUT, **_MODEL))
       for model in ("incident", "crisisprotocol", "crisisteam")},
    **{f"crisis:{name}_detail": row(
        {"pk": name},
        GET=expect(200, **OUT, **_RECORD),
        POST=expect(405, **OUT))
       for name in ("incident", "protocol", "team")},
    **{f"crisis:{name}_update": row(
        {"pk": name},
        GET=expect(200, **OUT, **_RECORD),
        POST=expect(200, **OUT, **_RECORD))
       for name in ("incident", "protocol", "team")},
    # Adding a member is checked first (403), then the team is found (404 for the outsiders).
    "crisis:team_member_create": row(
        {"pk": "team"},
        GET=expect(200, **OUT, **_MODEL, outsiders=404),
        POST=expect(200, **OUT, **_MODEL, outsiders=404)),
    # ------------------------------------------------------------ during and after it
    # One click on the incident page (POST only): a timeline step (no text: back with why),
    # checking in with the network (everyone has a check-in: back with that).
    **{f"crisis:{name}": row(
        {"pk": "incident"},
        GET=expect(405, **OUT),
        POST=expect(302, **OUT, **_RECORD))
       for name in ("add_entry", "check_in_network")},
    # A record of the incident: adding one is checked first (403), then the incident is found.
    **{f"crisis:{name}_create": row(
        {"pk": "incident"},
        GET=expect(200, **OUT, **_MODEL, outsiders=404),
        POST=expect(200, **OUT, **_MODEL, outsiders=404))
       for name in ("impact", "hate_incident", "statement", "media_request",
                    "recovery_action")},
    "crisis:incident_close": row(  # POST without the lessons learned: the form's error
        {"pk": "incident"},
        GET=expect(200, **OUT, **_RECORD),
        POST=expect(200, **OUT, **_RECORD)),
    # A check-in answered by phone, staff side: the representative answers in the portal.
    "crisis:check_in": row(
        [{"pk": "check_in"}, {"pk": "other_check_in"}],
        GET=expect(200, **OUT, **_RECORD),
        POST=expect(200, **OUT, **_RECORD)),
    **{f"crisis:{name}": row(
        {"pk": record},
        GET=expect(200, **OUT, **_RECORD),
        POST=expect(200, **OUT, **_RECORD))
       for name, record in (("statement_update", "statement"),
                            ("briefing_create", "statement"),
                            ("media_request_update", "media_request"),
                            ("recovery_action_update", "recovery_action"))},
    # The statement was briefed: releasing it is done (302), in a request rolled back.
    "crisis:statement_release": row(
        {"pk": "statement"},
        GET=expect(405, **OUT),
        POST=expect(302, **OUT, **_RECORD)),
    # ------------------------------------------------------------ the situation report
    "crisis:report_request": row(
        {"pk": "incident"},
        GET=expect(405, **OUT),
        POST=expect(302, **OUT, **_RECORD)),
    **{f"crisis:{name}": row(
        {"pk": "report"},
        GET=expect(200, **OUT, **_RECORD),
        POST=expect(405, **OUT))
       for name in ("report_detail", "report_download")},
    # ------------------------------------------------------------ the portal's check-ins
    # Each representative's list shows their own organisation's (the club's is empty).
    "portal:check_in_list": row(
        GET=expect(302, **OUT_OF_PORTAL, portals=200),
        POST=expect(302, **OUT_OF_PORTAL, portals=405)),
    # The association's check-in, the foreign association's, and the school's (nobody's): each
    # is found by its own representative only (POST without data: the form's errors).
    "portal:check_in": [
        row({"pk": "check_in"},
            GET=expect(302, **OUT_OF_PORTAL, portals=404, portal=200),
            POST=expect(302, **OUT_OF_PORTAL, portals=404, portal=200)),
        row({"pk": "foreign_check_in"},
            GET=expect(302, **OUT_OF_PORTAL, portals=404, portal_foreign=200),
            POST=expect(302, **OUT_OF_PORTAL, portals=404, portal_foreign=200)),
        row({"pk": "other_check_in"},
            GET=expect(302, **OUT_OF_PORTAL, portals=404),
            POST=expect(302, **OUT_OF_PORTAL, portals=404))],
}
