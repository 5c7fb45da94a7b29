"""The rows of the URL x role matrix for the read API (``api``, issue 13) and the page where a
user makes and revokes their tokens. Part of ``EXPECTED`` (tests/access/test_url_matrix.py,
where the actors and the answers are described); kept apart so that file stays readable.

The API answers as the HTML pages of the same records do (coordinator/policies.py), in its own
words: not signed in is 401 (not a redirect to sign in), a community representative or a user
without a membership is refused (403: the API is for staff). A list answers 403 to a staff
member who may see no record of its model (``can``), a record that is not visible answers 404;
a POST is refused before the method is looked at (401, 403), else 405 (the API is read-only).

The world's partner (``partner_active``) is bound by an agreement covering community profiles,
interaction notes and concerns: they list communities and interactions, nothing else of the
API. The other municipality's staff have their own lists and find none of this one's records.
"""

from .matrix import OUT, expect, row

#: Those the API refuses whatever they ask: not signed in, representatives, no membership.
_REFUSED = {"anonymous": 401, "portals": 403, "superuser": 403}
#: What the agreement opens to the police's partner (coordinator/policies.py categories).
_PARTNER_SEES = {"community": "community", "interaction": "interaction"}

#: resource -> the record of tests/access/world.py its detail is asked for.
_RESOURCES = {"community": "community", "organisation": "school", "person": "person",
              "interaction": "interaction", "commitment": "commitment", "meeting": "meeting",
              "actionplan": "plan", "actionplanversion": "version"}


def _list_row(resource: str) -> dict:
    partner = 200 if resource in _PARTNER_SEES else 403
    return row(GET=expect(200, **_REFUSED, partner_active=partner, partner_none=403),
               POST=expect(405, **_REFUSED))


def _detail_row(resource: str, record: str) -> dict:
    partner = 200 if resource in _PARTNER_SEES else 404
    return row({"pk": record},
               GET=expect(200, **_REFUSED, partner_active=partner, partner_none=404,
                          outsiders=404),
               POST=expect(405, **_REFUSED))


API_ROWS = {
    "api:api-root": row(GET=expect(200, **_REFUSED), POST=expect(405, **_REFUSED)),
    "api:schema": row(GET=expect(200, **_REFUSED), POST=expect(405, **_REFUSED)),
    **{f"api:{resource}-list": _list_row(resource) for resource in _RESOURCES},
    # A filter naming a community of the other municipality is an invalid choice (400), as
    # the HTML list's filter finds no such choice; to the outsiders it is their own.
    "api:interaction-list": [
        _list_row("interaction"),
        row({"?community": "foreign_community"},
            GET=expect(400, **_REFUSED, partner_none=403, outsiders=200),
            POST=expect(405, **_REFUSED))],
    **{f"api:{resource}-detail": _detail_row(resource, record)
       for resource, record in _RESOURCES.items()},
    # ------------------------------------------------------------ tokens, under the account
    # Every staff member has their own (the outsiders theirs, in their municipality);
    # representatives are sent to the portal. POST without data: the form's error.
    "api_tokens:list": row(GET=expect(200, **OUT), POST=expect(200, **OUT)),
    # The home coordinator's token: only they revoke it; to everyone else it is not found.
    "api_tokens:revoke": row(
        {"pk": "api_token"},
        GET=expect(405, **OUT),
        POST=expect(404, **OUT, coordinator=302)),
}
