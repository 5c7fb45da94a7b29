"""The engagement-level gate (002 step 3; 001 "Vetting procedures"): collaboration,
partnership and municipal funding need a current clearance, on every path."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.test import RequestFactory
from django.utils import timezone

from networks.models import EngagementLevel, Organisation
from tests.factories import OrganisationFactory, UserFactory
from vetting import services
from vetting.models import Assessment, Outcome

from .conftest import fill

PARTNERSHIP = EngagementLevel.PARTNERSHIP
COLLABORATION = EngagementLevel.COLLABORATION


def _yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


def _refused_save(org, field="engagement_level"):
    with pytest.raises(ValidationError) as exc:
        org.save()
    assert field in exc.value.message_dict
    return " ".join(exc.value.message_dict[field])


# --- every path refuses without a clearance -----------------------------------------------


def test_model_save_refuses_partnership_and_says_what_is_missing(organisation):
    organisation.engagement_level = PARTNERSHIP
    message = _refused_save(organisation)
    assert "needs a current, cleared assessment" in message
    assert "not been assessed yet" in message
    organisation.refresh_from_db()
    assert organisation.engagement_level == EngagementLevel.DIALOGUE


@pytest.mark.parametrize("level", [COLLABORATION, PARTNERSHIP])
def test_full_clean_refuses_raised_levels(organisation, level):
    organisation.engagement_level = level
    with pytest.raises(ValidationError) as exc:
        organisation.full_clean()
    assert list(exc.value.message_dict) == ["engagement_level"]


def test_funding_is_refused_without_clearance(organisation):
    organisation.receives_municipal_funding = True
    message = _refused_save(organisation, "receives_municipal_funding")
    assert "funding is involved" in message


def test_creating_an_organisation_at_partnership_is_refused(municipality):
    with pytest.raises(ValidationError):
        Organisation.objects.create(
            municipality=municipality, name="New", kind="youth_work", engagement_level=PARTNERSHIP)
    assert not Organisation.objects.filter(name="New").exists()


def test_a_model_form_refuses_with_the_message_on_the_field(organisation):
    form_class = modelform_factory(
        Organisation, fields=["name", "kind", "engagement_level", "receives_municipal_funding"])
    form = form_class(instance=organisation, data={
        "name": organisation.name, "kind": organisation.kind, "engagement_level": PARTNERSHIP,
        "receives_municipal_funding": "on"})
    assert not form.is_valid()
    assert "needs a current, cleared assessment" in form.errors["engagement_level"][0]
    assert "Municipal funding needs" in form.errors["receives_municipal_funding"][0]


def test_the_admin_form_refuses(organisation):
    model_admin = admin.site._registry.get(Organisation) or admin.ModelAdmin(
        Organisation, admin.site)
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    form_class = model_admin.get_form(request, organisation)
    data = {
        "municipality": organisation.municipality_id, "name": organisation.name,
        "kind": organisation.kind, "engagement_level": PARTNERSHIP, "mandate": "",
        "website": "",
    }
    form = form_class(instance=organisation, data=data)
    assert not form.is_valid()
    assert "engagement_level" in form.errors


def test_the_admin_change_view_refuses_when_registered(organisation, client):
    if Organisation not in admin.site._registry:
        pytest.skip("networks does not register Organisation in the admin")
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    url = f"/admin/networks/organisation/{organisation.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update({"engagement_level": PARTNERSHIP, "municipality": organisation.municipality_id})
    response = client.post(url, data)
    assert response.status_code == 200  # re-rendered with the error, not redirected
    organisation.refresh_from_db()
    assert organisation.engagement_level == EngagementLevel.DIALOGUE


def test_update_fields_without_gated_fields_skips_the_check(organisation):
    organisation.engagement_level = PARTNERSHIP  # not written: not in update_fields
    organisation.name = "Renamed"
    organisation.save(update_fields=["name"])
    organisation.refresh_from_db()
    assert (organisation.name, organisation.engagement_level) == ("Renamed", "dialogue")


# --- with a clearance --------------------------------------------------------------------


@pytest.mark.parametrize("outcome", [Outcome.CLEARED, Outcome.CLEARED_WITH_CONDITIONS])
def test_a_current_clearance_opens_the_gate(organisation, make_decided, outcome):
    make_decided(organisation, outcome)
    organisation.engagement_level = PARTNERSHIP
    organisation.receives_municipal_funding = True
    organisation.full_clean()
    organisation.save()
    organisation.refresh_from_db()
    assert organisation.engagement_level == PARTNERSHIP


def test_not_cleared_keeps_the_organisation_in_dialogue(organisation, make_decided):
    make_decided(organisation, Outcome.NOT_CLEARED)
    organisation.engagement_level = COLLABORATION
    assert "did not clear it" in _refused_save(organisation)


def test_a_passed_review_date_closes_the_gate_even_before_the_task_runs(organisation,
                                                                         make_decided):
    assessment = make_decided(organisation)
    Assessment.objects.filter(pk=assessment.pk).update(review_on=_yesterday())
    organisation.engagement_level = COLLABORATION
    assert "reached its review date" in _refused_save(organisation)


def test_a_withdrawn_clearance_closes_the_gate(organisation, make_decided, second_assessor):
    assessment = make_decided(organisation)
    services.withdraw(assessment, second_assessor, reason="New information.")
    organisation.engagement_level = COLLABORATION
    assert "withdrawn" in _refused_save(organisation)


def test_a_later_negative_decision_supersedes_a_clearance(organisation, make_decided):
    make_decided(organisation, Outcome.CLEARED)
    make_decided(organisation, Outcome.NOT_CLEARED)
    organisation.engagement_level = COLLABORATION
    assert "did not clear it" in _refused_save(organisation)


def test_the_message_says_an_assessment_is_under_way(organisation, assessor):
    services.open_assessment(organisation, assessor)
    organisation.engagement_level = COLLABORATION
    assert "under way but not decided yet" in _refused_save(organisation)


def test_a_draft_or_review_does_not_open_the_gate(organisation, assessor):
    assessment = services.open_assessment(organisation, assessor)
    fill(assessment, assessor)
    services.submit_for_review(assessment, assessor)
    organisation.engagement_level = COLLABORATION
    _refused_save(organisation)


# --- out of compliance: not lowered, not raised further -------------------------------------


def test_an_out_of_compliance_organisation_can_be_edited_and_lowered_not_raised(
        organisation, make_decided):
    assessment = make_decided(organisation)
    organisation.engagement_level = COLLABORATION
    organisation.save()
    Assessment.objects.filter(pk=assessment.pk).update(review_on=_yesterday())
    organisation.refresh_from_db()
    assert services.is_out_of_compliance(organisation)

    organisation.mandate = "Changed mandate"
    organisation.save()  # other edits are allowed; the level is kept
    organisation.engagement_level = PARTNERSHIP
    _refused_save(organisation)
    organisation.engagement_level = EngagementLevel.DIALOGUE
    organisation.save()  # lowering is always allowed
    assert not services.is_out_of_compliance(organisation)


def test_the_gate_is_per_organisation(municipality, organisation, make_decided):
    make_decided(organisation)
    other = OrganisationFactory(municipality=municipality, engagement_level="dialogue")
    other.engagement_level = PARTNERSHIP
    _refused_save(other)
