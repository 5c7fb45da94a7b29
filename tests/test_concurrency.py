"""No lost edits, no doubled records (issue 8; ``coordinator.concurrency``).

Lost edits: two people open the same edit page; the first saves; the second saves from the
older page. The second save must be refused (the first person's value stays), the page must come
back with the second person's own values, a message and the list of what changed, and saving that
page again (after reconciling) must work. Each of the six edit screens of the issue is walked.

Doubled records: the same create form posted twice makes one record, and the second POST is sent
to the record the first created."""

from unittest import mock

import pytest
from django.forms.formsets import BaseFormSet
from django.urls import reverse

from actionplans import services as plan_services
from actionplans.models import ActionPlan, Goal, GoalScope, PreventionLevel
from coordinator import concurrency
from coordinator.models import Role, SubmissionToken
from engagement.models import Commitment, CommitmentStatus, Interaction
from networks.models import Community, Organisation, Person
from vetting import services as vetting_services
from vetting.models import AssessmentCriterion, Rating

from .factories import (
    CommitmentFactory,
    CommunityFactory,
    InteractionFactory,
    OrganisationFactory,
    member,
)

CONFLICT = "Someone else saved changes while you were editing"


def post_data(*parts) -> dict:
    """The POST a browser would send for these forms and formsets as rendered."""
    data = {}
    for part in parts:
        if part is None:
            continue
        if isinstance(part, BaseFormSet):
            data.update(post_data(part.management_form, *part.forms))
            continue
        for bound in part:
            value = bound.field.prepare_value(bound.value())
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)
    return data


def conflict_rows(response) -> dict:
    """Field label -> (your value, saved now) from the conflict panel's context."""
    rows = {}
    for record in response.context["conflict"]:
        for change in record.changes:
            rows[change.label] = (change.yours, change.saved)
    return rows


@pytest.fixture
def two_coordinators(municipality, client_for):
    return (client_for(member(municipality, Role.COORDINATOR)),
            client_for(member(municipality, Role.COORDINATOR)))


@pytest.fixture
def two_assessors(municipality, client_for):
    return (client_for(member(municipality, Role.ASSESSOR)),
            client_for(member(municipality, Role.ASSESSOR)))


# --------------------------------------------------------------------------- lost edits


def _walk_single_form(url, first, second, first_change, second_change, reconcile, field_label):
    """Both open ``url``; ``first`` saves ``first_change``; ``second`` saves ``second_change``
    from its older page. Returns the second person's conflict response after checking it."""
    page_a = first.get(url)
    page_b = second.get(url)
    assert page_a.status_code == page_b.status_code == 200
    assert 'name="lock_version"' in page_b.content.decode()
    data_a = post_data(page_a.context["form"]) | first_change
    assert first.post(url, data_a).status_code == 302

    data_b = post_data(page_b.context["form"]) | second_change
    response = second.post(url, data_b)
    assert response.status_code == 200, "the stale save must be refused, not redirected"
    html = response.content.decode()
    assert CONFLICT in html
    assert field_label in conflict_rows(response)
    form = response.context["form"]
    for name, value in second_change.items():
        assert form[name].value() == value, f"the second person's {name} must be kept"

    # Reconcile (keep the first person's change too) and save again: it goes through.
    again = post_data(form) | reconcile
    assert second.post(url, again).status_code == 302
    return response


def test_commitment_stale_edit_is_detected_and_both_changes_can_be_kept(municipality,
                                                                      two_coordinators):
    first, second = two_coordinators
    commitment = CommitmentFactory(municipality=municipality)
    url = reverse("commitment_update", args=[commitment.pk])
    response = _walk_single_form(
        url, first, second,
        first_change={"status": CommitmentStatus.DELIVERED},
        second_change={"description": "Ask housing about the lift and the lights."},
        reconcile={"status": CommitmentStatus.DELIVERED},
        field_label="Status",
    )
    assert conflict_rows(response)["Status"] == ("Open", "Delivered")
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.DELIVERED
    assert commitment.description == "Ask housing about the lift and the lights."


def test_commitment_stale_edit_saves_nothing(municipality, two_coordinators):
    first, second = two_coordinators
    commitment = CommitmentFactory(municipality=municipality)
    url = reverse("commitment_update", args=[commitment.pk])
    page_a, page_b = first.get(url), second.get(url)
    first.post(url, post_data(page_a.context["form"]) | {"status": CommitmentStatus.DELIVERED})
    second.post(url, post_data(page_b.context["form"]) | {"description": "Other text"})
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.DELIVERED, "the delivered status was lost"
    assert commitment.description != "Other text"
    assert commitment.history.count() == 2  # created, delivered: nothing from the stale save


