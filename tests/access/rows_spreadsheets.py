"""The rows of the URL x role matrix for spreadsheets (issue 13): the pages of exports and
imports, and the export of every list (``?export=csv``, with and without asking for ethnicity
and faith), whose answers follow the policy's "export" right rather than "view".

Exports are CSV: the matrix searches them, like pages, for the other municipality's names and
for ethnicity and faith."""

from .matrix import OUT, expect, literal, row

#: Only the requester's own (a municipal admin reads the municipality's): the others of the
#: municipality find nothing.
_OWN = {"assessor": 404, "partners": 404, "outsiders": 404}

SPREADSHEET_ROWS = {
    # Every staff member has their own spreadsheets page (the admin: the log of exports).
    "spreadsheets:index": row(GET=expect(200, **OUT), POST=expect(405, **OUT)),
    "spreadsheets:export_detail": row(
        {"pk": "spreadsheet_export"},
        GET=expect(200, **OUT, **_OWN),
        POST=expect(405, **OUT)),
    # The file: to its requester only, not even the municipal admin.
    "spreadsheets:export_download": row(
        {"pk": "spreadsheet_export"},
        GET=expect(404, **OUT, coordinator=200),
        POST=expect(405, **OUT)),
    # Uploading needs the right to add the records; the agreement lets the partner add
    # interaction notes, not communities. POST without a file: the form comes back.
    "spreadsheets:import_upload": [
        row({"kind": literal("communities")},
            GET=expect(200, **OUT, assessor=403, partners=403),
            POST=expect(200, **OUT, assessor=403, partners=403)),
        row({"kind": literal("interactions")},
            GET=expect(200, **OUT, assessor=403, partner_none=403),
            POST=expect(200, **OUT, assessor=403, partner_none=403)),
        # An unknown kind: 404 to staff, once signed in.
        row({"kind": literal("nothing")}, GET=expect(404, **OUT), POST=expect(404, **OUT)),
    ],
    "spreadsheets:import_template": [
        row({"kind": literal("people"), "format": literal("csv")},
            GET=expect(200, **OUT, assessor=403, partners=403),
            POST=expect(405, **OUT, assessor=403, partners=403)),
        row({"kind": literal("interactions"), "format": literal("xlsx")},
            GET=expect(200, **OUT, assessor=403, partner_none=403),
            POST=expect(405, **OUT, assessor=403, partner_none=403)),
    ],
    "spreadsheets:import_detail": row(
        {"pk": "spreadsheet_import"},
        GET=expect(200, **OUT, **_OWN),
        POST=expect(405, **OUT)),
    # Confirming and cancelling are the requester's: the admin reads, may not act (403).
    **{f"spreadsheets:{name}": row(
        {"pk": "spreadsheet_import"},
        GET=expect(405, **OUT),
        POST=expect(302, **OUT, admin=403, **_OWN))
       for name in ("import_confirm", "import_cancel")},
}

_EXPORTS = [{"?export": literal("csv")}, {"?export": literal("csv"), "?special": literal("1")}]
#: Partners export what their agreement opens (community profiles, interaction notes and
#: concerns here); assessors read the lists but export nothing.
_SHARED = row(_EXPORTS, GET=expect(200, **OUT, assessor=403, partner_none=403),
              POST=expect(405, **OUT, partner_none=403))
_NOT_SHARED = row(_EXPORTS, GET=expect(200, **OUT, assessor=403, partners=403),
                  POST=expect(405, **OUT, partners=403))

#: The export variant of each list's row, added to the list's own row.
EXPORT_ROWS = {
    "networks:community_list": _SHARED,
    "interaction_list": _SHARED,
    "concern_list": _SHARED,
    "networks:organisation_list": _NOT_SHARED,
    "networks:person_list": _NOT_SHARED,
    "commitment_list": _NOT_SHARED,
    "dialogue:meeting_list": _NOT_SHARED,
    "dialogue:safespace_list": _NOT_SHARED,
    "dialogue:network_overview": _NOT_SHARED,
    # The crisis lists are read by coordinators and admins only.
    **{f"crisis:{model}_list": row(_EXPORTS, GET=expect(200, **OUT, assessor=403, partners=403),
                                   POST=expect(405, **OUT, assessor=403, partners=403))
       for model in ("incident", "crisisprotocol", "crisisteam")},
    # The register is exported by municipal admins only (they change it).
    "sharing:agreement_list": row(
        _EXPORTS, GET=expect(403, **OUT, admin=200, outsider_admin=200),
        POST=expect(405, **OUT, assessor=403, partners=403)),
    # A list without a spreadsheet: nothing to export.
    "reminders:inbox": row(_EXPORTS, GET=expect(404, **OUT), POST=expect(405, **OUT)),
}
