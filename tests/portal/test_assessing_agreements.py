"""Assessing partners and the information-sharing agreements, as the portal shows them (issue
10; 001 "Vetting procedures", Finland: the organisation is told the procedure and criteria
beforehand and the outcome after, never the findings; 004 "Terminology and language": no
security words on a page a community reads)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coordinator.access import InformationCategory
from coordinator.models import Role
from sharing.models import Agreement, AgreementParty, AgreementState
from tests.factories import InteractionFactory, OrganisationFactory, member
from vetting import services as vetting
from vetting.models import Outcome, Rating

from .conftest import assert_plain_words, page

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
FINDING = "Their treasurer was once fined: checked with the tax office."
REASONS = "Cross-checked three references."
CONDITIONS = "Sign the charter for democratic values within three months."


@pytest.fixture
def assessors(municipality):
    return member(municipality, Role.ASSESSOR), member(municipality, Role.ASSESSOR)


def open_and_inform(organisation, assessor):
    """An assessment of ``organisation``, its findings written, the organisation told of the
    procedure and the criteria."""
    InteractionFactory(municipality=organisation.municipality).organisations.add(organisation)
    assessment = vetting.open_assessment(organisation, assessor)
    vetting.update_findings(assessment, assessor, {
        f.pk: {"findings": FINDING, "sources": "https://example.org/register",
               "rating": Rating.MEETS} for f in assessment.findings.all()})
    return vetting.record_informed(assessment, assessor, what="procedure",
                                   on=TODAY() - datetime.timedelta(days=2), how="meeting",
                                   notes="Explained at their office.")


def decided(organisation, assessors, outcome, **more):
    first, second = assessors
    assessment = open_and_inform(organisation, first)
    vetting.submit_for_review(assessment, first)
    return vetting.decide(assessment, second, outcome=outcome, reasons=REASONS, **more)


def assert_no_findings(html):
    for text in (FINDING, REASONS, CONDITIONS, "example.org/register", "Explained at their office",
                 "Meets"):
        assert text not in html, text
    assert_plain_words(html)


# --------------------------------------------------------------------------- assessing partners


def test_without_an_assessment_the_page_says_so(rep):
    html = page(rep.get(reverse("portal:assessing")))
    assert "There is no assessment of your organisation." in html
    assert_plain_words(html)


def test_under_way_with_the_procedure_and_the_criteria_it_was_told(organisation, assessors,
                                                                  rep):
    open_and_inform(organisation, assessors[0])
    html = page(rep.get(reverse("portal:assessing")))
    assert "Assessing partners: under way" in html
    told_on = TODAY() - datetime.timedelta(days=2)
    assert f"on {told_on.day} {told_on:%B %Y} (in a meeting)" in html
    for wording in ("Sources of funding", "Ideology and mission", "View on pluralism",
                    "Subscription to democratic values"):
        assert wording in html, wording
    assert "Our memorandum of understanding" not in html
    assert_no_findings(html)


def test_concluded_as_partners_with_the_memorandum_and_its_benefits(
        organisation, assessors, rep):
    decided(organisation, assessors, Outcome.CLEARED,
            review_on=TODAY() + datetime.timedelta(days=365))
    vetting.conclude_memorandum(
        organisation, assessors[0], parties="The mayor; the chair of Mothers of the Harbour",
        purpose="Homework help for the harbour's children.",
        benefits="The municipality reaches mothers; the association gets a room.",
        municipality_commitments="A room on Wednesdays.",
        organisation_commitments="Two volunteers each week.",
        starts_on=TODAY(), review_on=TODAY() + datetime.timedelta(days=365), signed_on=TODAY())

    html = page(rep.get(reverse("portal:assessing")))
    assert "Assessing partners: concluded" in html
    assert "We can work together as partners" in html
    for text in ("Our memorandum of understanding", "What each of us gains",
                 "The municipality reaches mothers; the association gets a room.",
                 "A room on Wednesdays.", "Two volunteers each week."):
        assert text in html, text
    assert_no_findings(html)
    home = page(rep.get(reverse("portal:home")))
    assert "We can work together as partners" in home
    assert_plain_words(home)


def test_an_unsigned_memorandum_is_not_shown(organisation, assessors, rep):
    decided(organisation, assessors, Outcome.CLEARED,
            review_on=TODAY() + datetime.timedelta(days=365))
    vetting.conclude_memorandum(
        organisation, assessors[0], parties="Both", purpose="Draft purpose, still discussed",
        benefits="Still discussed", municipality_commitments="-",
        organisation_commitments="-", starts_on=TODAY(),
        review_on=TODAY() + datetime.timedelta(days=365))
    html = page(rep.get(reverse("portal:assessing")))
    assert "Draft purpose, still discussed" not in html


@pytest.mark.parametrize("outcome", [Outcome.CLEARED_WITH_CONDITIONS, Outcome.NOT_CLEARED])
def test_other_outcomes_in_plain_words_without_reasons_or_conditions(
        outcome, organisation, assessors, rep):
    more = {"review_on": TODAY() + datetime.timedelta(days=365)}
    if outcome == Outcome.CLEARED_WITH_CONDITIONS:
        more["conditions"] = CONDITIONS
    else:
        more = {}
    decided(organisation, assessors, outcome, **more)
    html = page(rep.get(reverse("portal:assessing")))
    expected = ("We work together, with conditions" if outcome == Outcome.CLEARED_WITH_CONDITIONS
                else "We continue our dialogue")
    assert expected in html
    assert_no_findings(html)


def test_another_organisations_assessment_is_not_shown(municipality, neighbour, assessors,
                                                       rep):
    open_and_inform(neighbour, assessors[0])
    html = page(rep.get(reverse("portal:assessing")))
    assert "There is no assessment of your organisation." in html
    assert "Sources of funding" not in html


# --------------------------------------------------------------------------- agreements


def agreement(municipality, *organisations, **fields):
    values = {"title": "Safety House", "purpose": "Case consultations about young people.",
              "categories": [InformationCategory.INTERACTION_NOTES],
              "lawful_basis": "public_task", "starts_on": TODAY(),
              "state": AgreementState.ACTIVE, **fields}
    made = Agreement.objects.create(municipality=municipality, **values)
    for organisation in organisations:
        AgreementParty.objects.create(agreement=made, organisation=organisation,
                                      contact_name=f"Desk of {organisation.name}")
    return made


def test_only_the_agreements_the_organisation_signed(municipality, organisation, neighbour,
                                                     rep):
    police = OrganisationFactory(municipality=municipality, name="Police of Sarcelles",
                                 kind="police")
    ours = agreement(municipality, organisation, police, title="Homework and safety",
                     retention="Two years after the last contact.")
    draft = agreement(municipality, organisation, title="Still a draft",
                      state=AgreementState.DRAFT)
    theirs = agreement(municipality, neighbour, title="The neighbours' agreement")

    response = rep.get(reverse("portal:agreement_list"))
    html = page(response)
    assert [a.title for a in response.context["agreements"]] == ["Homework and safety"]
    assert "Still a draft" not in html and "The neighbours&#x27; agreement" not in html

    detail = page(rep.get(reverse("portal:agreement_detail", args=[ours.pk])))
    for text in ("Homework and safety", "Case consultations about young people.",
                 "Mothers of the Harbour", "(and 1 other organisation)", "Interaction notes",
                 "Two years after the last contact."):
        assert text in detail, text
    assert "Police of Sarcelles" not in detail  # co-signers are counted, never named
    for other in (draft, theirs):
        assert rep.get(reverse("portal:agreement_detail", args=[other.pk])).status_code == 404


def test_without_an_agreement_the_list_says_so(rep):
    html = page(rep.get(reverse("portal:agreement_list")))
    assert "Your organisation has not signed an agreement on sharing information." in html