def test_community_stale_edit(municipality, two_coordinators):
    first, second = two_coordinators
    community = CommunityFactory(municipality=municipality, description="")
    url = reverse("networks:community_update", args=[community.pk])
    _walk_single_form(
        url, first, second,
        first_change={"local_history": "A market square since 1920."},
        second_change={"description": "Families around the old market."},
        reconcile={"local_history": "A market square since 1920."},
        field_label="Local history",
    )
    community.refresh_from_db()
    assert community.local_history == "A market square since 1920."
    assert community.description == "Families around the old market."


def test_organisation_stale_edit(municipality, two_coordinators):
    first, second = two_coordinators
    organisation = OrganisationFactory(municipality=municipality)
    url = reverse("networks:organisation_update", args=[organisation.pk])
    _walk_single_form(
        url, first, second,
        first_change={"website": "https://youth.example.org"},
        second_change={"mandate": "Open youth work and homework help."},
        reconcile={"website": "https://youth.example.org"},
        field_label="Website",
    )
    organisation.refresh_from_db()
    assert organisation.website == "https://youth.example.org"
    assert organisation.mandate == "Open youth work and homework help."


def test_person_and_interaction_edits_are_checked_too(municipality, two_coordinators):
    first, second = two_coordinators
    person = Person.objects.create(municipality=municipality, name="Amina", role="Imam")
    _walk_single_form(
        reverse("networks:person_update", args=[person.pk]), first, second,
        first_change={"role": "Chair"}, second_change={"phone": "0102030405"},
        reconcile={"role": "Chair"}, field_label="Role",
    )
    interaction = InteractionFactory(municipality=municipality)
    _walk_single_form(
        reverse("interaction_update", args=[interaction.pk]), first, second,
        first_change={"follow_up": "Call back in May."},
        second_change={"needs_heard": "Evening opening hours."},
        reconcile={"follow_up": "Call back in May."}, field_label="Follow-up",
    )
    interaction.refresh_from_db()
    assert (interaction.follow_up, interaction.needs_heard) == (
        "Call back in May.", "Evening opening hours.")


def test_criterion_stale_edit(municipality, two_assessors):
    first, second = two_assessors
    vetting_services.ensure_default_criteria(municipality)
    criterion = AssessmentCriterion.objects.filter(municipality=municipality).first()
    url = reverse("vetting:criterion_update", args=[criterion.pk])
    _walk_single_form(
        url, first, second,
        first_change={"wording": "Sources of funding, local and from abroad"},
        second_change={"help": "Annual accounts, donors above 1,000 euros."},
        reconcile={"wording": "Sources of funding, local and from abroad"},
        field_label="Criterion",
    )
    criterion.refresh_from_db()
    assert criterion.wording == "Sources of funding, local and from abroad"
    assert criterion.help == "Annual accounts, donors above 1,000 euros."


def test_findings_stale_edit(municipality, two_assessors):
    first, second = two_assessors
    assessor = member(municipality, Role.ASSESSOR)
    organisation = OrganisationFactory(municipality=municipality)
    InteractionFactory(municipality=municipality).organisations.add(organisation)
    assessment = vetting_services.open_assessment(organisation, assessor)
    url = reverse("vetting:findings_edit", args=[assessment.pk])
    page_a, page_b = first.get(url), second.get(url)
    data_a = post_data(page_a.context["formset"])
    data_a["findings-0-rating"] = Rating.MEETS
    data_a["findings-0-findings"] = "Accounts published every year."
    assert first.post(url, data_a).status_code == 302

    data_b = post_data(page_b.context["formset"])
    data_b["findings-0-sources"] = "Annual report 2025"
    response = second.post(url, data_b)
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    rows = conflict_rows(response)
    assert rows["Findings"] == ("—", "Accounts published every year.")
    formset = response.context["formset"]
    assert formset.forms[0]["sources"].value() == "Annual report 2025"
    first_finding = assessment.findings.get(pk=formset.forms[0].instance.pk)
    assert first_finding.findings == "Accounts published every year."
    assert first_finding.sources == ""

    again = post_data(formset)
    again["findings-0-findings"] = "Accounts published every year."
    again["findings-0-rating"] = Rating.MEETS
    assert second.post(url, again).status_code == 302
    first_finding.refresh_from_db()
    assert (first_finding.findings, first_finding.sources, first_finding.rating) == (
        "Accounts published every year.", "Annual report 2025", Rating.MEETS)


