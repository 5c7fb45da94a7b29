"""The action plan in the portal (issue 10; 004 "Co-create"): the sections the coordinator
opened to the organisation, its own threads with the municipality's replies, never another
organisation's, and commenting while a section is open."""

import pytest
from django.urls import reverse

from actionplans import services as plan_services
from actionplans.models import Definition, Element, SectionComment, SectionOpening
from coordinator.models import Role
from tests.factories import member

from .conftest import page, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(municipality, coordinator):
    _plan, version = plan_services.create_plan(municipality, "Living together", by=coordinator)
    version.analysis_extent = "60,000 inhabitants; a few young people followed."
    version.save()
    Definition.objects.create(version=version, term="polarisation",
                              local_definition="When groups stop talking to each other.")
    return version


@pytest.fixture
def openings(version, organisation, neighbour, coordinator):
    """Analysis and definitions opened to the organisation (and the neighbour); strategy opened
    to the neighbour only."""
    ours = plan_services.open_sections(
        version, [Element.REGIONAL_ANALYSIS, Element.DEFINITIONS], [organisation, neighbour],
        coordinator)
    plan_services.open_sections(version, [Element.STRATEGY_AND_GOALS], [neighbour], coordinator)
    return {o.element: o for o in ours}


def opening_of(version, element):
    return SectionOpening.objects.get(version=version, element=element)


def comment(rep, opening, **data):
    url = reverse("portal:plan_section", args=[opening.pk])
    return rep.post(url, {"submission_token": token_of(rep.get(url)), **data})


def test_the_list_shows_only_the_sections_opened_to_the_organisation(version, openings, rep):
    response = rep.get(reverse("portal:plan_sections"))
    html = page(response)
    assert [o.element for o in response.context["openings"]] == [1, 4]
    assert "Regional analysis" in html and "Definitions" in html
    assert "Strategy and goals" not in html
    assert "Open for your comments" in html


def test_a_section_shows_its_content(openings, rep):
    analysis = page(rep.get(reverse("portal:plan_section", args=[openings[1].pk])))
    assert "60,000 inhabitants; a few young people followed." in analysis
    assert "When groups stop talking to each other." not in analysis  # another section
    html = page(rep.get(reverse("portal:plan_section", args=[openings[4].pk])))
    assert "polarisation" in html.lower()
    assert "When groups stop talking to each other." in html
    assert "(in Networks)" not in html  # no link into the staff pages


def test_a_section_not_opened_to_the_organisation_is_not_found(version, openings, rep):
    strategy = opening_of(version, Element.STRATEGY_AND_GOALS)
    url = reverse("portal:plan_section", args=[strategy.pk])
    assert rep.get(url).status_code == 404
    assert rep.post(url, {"body": "Slipped in"}).status_code == 404
    assert not SectionComment.objects.exists()


def test_commenting_starts_a_thread_of_the_organisation(organisation, representative, openings,
                                                       rep):
    response = comment(rep, openings[1], body="Add the harbour's sports clubs.")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:plan_section", args=[openings[1].pk])
    thread = SectionComment.objects.get()
    assert (thread.element, thread.organisation, thread.author, thread.parent) == (
        1, organisation, representative, None)
    html = page(rep.get(response["Location"]))
    assert "Thank you for your comment." in html and "Add the harbour&#x27;s sports clubs." in html


def test_the_threads_are_the_organisations_own_with_the_municipalitys_reply(
        version, municipality, neighbour, coordinator, openings, rep, client_for):
    comment(rep, openings[1], body="Add the harbour's sports clubs.")
    ours = SectionComment.objects.get()
    plan_services.add_comment(version, 1, coordinator, "Good point: we will add them.",
                              parent=ours)
    neighbour_user = member(municipality, Role.COMMUNITY_REPRESENTATIVE, organisation=neighbour)
    theirs = plan_services.add_comment(version, 1, neighbour_user, "Our own remark, private.")

    response = rep.get(reverse("portal:plan_section", args=[openings[1].pk]))
    html = page(response)
    assert [t.pk for t in response.context["threads"]] == [ours.pk]
    assert "Good point: we will add them." in html and "The municipality" in html
    assert "Our own remark, private." not in html

    # Replying in their own thread works; in the neighbour's thread it is not found.
    comment(rep, openings[1], body="Thank you.", parent=ours.pk)
    assert SectionComment.objects.get(body="Thank you.").parent == ours
    refused = comment(rep, openings[1], body="Butting in.", parent=theirs.pk)
    assert refused.status_code == 404
    assert not SectionComment.objects.filter(body="Butting in.").exists()


def test_a_closed_section_refuses_comments_with_a_message(coordinator, openings, rep):
    url = reverse("portal:plan_section", args=[openings[1].pk])
    form = rep.get(url)
    plan_services.close_section(openings[1], coordinator)

    html = page(rep.get(url))
    assert "Comments on this part are closed." in html
    assert 'name="body"' not in html
    assert "Comments are closed" in page(rep.get(reverse("portal:plan_sections")))

    # A form opened before the section closed is refused, with a message.
    response = rep.post(url, {"body": "Late remark.", "submission_token": token_of(form)})
    assert response.status_code == 200
    assert "This section is closed for comments." in response.content.decode()
    assert not SectionComment.objects.exists()
