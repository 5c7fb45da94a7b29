"""The daily retention run erases what is past its period with its history rows, links and files,
leaves a record of the run (counts, no content), is idempotent and goes on past a failing
municipality."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from actionplans import services as plan_services
from actionplans.models import ExportStatus, PlanExport
from coordinator.models import Invitation, Role
from coordinator.retention import REDACTED
from engagement.models import Interaction
from networks.models import Community, Person
from privacy import runs, tasks
from privacy.erasure import history_model
from privacy.models import ErasureRun, RetentionSetting, RunStatus
from sharing.models import AgreementParty, AgreementState
from tests.factories import (
    CommitmentFactory,
    CommunityFactory,
    InteractionFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    member,
)
from tests.sharing.conftest import new_agreement
from vetting import services as vetting_services
from vetting.models import Assessment, EvidenceFile

from .conftest import days_ago, moment_ago

SIX_YEARS = 6 * 365


def history_of(record):
    return history_model(type(record)).objects.filter(id=record.pk)


@pytest.fixture
def old_note(municipality):
    """An interaction six years old naming a person, with a commitment made during it."""
    person = PersonFactory(municipality=municipality, name="Samira Old")
    note = InteractionFactory(municipality=municipality, occurred_on=days_ago(SIX_YEARS),
                              needs_heard="Samira needs a room for the youth club.")
    note.people.add(person)
    note.needs_heard = "Samira needs a room."
    note.save()
    commitment = CommitmentFactory(municipality=municipality, interaction=note)
    return note, person, commitment


def test_an_expired_note_goes_with_its_history_and_links(municipality, old_note):
    note, person, commitment = old_note
    recent = InteractionFactory(municipality=municipality, occurred_on=days_ago(30))
    recent.people.add(person)
    assert history_of(note).count() >= 3
    m2m_history = [m for m in _m2m_histories() if m._meta.get_field("history").related_model
                   is history_model(Interaction)]
    assert len(m2m_history) == 2  # people and organisations
    assert any(m.objects.filter(history__id=note.pk).exists() for m in m2m_history)

    run = runs.run_retention(municipality.pk)

    assert run.status == RunStatus.DONE
    assert not Interaction.objects.filter(pk=note.pk).exists()
    assert not history_of(note).exists()  # the copies, the deletion's own "-" row included
    assert not any(m.objects.filter(history__id=note.pk).exists() for m in m2m_history)
    assert Interaction.objects.filter(pk=recent.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()  # a recent contact keeps them
    commitment.refresh_from_db()
    assert commitment.interaction_id is None
    # Nor does the commitment's history point at the erased note any more.
    assert not history_of(commitment).filter(interaction_id=note.pk).exists()
    tally = run.counts["interaction_notes"]
    assert tally["records"] == 1 and tally["history"] >= 3
    # The record of the run holds counts only.
    assert "Samira" not in str(run.counts)


def _m2m_histories():
    from privacy.erasure import _history_models

    return _history_models()[1]


def test_a_person_without_contact_for_the_period_goes(municipality, old_note):
    note, person, _commitment = old_note
    Person.objects.filter(pk=person.pk).update(created_at=moment_ago(SIX_YEARS))
    fresh = PersonFactory(municipality=municipality, name="Added today")

    run = runs.run_retention(municipality.pk)

    assert not Person.objects.filter(pk=person.pk).exists()
    assert not history_of(person).exists()
    assert Person.objects.filter(pk=fresh.pk).exists()
    assert run.counts["contacts"]["records"] == 1


def test_a_second_run_erases_nothing_more(municipality, old_note):
    first = runs.run_retention(municipality.pk)
    second = runs.run_retention(municipality.pk)
    assert first.total >= 1
    assert second.status == RunStatus.DONE and second.counts == {}
    assert ErasureRun.objects.filter(municipality=municipality).count() == 2


def test_generated_files_are_deleted_from_storage(municipality, coordinator,
                                                  django_capture_on_commit_callbacks):
    _plan, version = plan_services.create_plan(municipality, "Plan", by=coordinator)
    export = PlanExport.objects.create(
        version=version, status=ExportStatus.DONE, requested_by=coordinator,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="plan.pdf"))
    PlanExport.objects.filter(pk=export.pk).update(created_at=moment_ago(40))
    name = export.file.name
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        run = runs.run_retention(municipality.pk)

    assert not PlanExport.objects.filter(pk=export.pk).exists()
    assert not default_storage.exists(name)
    assert run.counts["generated_files"] == {"records": 1, "anonymised": 0, "history": 0,
                                             "files": 1, "kept": 0}


def _withdrawn_assessment(municipality, with_evidence=True):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assessor = member(municipality, Role.ASSESSOR)
    organisation = OrganisationFactory(municipality=municipality, name="Old Partner")
    InteractionFactory(municipality=municipality).organisations.add(organisation)
    assessment = vetting_services.open_assessment(organisation, assessor, purpose="Funding")
    evidence = vetting_services.add_evidence(assessment, assessor, SimpleUploadedFile(
        "minutes.txt", b"Minutes naming the board.", content_type="text/plain"))
    vetting_services.withdraw(assessment, assessor, reason="No longer needed")
    Assessment.objects.filter(pk=assessment.pk).update(withdrawn_at=moment_ago(4 * 365))
    return assessment, evidence


def test_an_expired_assessment_goes_with_its_evidence_file(municipality,
                                                           django_capture_on_commit_callbacks):
    assessment, evidence = _withdrawn_assessment(municipality)
    name = evidence.file.name
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        run = runs.run_retention(municipality.pk)

    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not EvidenceFile.objects.filter(pk=evidence.pk).exists()
    assert not history_model(EvidenceFile).objects.filter(id=evidence.pk).exists()
    assert not default_storage.exists(name)
    assert run.counts["assessments"]["files"] == 1


def test_special_category_data_of_an_unchecked_community_is_cleared(municipality):
    community = CommunityFactory(municipality=municipality, ethnicity="Wwold ethnicity",
                                 faith="Wwold faith", last_verified_on=days_ago(3 * 365))
    checked = CommunityFactory(municipality=municipality, ethnicity="Kept ethnicity",
                               last_verified_on=days_ago(10))

    run = runs.run_retention(municipality.pk)

    community.refresh_from_db()
    assert (community.ethnicity, community.faith) == ("", "")
    assert set(history_of(community).values_list("ethnicity", flat=True)) == {REDACTED}
    checked.refresh_from_db()
    assert checked.ethnicity == "Kept ethnicity"
    assert Community.objects.filter(pk=community.pk).exists()  # the profile itself stays
    assert run.counts["special_category"]["anonymised"] == 1


def test_a_municipality_sets_its_own_period(municipality, other_municipality):
    for place in (municipality, other_municipality):
        InteractionFactory(municipality=place, occurred_on=days_ago(400))
    RetentionSetting.objects.create(municipality=municipality, retention_class="interaction_notes",
                                    days=365)

    runs.run_retention(municipality.pk)
    runs.run_retention(other_municipality.pk)

    assert not Interaction.objects.filter(municipality=municipality).exists()
    assert Interaction.objects.filter(municipality=other_municipality).count() == 1


def test_agreement_contacts_are_removed_after_the_agreement_ended(municipality):
    organisation = OrganisationFactory(municipality=municipality)
    agreement = new_agreement(municipality, organisation, title="Old casework",
                              state=AgreementState.ENDED,
                              starts_on=days_ago(9 * 365), ends_on=days_ago(7 * 365))
    party = AgreementParty.objects.get(agreement=agreement)
    party.contact_email = "desk@example.org"
    party.save()

    runs.run_retention(municipality.pk)

    party.refresh_from_db()
    agreement.refresh_from_db()
    assert party.contact_name == "" and party.contact_email == ""
    assert agreement.signed_off_by == "" and agreement.title == "Old casework"
    assert not history_model(AgreementParty).objects.filter(
        id=party.pk, contact_email="desk@example.org").exists()


def test_expired_invitations_go(municipality):
    admin = member(municipality, Role.MUNICIPAL_ADMIN)
    invitation = Invitation.objects.create(
        municipality=municipality, email="old@example.org", role=Role.COORDINATOR,
        invited_by=admin, expires_at=timezone.now() - datetime.timedelta(days=200))
    runs.run_retention(municipality.pk)
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert not history_model(Invitation).objects.filter(id=invitation.pk).exists()


def test_the_daily_task_goes_on_past_a_failing_municipality(municipality, monkeypatch):
    failing = MunicipalityFactory(slug="failing")
    InteractionFactory(municipality=municipality, occurred_on=days_ago(SIX_YEARS))
    real = runs.erase_expired

    def erase(municipality_id, today=None):
        if municipality_id == failing.pk:
            raise RuntimeError("disk full")
        return real(municipality_id, today)

    monkeypatch.setattr(runs, "erase_expired", erase)
    result = tasks.apply_retention.apply().get()

    assert result == {"done": 1, "failed": 1}
    assert ErasureRun.objects.get(municipality=failing).status == RunStatus.FAILED
    assert ErasureRun.objects.get(municipality=failing).error == "RuntimeError"
    assert ErasureRun.objects.get(municipality=municipality).counts["interaction_notes"][
        "records"] == 1
    assert not Interaction.objects.filter(municipality=municipality).exists()


def test_an_assessment_a_current_memorandum_needs_is_kept(municipality):
    """A record another one protects is counted as kept, and the run still succeeds."""
    from tests.vetting.conftest import fill
    from vetting.models import Memorandum, Outcome

    assessor, decider = member(municipality, Role.ASSESSOR), member(municipality, Role.ASSESSOR)
    organisation = OrganisationFactory(municipality=municipality)
    InteractionFactory(municipality=municipality).organisations.add(organisation)
    assessment = vetting_services.open_assessment(organisation, assessor)
    fill(assessment, assessor)
    vetting_services.submit_for_review(assessment, assessor)
    vetting_services.decide(assessment, decider, outcome=Outcome.CLEARED, reasons="Checked",
                            review_on=days_ago(-365))
    memorandum = vetting_services.conclude_memorandum(
        organisation, decider, parties="Both", purpose="Youth work", benefits="Shared",
        municipality_commitments="A room", organisation_commitments="Activities",
        starts_on=days_ago(0), review_on=days_ago(-300))
    Assessment.objects.filter(pk=assessment.pk).update(review_on=days_ago(4 * 365))

    run = runs.run_retention(municipality.pk)

    assert run.status == RunStatus.DONE
    assert run.counts["assessments"]["kept"] == 1
    assert Assessment.objects.filter(pk=assessment.pk).exists()
    assert Memorandum.objects.filter(pk=memorandum.pk).exists()