def test_action_plan_element_stale_edit(municipality, two_coordinators):
    first, second = two_coordinators
    _plan, version = plan_services.create_plan(municipality, "Living together")
    goal = Goal.objects.create(version=version, description="Fewer incidents at school gates",
                               scope=GoalScope.GENERAL, prevention_level=PreventionLevel.GENERAL)
    url = reverse("actionplans:element_edit", args=[version.pk, 2])
    page_a, page_b = first.get(url), second.get(url)

    forms_a = page_a.context["forms"]
    data_a = post_data(forms_a.fields, *(fs for _label, fs in forms_a.formsets))
    data_a["fields-vision"] = "A town where every young person belongs."
    assert first.post(url, data_a).status_code == 302

    forms_b = page_b.context["forms"]
    data_b = post_data(forms_b.fields, *(fs for _label, fs in forms_b.formsets))
    data_b["goal-0-description"] = "Fewer incidents at school gates and in parks"
    response = second.post(url, data_b)
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    rows = conflict_rows(response)
    assert rows["Vision"] == ("—", "A town where every young person belongs.")
    goal.refresh_from_db()
    assert goal.description == "Fewer incidents at school gates"
    kept = response.context["forms"]
    goal_formset = dict((str(label), fs) for label, fs in kept.formsets)["goals"]
    assert goal_formset.forms[0]["description"].value() == (
        "Fewer incidents at school gates and in parks")

    again = post_data(kept.fields, *(fs for _label, fs in kept.formsets))
    again["fields-vision"] = "A town where every young person belongs."
    assert second.post(url, again).status_code == 302
    goal.refresh_from_db()
    version.refresh_from_db()
    assert goal.description == "Fewer incidents at school gates and in parks"
    assert version.vision == "A town where every young person belongs."


def test_action_plan_row_removed_meanwhile_comes_back_as_a_new_row(municipality,
                                                                   two_coordinators):
    first, second = two_coordinators
    _plan, version = plan_services.create_plan(municipality, "Living together")
    goal = Goal.objects.create(version=version, description="Safer parks",
                               scope=GoalScope.GENERAL, prevention_level=PreventionLevel.GENERAL)
    url = reverse("actionplans:element_edit", args=[version.pk, 2])
    page_b = second.get(url)
    goal.delete()
    forms_b = page_b.context["forms"]
    data_b = post_data(forms_b.fields, *(fs for _label, fs in forms_b.formsets))
    data_b["goal-0-description"] = "Safer parks at night"
    response = second.post(url, data_b)
    assert response.status_code == 200
    assert response.context["conflict"][0].removed
    again = post_data(response.context["forms"].fields,
                      *(fs for _label, fs in response.context["forms"].formsets))
    assert second.post(url, again).status_code == 302
    assert list(Goal.objects.filter(version=version).values_list("description", flat=True)) == [
        "Safer parks at night"]


def test_a_form_without_a_version_is_saved_as_before(municipality, coordinator_client):
    """Scripts and old pages that send no version are not checked (documented)."""
    commitment = CommitmentFactory(municipality=municipality)
    url = reverse("commitment_update", args=[commitment.pk])
    data = post_data(coordinator_client.get(url).context["form"])
    del data["lock_version"]
    data["description"] = "Changed"
    assert coordinator_client.post(url, data).status_code == 302


def test_a_hostile_version_is_a_conflict_not_a_server_error(municipality, coordinator_client):
    commitment = CommitmentFactory(municipality=municipality)
    url = reverse("commitment_update", args=[commitment.pk])
    data = post_data(coordinator_client.get(url).context["form"])
    for hostile in ("99999999999999999999", "-1", "x\x00", "٣"):
        response = coordinator_client.post(url, data | {"lock_version": hostile})
        assert response.status_code in (200, 302), hostile


def test_every_save_raises_the_version(municipality):
    commitment = CommitmentFactory(municipality=municipality)
    assert commitment.lock_version == 0
    commitment.status = CommitmentStatus.DELIVERED
    commitment.save(update_fields=["status"])
    assert commitment.lock_version == 1
    assert Commitment.objects.get(pk=commitment.pk).lock_version == 1


# --------------------------------------------------------------------------- doubled records


def _double_submit(client, url, data, model, **lookup):
    page = client.get(url)
    assert page.status_code == 200
    token = page.context["form"]["submission_token"].value()
    assert token and f'value="{token}"' in page.content.decode()
    data = data | {"submission_token": str(token)}
    first = client.post(url, data)
    assert first.status_code == 302, getattr(first, "context", None) and first.context[
        "form"].errors
    second = client.post(url, data, follow=True)
    assert second.redirect_chain[0][0] == first["Location"]
    assert "already been sent" in second.content.decode()
    assert model.objects.filter(**lookup).count() == 1
    return first


def test_person_double_submit_makes_one(municipality, coordinator_client):
    _double_submit(coordinator_client, reverse("networks:person_create"),
                   {"name": "Samira", "role": "Teacher", "preferred_channel": "in_person"},
                   Person, name="Samira")


