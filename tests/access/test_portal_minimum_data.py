"""Issue 10 "Minimum data": a community representative sees, in the portal, what concerns their
own organisation and nothing else of the municipality's records.

Every portal page the URL x role matrix sends (tests/access/test_url_matrix.py; GET and the
POST without data) that answers a representative with a page (status 200) is read, as the home
association's representative and as the youth club's (``portal_other``, whose organisation none
of the portal's records concern), in the world of tests/access/world.py. No page may show a
record of another organisation that is not theirs, special-category data, or the words of
assessing partners in security terms ("cleared", "vetting"; 004 "Terminology and language").
During a crisis (issue 11) the representative sees their own organisation's check-in and the
incident's title, never another organisation's answers nor the incident's internal record.

The checks cannot pass by reading nothing: each portal page of the home representative must
show the organisation's own records, the club's representative must be shown their own
organisation's name on each of theirs, and staff pages of the same world show what the portal
must not.
"""

import pytest

from .urls import url_patterns
from .world import HOME, SPECIAL

#: Never on a page of the home representative: records of the municipality that concern
#: another organisation or none (the school's contact, the police, the club, the meeting's
#: notes and unsent takeaways, the interaction, the community profile, the promises made to
#: others, the coordinator's own comments, the police's agreement), what assessing partners
#: found and why, evidence, ethnicity and faith; of the crisis, what the school answered to
#: its check-in and everything of the incident but its title (what happened, the timeline,
#: impact, hate incidents, statements and their briefing, the press, recovery, the protocol
#: and the team).
NOT_THEIRS = (
    f"{HOME} person", f"{HOME} police", f"{HOME} school", f"{HOME} youth club",
    f"{HOME} notes", f"{HOME} takeaways", f"{HOME} need", f"{HOME} history",
    f"{HOME} quiet community", f"{HOME} promise", f"{HOME} follow-up", f"{HOME} comment",
    f"{HOME} internal remark", f"{HOME} agreement", f"{HOME} purpose", f"{HOME} contact",
    f"{HOME} finding", f"{HOME} reasons", f"{HOME} evidence", f"{HOME} assessment purpose",
    SPECIAL,
    f"{HOME} other concerns", f"{HOME} other needs", f"{HOME} other fears",
    f"{HOME} other rumours", f"{HOME} other support", f"{HOME} what happened",
    f"{HOME} timeline step", f"{HOME} impact note", f"{HOME} hate incident", f"{HOME} statement",
    f"{HOME} elders briefed", f"{HOME} feedback", f"{HOME} gazette", f"{HOME} press question",
    f"{HOME} recovery", f"{HOME} protocol", f"{HOME} call order", f"{HOME} team",
    f"{HOME} mediator",
)
#: Never on any portal page, whatever the organisation.
SECURITY_WORDS = ("cleared", "vetting")

#: What each page of the home representative shows of their organisation's own records.
OWN = {
    "portal:home": (f"{HOME} meeting", f"{HOME} pledge"),
    "portal:organisation": (f"{HOME} association", f"{HOME} neighbour", f"{HOME} correction"),
    "portal:correction": (f"{HOME} association",),
    "portal:meeting_list": (f"{HOME} meeting",),
    "portal:meeting_detail": (f"{HOME} meeting", f"{HOME} item", f"{HOME} street"),
    "portal:meeting_propose": (f"{HOME} meeting",),
    "portal:concern_list": (f"{HOME} concern",),
    "portal:concern_create": (f"{HOME} association",),
    "portal:commitment_list": (f"{HOME} pledge",),
    "portal:commitment_detail": (f"{HOME} pledge", f"{HOME} not yet"),
    "portal:plan_sections": (f"{HOME} plan",),
    "portal:plan_section": (f"{HOME} vision", f"{HOME} question", f"{HOME} answer"),
    "portal:assessing": (f"{HOME} aims", f"{HOME} benefits"),
    "portal:agreement_list": (f"{HOME} association agreement",),
    "portal:agreement_detail": (f"{HOME} association agreement", f"{HOME} shared aims"),
    "portal:check_in_list": (f"{HOME} incident",),
    # The answer the association gave by phone, for the representative to add to.
    "portal:check_in": (f"{HOME} incident", f"{HOME} our concerns", f"{HOME} our needs",
                        f"{HOME} our fears", f"{HOME} our rumours", f"{HOME} our support"),
}
#: Never on a page of the youth club's representative: the association's records.
ASSOCIATIONS = tuple(dict.fromkeys(
    text for key, texts in OWN.items() for text in texts if text != f"{HOME} plan"))


