"""The promises made to the organisation, in the portal (issue 10; 002 step 4 "never
overpromise"): where each stands in plain words, and the organisation's own answer to whether
it was delivered, which the coordinator reads on the commitment's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.models import CommitmentStatus
from portal.models import CommitmentResponse
from tests.factories import CommitmentFactory

from .conftest import assert_plain_words, page, token_of

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def promise(municipality, organisation):
    return CommitmentFactory(municipality=municipality, organisation=organisation,
                             description="Fix the lights in the underpass", due_on=days(14))


def respond(rep, commitment, **data):
    url = reverse("portal:commitment_detail", args=[commitment.pk])
    return rep.post(url, {"note": "", "submission_token": token_of(rep.get(url)), **data})


def test_the_list_shows_the_promises_made_to_the_organisation_in_plain_words(
        municipality, organisation, neighbour, community, promise, rep):
    CommitmentFactory(municipality=municipality, organisation=organisation,
                      description="Answer about the playground", due_on=days(-3))
    CommitmentFactory(municipality=municipality, organisation=organisation,
                      description="Send the grant form", due_on=days(-30),
                      status=CommitmentStatus.DELIVERED)
    CommitmentFactory(municipality=municipality, organisation=organisation,
                      description="A second youth worker", due_on=days(-10),
                      status=CommitmentStatus.DROPPED, dropped_reason="No budget this year.")
    CommitmentFactory(municipality=municipality, organisation=neighbour,
                      description="Promised to the neighbours")
    CommitmentFactory(municipality=municipality, community=community,
                      description="Promised to the community, not to the organisation")

    response = rep.get(reverse("portal:commitment_list"))
    html = page(response)
    assert len(response.context["commitments"]) == 4
    assert "Promised to the neighbours" not in html
    assert "not to the organisation" not in html
    rows = {c.description: c for c in response.context["commitments"]}
    assert set(rows) == {"Fix the lights in the underpass", "Answer about the playground",
                         "Send the grant form", "A second youth worker"}
    # Each row with its words: the overdue one says it is late.
    for description, words in (("Answer about the playground", "Late: the date has passed"),
                               ("Fix the lights in the underpass", "In progress"),
                               ("Send the grant form", "Done"),
                               ("A second youth worker", "Will not happen")):
        start = html.index(description)
        assert words in html[start:html.index("</li>", start)], description
    assert_plain_words(html)


def test_the_detail_of_a_late_promise_says_so(municipality, organisation, rep):
    late = CommitmentFactory(municipality=municipality, organisation=organisation,
                             description="Answer about the playground", due_on=days(-3))
    html = page(rep.get(reverse("portal:commitment_detail", args=[late.pk])))
    assert "Late: the date has passed" in html
    assert "From your side, was this done?" in html


def test_a_dropped_promise_says_why(municipality, organisation, rep):
    dropped = CommitmentFactory(municipality=municipality, organisation=organisation,
                                description="A second youth worker", due_on=days(-10),
                                status=CommitmentStatus.DROPPED,
                                dropped_reason="No budget this year.")
    html = page(rep.get(reverse("portal:commitment_detail", args=[dropped.pk])))
    assert "Will not happen" in html and "No budget this year." in html


def test_answering_twice_keeps_one_answer_changed(organisation, representative, promise, rep):
    first = respond(rep, promise, delivered="yes", note="The lights work.")
    assert first.status_code == 302
    assert first["Location"] == reverse("portal:commitment_detail", args=[promise.pk])
    response = CommitmentResponse.objects.get()
    assert (response.delivered, response.note, response.organisation, response.said_by) == (
        True, "The lights work.", organisation, representative)

    respond(rep, promise, delivered="no", note="One lamp went out again.")
    response = CommitmentResponse.objects.get()
    assert (response.delivered, response.note) == (False, "One lamp went out again.")
    # The history keeps the first answer.
    assert response.history.first().delivered is False
    assert response.history.filter(delivered=True, note="The lights work.").exists()

    html = page(rep.get(reverse("portal:commitment_detail", args=[promise.pk])))
    assert "You said it was not done (yet)." in html
    assert "One lamp went out again." in html  # the form opens with the answer given
    assert "You said: not done" in page(rep.get(reverse("portal:commitment_list")))


def test_an_answer_needs_yes_or_no(promise, rep):
    response = respond(rep, promise, note="Hmm.")
    assert response.status_code == 200
    assert not CommitmentResponse.objects.exists()


def test_another_organisations_promise_is_not_found(municipality, neighbour, promise, rep,
                                                    neighbour_rep):
    theirs = CommitmentFactory(municipality=municipality, organisation=neighbour,
                               description="Promised to the neighbours")
    url = reverse("portal:commitment_detail", args=[theirs.pk])
    assert rep.get(url).status_code == 404
    assert rep.post(url, {"delivered": "yes"}).status_code == 404
    assert neighbour_rep.get(reverse("portal:commitment_detail",
                                     args=[promise.pk])).status_code == 404
    assert not CommitmentResponse.objects.exists()


def test_the_coordinators_commitment_page_shows_the_answer(coordinator_client, promise, rep):
    url = reverse("commitment_detail", args=[promise.pk])
    assert "What they said in the portal" not in page(coordinator_client.get(url))

    respond(rep, promise, delivered="no", note="One lamp went out again.")
    html = page(coordinator_client.get(url))
    assert "What they said in the portal" in html
    assert "Mothers of the Harbour" in html
    assert "not delivered, from their side" in html and "One lamp went out again." in html
