"""The organisation's profile in the portal, and the corrections its representatives propose
and the coordinator decides (issue 10 "Minimum data": their own organisation only, never
special-category data)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coordinator.access import Actor
from coordinator.models import Role
from networks.models import Organisation
from portal import services
from portal.models import CorrectionStatus, ProfileCorrection
from tests.factories import OrganisationFactory, PersonFactory, member

from .conftest import assert_plain_words, page, token_of

pytestmark = pytest.mark.django_db

NEW_MANDATE = "Homework help, a mothers' café and Dutch lessons."


def form_data(organisation, **changes):
    return {"name": organisation.name, "mandate": organisation.mandate,
            "website": organisation.website, "message": "", **changes}


def propose(rep, organisation, **changes):
    """Open the correction form and send it with ``changes``; returns the response."""
    form = rep.get(reverse("portal:correction"))
    return rep.post(reverse("portal:correction"), {
        **form_data(organisation, **changes), "submission_token": token_of(form)})


# --------------------------------------------------------------------------- the profile


def test_the_profile_shows_the_organisation_and_its_contacts_only(
        municipality, organisation, neighbour, rep):
    PersonFactory(municipality=municipality, organisation=organisation, name="Fatima Amrani",
                  role="Chair", email="fatima@mothers.example.org", phone="+33 1 23 45 67")
    PersonFactory(municipality=municipality, organisation=neighbour, name="Walter West",
                  email="walter@west.example.org")
    PersonFactory(municipality=municipality, name="Nobody's contact")

    html = page(rep.get(reverse("portal:organisation")))
    for text in ("Mothers of the Harbour", "Homework help and a mothers&#x27; café.",
                 "https://mothers.example.org", "Harbour quarter", "Fatima Amrani", "Chair",
                 "fatima@mothers.example.org", "+33 1 23 45 67"):
        assert text in html, text
    for text in ("Youth House West", "Walter West", "walter@west.example.org",
                 "Nobody&#x27;s contact", "Moroccan-Dutch", "Muslim"):
        assert text not in html, text
    assert_plain_words(html)


def test_a_representative_without_an_organisation_is_kept_out(municipality, client_for):
    # A membership the data model should not allow, but the portal must still fail closed.
    user = member(municipality, Role.COMMUNITY_REPRESENTATIVE)
    assert client_for(user).get(reverse("portal:organisation")).status_code == 403


def test_staff_are_sent_to_their_dashboard(coordinator_client):
    response = coordinator_client.get(reverse("portal:organisation"))
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


# --------------------------------------------------------------------------- proposing


def test_a_correction_keeps_only_the_changed_fields(organisation, representative, rep):
    response = propose(rep, organisation, mandate=NEW_MANDATE)
    assert response.status_code == 302 and response["Location"] == reverse("portal:organisation")

    correction = ProfileCorrection.objects.get()
    assert correction.changes == {"mandate": NEW_MANDATE}
    assert correction.previous == {"mandate": "Homework help and a mothers' café."}
    assert (correction.organisation, correction.proposed_by, correction.status) == (
        organisation, representative, CorrectionStatus.PENDING)
    organisation.refresh_from_db()
    assert organisation.mandate != NEW_MANDATE  # nothing changes until the coordinator says so

    html = page(rep.get(reverse("portal:organisation")))
    assert "The municipality will look at your correction" in html
    assert "Waiting for the municipality" in html and "Dutch lessons" in html


def test_sending_the_form_twice_makes_one_correction(organisation, rep):
    form = rep.get(reverse("portal:correction"))
    data = {**form_data(organisation, name="Mothers of the Harbour (MoH)"),
            "submission_token": token_of(form)}
    first = rep.post(reverse("portal:correction"), data)
    second = rep.post(reverse("portal:correction"), data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ProfileCorrection.objects.count() == 1


def test_a_correction_that_changes_nothing_says_so(organisation, rep):
    response = propose(rep, organisation)
    assert "Change at least one field" in page(response)
    assert not ProfileCorrection.objects.exists()


def test_a_message_alone_is_a_correction(organisation, rep):
    propose(rep, organisation, message="Our chair is now Samira.")
    correction = ProfileCorrection.objects.get()
    assert (correction.changes, correction.message) == ({}, "Our chair is now Samira.")


# --------------------------------------------------------------------------- deciding


def decide(client, correction, **data):
    return client.post(reverse("representatives:correction", args=[correction.pk]), data)


def test_accepting_changes_the_profile_and_its_history_says_why(
        organisation, coordinator, coordinator_client, rep):
    propose(rep, organisation, mandate=NEW_MANDATE)
    correction = ProfileCorrection.objects.get()
    review = page(coordinator_client.get(reverse("representatives:correction",
                                                 args=[correction.pk])))
    assert "Homework help and a mothers&#x27; café." in review and "Dutch lessons" in review

    response = decide(coordinator_client, correction, decision="accept", note="")
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.mandate == NEW_MANDATE
    latest = organisation.history.first()
    assert (latest.mandate, latest.history_user, latest.history_change_reason) == (
        NEW_MANDATE, coordinator, "Correction proposed in the portal")
    correction.refresh_from_db()
    assert (correction.status, correction.decided_by) == (CorrectionStatus.ACCEPTED, coordinator)

    html = page(rep.get(reverse("portal:organisation")))
    assert "Accepted" in html and "Dutch lessons" in html


def test_declining_needs_an_answer_that_the_representative_reads(
        organisation, coordinator_client, rep):
    propose(rep, organisation, website="https://wrong.example.org")
    correction = ProfileCorrection.objects.get()

    refused = decide(coordinator_client, correction, decision="decline", note="  ")
    assert "Say why it is declined" in page(refused)
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING

    decide(coordinator_client, correction, decision="decline",
           note="This site is not yours: we keep the old one.")
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.DECLINED
    organisation.refresh_from_db()
    assert organisation.website == "https://mothers.example.org"

    html = page(rep.get(reverse("portal:organisation")))
    assert "Declined" in html
    assert "Answer from the municipality:" in html
    assert "This site is not yours: we keep the old one." in html


def test_a_name_taken_by_another_organisation_is_reported_and_nothing_saved(
        organisation, neighbour, coordinator_client, rep):
    propose(rep, organisation, name="Youth House West")
    correction = ProfileCorrection.objects.get()
    response = decide(coordinator_client, correction, decision="accept", note="")
    assert response.status_code == 200
    assert "The proposed profile cannot be saved" in page(response)
    organisation.refresh_from_db()
    assert organisation.name == "Mothers of the Harbour"
    assert Organisation.objects.filter(name="Youth House West").count() == 1
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING


def test_a_decided_correction_cannot_be_decided_again(organisation, coordinator,
                                                     coordinator_client, rep):
    propose(rep, organisation, mandate=NEW_MANDATE)
    correction = ProfileCorrection.objects.get()
    decide(coordinator_client, correction, decision="decline", note="Not now.")
    again = decide(coordinator_client, correction, decision="accept", note="")
    # The page says who decided, and how, instead of a second decision.
    html = page(again)
    assert "Decided by" in html and "Not now." in html and 'name="decision"' not in html
    with pytest.raises(ValidationError, match="decided already"):
        services.decide_correction(Actor(coordinator, coordinator.memberships.get()),
                                   correction, accept=True)
    organisation.refresh_from_db()
    assert organisation.mandate != NEW_MANDATE


def test_corrections_stay_with_their_organisation(
        municipality, other_municipality, organisation, neighbour, rep, neighbour_rep,
        client_for):
    propose(rep, organisation, mandate=NEW_MANDATE)
    correction = ProfileCorrection.objects.get()
    assert "Dutch lessons" not in page(neighbour_rep.get(reverse("portal:organisation")))
    # A representative decides nothing; a coordinator of elsewhere does not find it.
    assert decide(rep, correction, decision="accept")["Location"] == reverse("portal:home")
    outsider = client_for(member(other_municipality, Role.COORDINATOR))
    assert decide(outsider, correction, decision="accept").status_code == 404
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING


def test_the_coordinators_list_shows_what_waits(organisation, coordinator_client, rep):
    propose(rep, organisation, mandate=NEW_MANDATE)
    other = OrganisationFactory(municipality=organisation.municipality, name="Decided one")
    ProfileCorrection.objects.create(municipality=organisation.municipality, organisation=other,
                                     status=CorrectionStatus.ACCEPTED, message="old")
    waiting = coordinator_client.get(reverse("representatives:corrections"))
    assert [c.organisation for c in waiting.context["object_list"]] == [organisation]
    everything = coordinator_client.get(reverse("representatives:corrections"), {"show": "all"})
    assert len(everything.context["object_list"]) == 2