def test_commitment_double_submit_makes_one(municipality, coordinator, coordinator_client):
    _double_submit(coordinator_client, reverse("commitment_create"),
                   {"description": "Fix the lights", "made_to": "Tenants", "owner": coordinator.pk,
                    "due_on": "2030-01-31", "status": CommitmentStatus.OPEN},
                   Commitment, description="Fix the lights")


def test_interaction_double_submit_makes_one(municipality, coordinator_client):
    community = CommunityFactory(municipality=municipality)
    _double_submit(coordinator_client, reverse("interaction_create"),
                   {"kind": "one_on_one", "occurred_on": "2026-01-15", "community": community.pk,
                    "needs_heard": "A meeting room"},
                   Interaction, needs_heard="A meeting room")


def test_criterion_double_submit_makes_one(municipality, client_for):
    assessor = client_for(member(municipality, Role.ASSESSOR))
    _double_submit(assessor, reverse("vetting:criterion_create"),
                   {"wording": "Ties with local schools", "help": "", "order": 200},
                   AssessmentCriterion, wording="Ties with local schools")


def test_community_organisation_and_plan_double_submit_make_one(municipality,
                                                                coordinator_client):
    _double_submit(coordinator_client, reverse("networks:community_create"),
                   {"name": "Old market", "kind": "location", "engagement_step": "1"},
                   Community, name="Old market")
    _double_submit(coordinator_client, reverse("networks:organisation_create"),
                   {"name": "Sports club", "kind": "school", "engagement_level": "dialogue"},
                   Organisation, name="Sports club")
    _double_submit(coordinator_client, reverse("actionplans:plan_create"),
                   {"title": "Safe together"}, ActionPlan, title="Safe together")


@pytest.mark.parametrize("what", ["plan", "criterion"])
def test_concurrent_double_submit_makes_one_record_and_says_so(municipality, client_for, what):
    """Two POSTs of the same form at the same time: the second one read no token (the first had
    not committed), then waits on the unique index and finds the first one's. Simulated by
    hiding the first result from the second request's first look."""
    user = member(municipality, Role.MUNICIPAL_ADMIN)
    client = client_for(user)
    if what == "plan":
        url, data, model, lookup = (reverse("actionplans:plan_create"), {"title": "Together"},
                                    ActionPlan, {"title": "Together"})
    else:
        url, data, model, lookup = (reverse("vetting:criterion_create"),
                                    {"wording": "Local roots", "help": "", "order": 300},
                                    AssessmentCriterion, {"wording": "Local roots"})
    token = str(client.get(url).context["form"]["submission_token"].value())
    data = data | {"submission_token": token}
    first = client.post(url, data)
    assert first.status_code == 302

    real = concurrency._first_result
    looks = []

    def racing(user, token):
        looks.append(token)
        return None if len(looks) == 1 else real(user, token)

    with mock.patch.object(concurrency, "_first_result", racing):
        second = client.post(url, data, follow=True)
    assert len(looks) == 2, "the second request must have hit the unique token"
    assert second.redirect_chain[0][0] == first["Location"]
    assert "already been sent" in second.content.decode()
    assert model.objects.filter(**lookup).count() == 1


def test_a_create_that_fails_keeps_no_token(municipality, coordinator_client):
    url = reverse("networks:person_create")
    token = str(coordinator_client.get(url).context["form"]["submission_token"].value())
    response = coordinator_client.post(url, {"name": "", "submission_token": token})
    assert response.status_code == 200
    assert not SubmissionToken.objects.filter(token=token).exists()
    assert response.context["form"]["submission_token"].value() == token
    ok = coordinator_client.post(url, {"name": "Nadia", "role": "Coach",
                                       "preferred_channel": "in_person", "submission_token": token})
    assert ok.status_code == 302
    assert Person.objects.filter(name="Nadia").count() == 1


def test_tokens_are_per_user_and_expire(municipality, client_for):
    first = member(municipality, Role.COORDINATOR)
    second = member(municipality, Role.COORDINATOR)
    url = reverse("actionplans:plan_create")
    token = str(client_for(first).get(url).context["form"]["submission_token"].value())
    assert client_for(first).post(url, {"title": "One", "submission_token": token}
                                  ).status_code == 302
    # Another user sending the same token is not sent to the first user's record.
    response = client_for(second).post(url, {"title": "Two", "submission_token": token})
    assert response.status_code == 302
    assert ActionPlan.objects.filter(title="Two").exists()
    # Expired tokens are purged when tokens are next read.
    SubmissionToken.objects.update(created_at=SubmissionToken.objects.first().created_at
                                   - concurrency.TOKEN_TTL * 2)
    client_for(second).post(url, {"title": "Three", "submission_token": str(
        client_for(second).get(url).context["form"]["submission_token"].value())})
    assert SubmissionToken.objects.count() == 1
