"""Erasure of one person or organisation on request (GDPR Art. 17), by the municipal admin: the
record, its history rows, its links (and theirs in history), the files and exports made of it,
the name in other records' text; a record of the request without the name."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from coordinator.models import Role
from coordinator.retention import REDACTED
from engagement.models import Concern, Interaction
from networks.models import Organisation, Person
from privacy.erasure import history_model
from privacy.models import ErasureRequest, ExportKind, ExportStatus, PrivacyExport
from tests.factories import InteractionFactory, OrganisationFactory, PersonFactory, member
from tests.sharing.conftest import new_agreement
from vetting.models import Assessment, EvidenceFile

NAME = "Karim Belhadj"


@pytest.fixture
def person(municipality):
    """A person named in two interactions (one also names them in its notes), who raised a
    concern, with a finished subject-access export; a note elsewhere writes their name."""
    person = PersonFactory(municipality=municipality, name=NAME, email="karim@example.org")
    person.phone = "+33 1 23 45 67 89"
    person.save()
    for _n in range(2):
        note = InteractionFactory(municipality=municipality,
                                  needs_heard=f"{NAME} asked for a meeting room.")
        note.people.add(person)
    Concern.objects.create(municipality=municipality, topic="Parking", raised_by_person=person)
    InteractionFactory(municipality=municipality,
                       follow_up=f"Call {NAME.upper()} back; karim belhadjes is someone else.")
    PrivacyExport.objects.create(
        municipality=municipality, kind=ExportKind.SUBJECT_ACCESS, person=person,
        status=ExportStatus.DONE, json_file=ContentFile(b"{}", name="copy.json"))
    return person


def _post(client, url, **fields):
    data = {"asked_by": "subject", "received_on": timezone.localdate().isoformat(),
            "redact_mentions": "on", "confirm": "on", **fields}
    return client.post(url, data)


def test_the_page_shows_what_would_go_and_erases_nothing(person, admin, client_for):
    client = client_for(admin)
    url = reverse("privacy:person_erase", args=[person.pk])
    response = client.get(url)
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome.counts["contacts"].records == 1
    assert outcome.notes == 3 and outcome.mentions == 3
    assert Person.objects.filter(pk=person.pk).exists()
    assert history_model(Person).objects.filter(id=person.pk).exists()
    # Without the confirmation nothing happens.
    assert _post(client, url, confirm="").status_code == 200
    assert Person.objects.filter(pk=person.pk).exists()


def test_erasure_reaches_history_links_files_and_mentions(person, admin, client_for,
                                                          django_capture_on_commit_callbacks):
    export = PrivacyExport.objects.get(person=person)
    stored = export.json_file.name
    notes = list(Interaction.objects.filter(people=person))
    client = client_for(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, reverse("privacy:person_erase", args=[person.pk]))

    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not history_model(Person).objects.filter(id=person.pk).exists()
    assert not PrivacyExport.objects.filter(pk=export.pk).exists()
    assert not default_storage.exists(stored)
    # The notes stay (the request did not cover them), without the link, in history too.
    for note in notes:
        note.refresh_from_db()
        assert not note.people.exists()
        assert NAME not in note.needs_heard and REDACTED in note.needs_heard
        for version in history_model(Interaction).objects.filter(id=note.pk):
            assert NAME not in version.needs_heard
            assert not version.people.filter(person_id=person.pk).exists()
    concern = Concern.objects.get(topic="Parking")
    assert concern.raised_by_person_id is None
    assert not history_model(Concern).objects.filter(raised_by_person_id=person.pk).exists()
    other = Interaction.objects.get(follow_up__contains="someone else")
    assert other.follow_up == f"Call {REDACTED} back; karim belhadjes is someone else."
    request = ErasureRequest.objects.get()
    assert (request.subject_kind, request.subject_id, request.performed_by) == (
        "networks.person", person.pk, admin)
    assert request.counts["contacts"]["records"] == 1
    assert "Karim" not in str(request.counts) and "karim" not in str(request.counts)


def test_the_request_may_cover_the_notes(person, admin, client_for):
    response = _post(client_for(admin), reverse("privacy:person_erase", args=[person.pk]),
                     include_notes="on")
    assert response.status_code == 302, response.context["form"].errors
    assert Interaction.objects.count() == 1  # only the note that merely wrote the name
    assert not Concern.objects.exists()
    assert ErasureRequest.objects.get().included_notes


def test_only_the_municipal_admin_erases(person, municipality, client_for, other_municipality):
    url = reverse("privacy:person_erase", args=[person.pk])
    for role in (Role.COORDINATOR, Role.ASSESSOR):
        assert client_for(member(municipality, role)).get(url).status_code == 403
        assert _post(client_for(member(municipality, role)), url).status_code == 403
    outsider = member(other_municipality, Role.MUNICIPAL_ADMIN)
    assert _post(client_for(outsider), url).status_code == 404
    assert Person.objects.filter(pk=person.pk).exists()


def test_an_organisation_goes_with_its_assessments_and_evidence(
        municipality, admin, client_for, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vetting import services

    assessor = member(municipality, Role.ASSESSOR)
    organisation = OrganisationFactory(municipality=municipality, name="Bridge Association")
    InteractionFactory(municipality=municipality).organisations.add(organisation)
    assessment = services.open_assessment(organisation, assessor)
    evidence = services.add_evidence(assessment, assessor, SimpleUploadedFile(
        "statutes.txt", b"Statutes.", content_type="text/plain"))
    stored = evidence.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client_for(admin),
                         reverse("privacy:organisation_erase", args=[organisation.pk]))

    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not history_model(EvidenceFile).objects.filter(id=evidence.pk).exists()
    assert not default_storage.exists(stored)
    request = ErasureRequest.objects.get()
    assert request.counts["assessments"]["files"] == 1


def test_an_organisation_party_to_an_agreement_is_refused(municipality, admin, client_for):
    organisation = OrganisationFactory(municipality=municipality, name="Police")
    new_agreement(municipality, organisation, starts_on=timezone.localdate()
                  - datetime.timedelta(days=3))
    url = reverse("privacy:organisation_erase", args=[organisation.pk])
    client = client_for(admin)
    page = client.get(url)
    assert page.context["outcome"].blockers
    response = _post(client, url)
    assert response.status_code == 200
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert not ErasureRequest.objects.exists()