def _found(html: str, texts) -> list[str]:
    lowered = html.lower()
    return [text for text in texts if text.lower() in lowered]


def _pages(outcomes, actor: str) -> list:
    """``actor``'s portal pages: the outcomes of a portal URL that showed them a page."""
    return [o for o in outcomes
            if o.actor == actor and o.key.startswith("portal:") and o.got == 200 and o.html]


def _staff_page(outcomes, key: str, actor: str) -> str:
    """The text of ``actor``'s pages of ``key`` (GET, status 200), one after the other."""
    texts = [o.text for o in outcomes if o.key == key and o.actor == actor
             and o.method == "GET" and o.got == 200]
    assert texts, f"{key} showed {actor} no page"
    return "\n".join(texts)


@pytest.mark.django_db  # ``outcomes`` (tests/access/conftest.py) needs the test database
def test_every_portal_page_is_read(outcomes):
    """Each portal URL pattern showed the home representative a page, and the club's
    representative each page that is about no record of someone else's."""
    portal_keys = {p.key for p in url_patterns() if p.key.startswith("portal:")}
    assert portal_keys == set(OWN), "a portal page without its own records in OWN"
    read = {o.key for o in _pages(outcomes, "portal") if o.method == "GET"}
    assert read == portal_keys, portal_keys - read
    assert all(o.text for o in _pages(outcomes, "portal")), "a page read without its text"
    other = {o.key for o in _pages(outcomes, "portal_other") if o.method == "GET"}
    assert other == {"portal:home", "portal:organisation", "portal:correction",
                     "portal:meeting_list", "portal:concern_list", "portal:concern_create",
                     "portal:commitment_list", "portal:plan_sections", "portal:assessing",
                     "portal:agreement_list", "portal:check_in_list"}, other


@pytest.mark.django_db
def test_the_representative_sees_their_own_records(outcomes):
    pages = [o for o in _pages(outcomes, "portal") if o.method == "GET"]
    missing = [f"{key}: {text}" for key, texts in OWN.items() for text in texts
               if not any(_found(o.text, [text]) for o in pages if o.key == key)]
    assert not missing, "Portal pages without the organisation's own records:\n" + "\n".join(
        missing)
    club = _pages(outcomes, "portal_other")
    unnamed = [f"{o.method} {o.url}" for o in club if not _found(o.text, [f"{HOME} youth club"])]
    assert club and not unnamed, f"The club's pages not naming it: {unnamed}"


@pytest.mark.django_db
def test_no_portal_page_shows_what_is_not_the_organisations(outcomes):
    wrong = [f"{o.method} {o.url} as {actor}: {found}"
             for actor, texts in (("portal", NOT_THEIRS), ("portal_other", ASSOCIATIONS))
             for o in _pages(outcomes, actor)
             if (found := _found(o.text, (*texts, *SECURITY_WORDS)))]
    assert not wrong, "Portal pages show what is not the organisation's:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_the_check_finds_what_staff_pages_show(outcomes):
    """What the portal must not show is in the world, and found where it belongs: the
    coordinator's page of the meeting shows its notes and who else was invited, the
    assessor's pages the school's assessment and the association's outcome, the coordinator's
    pages of the incident and of the check-ins what happened, the response and the school's
    answers."""
    meeting = _staff_page(outcomes, "dialogue:meeting_detail", "coordinator")
    assert {f"{HOME} notes", f"{HOME} person", f"{HOME} school"} <= set(
        _found(meeting, NOT_THEIRS))
    assessment = _staff_page(outcomes, "vetting:assessment_detail", "assessor")
    assert {f"{HOME} school", f"{HOME} assessment purpose", f"{HOME} evidence"} <= set(
        _found(assessment, NOT_THEIRS))
    assert "cleared" in _found(_staff_page(outcomes, "vetting:assessment_list", "assessor"),
                               SECURITY_WORDS)
    incident = _staff_page(outcomes, "crisis:incident_detail", "coordinator")
    assert {f"{HOME} what happened", f"{HOME} timeline step", f"{HOME} hate incident",
            f"{HOME} statement", f"{HOME} elders briefed", f"{HOME} feedback",
            f"{HOME} gazette", f"{HOME} recovery", f"{HOME} protocol"} <= set(
        _found(incident, NOT_THEIRS))
    check_ins = _staff_page(outcomes, "crisis:check_in", "coordinator")
    assert {f"{HOME} other concerns", f"{HOME} other fears", f"{HOME} other rumours"} <= set(
        _found(check_ins, NOT_THEIRS))
