"""The subject-access export (GDPR Art. 15): every record naming the person, its history, earlier
links, mentions, and which organisations consulted their data, when and under which agreement;
as JSON and PDF, made by Celery, downloadable only by the municipal admin."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coordinator.access import AccessRecord, InformationCategory
from coordinator.models import Role
from engagement.models import Concern
from privacy.models import ExportStatus, PrivacyExport
from sharing import log
from tests.factories import InteractionFactory, OrganisationFactory, PersonFactory, member
from tests.sharing.conftest import new_agreement

NAME = "Amina Veldhuis"


@pytest.fixture
def subject(municipality):
    """A person in one interaction (and removed from another), who raised a concern, named in
    the text of a third note; a partner of the police saw the first note under an agreement."""
    school = OrganisationFactory(municipality=municipality, name="North School")
    person = PersonFactory(municipality=municipality, name=NAME, organisation=school,
                           email="amina@example.org")
    person.role = "Parent council chair"
    person.save()
    seen = InteractionFactory(municipality=municipality, needs_heard="A safer crossing.")
    seen.people.add(person)
    left = InteractionFactory(municipality=municipality, needs_heard="Sports hall hours.")
    left.people.add(person)
    left.people.remove(person)
    InteractionFactory(municipality=municipality, follow_up=f"Ask {NAME} about the fair.")
    Concern.objects.create(municipality=municipality, topic="Street lighting",
                           raised_by_person=person)
    police = OrganisationFactory(municipality=municipality, name="Police North")
    agreement = new_agreement(municipality, police, title="Youth safety casework")
    partner = member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police)
    log.write_events([AccessRecord(
        user_id=partner.pk, municipality_id=municipality.pk, organisation_id=police.pk,
        model="engagement.interaction", category=InformationCategory.INTERACTION_NOTES,
        view="interaction_detail", object_ids=[seen.pk], agreement_ids=[agreement.pk])])
    return {"person": person, "seen": seen, "left": left, "partner": partner}


def _export(client, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:person_export", args=[person.pk]))
    assert response.status_code == 302
    export = PrivacyExport.objects.get(person=person)
    assert response["Location"] == export.get_absolute_url()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    return export


def test_the_export_holds_every_record_naming_them_and_who_saw_it(
        subject, admin, client_for, eager_celery, django_capture_on_commit_callbacks):
    person = subject["person"]
    client = client_for(admin)
    export = _export(client, person, django_capture_on_commit_callbacks)

    response = client.get(reverse("privacy:export_json", args=[export.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("no-store")
    data = json.loads(b"".join(response.streaming_content))

    assert data["subject"]["name"].startswith(NAME)
    assert data["subject"]["fields"]["e-mail"] == "amina@example.org"
    assert [v["action"] for v in data["subject"]["history"]][:1] == ["created"]
    assert any(v["values"].get("role") == "Parent council chair"
               for v in data["subject"]["history"])
    linked = {(r["label"], r["id"]) for r in data["records"]}
    assert ("engagement.interaction", subject["seen"].pk) in linked
    assert ("engagement.interaction", subject["left"].pk) not in linked
    assert any(r["label"] == "engagement.concern" for r in data["records"])
    assert any(r["model"] == "interaction" and r["id"] == subject["left"].pk
               for r in data["earlier_links"])
    assert [m["fields"] for m in data["mentions"]] == [
        {"follow-up": f"Ask {NAME} about the fair."}]
    [event] = data["access_events"]
    assert event["organisation"] == "Police North"
    assert event["agreements"] == ["Youth safety casework"]
    assert event["records"] == [f"engagement.interaction #{subject['seen'].pk}"]
    # The partner professional's own name is not disclosed (CJEU C-579/21).
    assert subject["partner"].last_name not in json.dumps(data["access_events"])

    pdf = client.get(reverse("privacy:export_pdf", args=[export.pk]))
    text = "".join(page.extract_text() for page in
                   PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert NAME in text and "Police North" in text and "Youth safety casework" in text


def test_only_the_municipal_admin_asks_for_or_downloads_an_export(
        subject, admin, municipality, other_municipality, client_for, eager_celery,
        django_capture_on_commit_callbacks):
    person = subject["person"]
    export = _export(client_for(admin), person, django_capture_on_commit_callbacks)
    coordinator = client_for(member(municipality, Role.COORDINATOR))
    outsider = client_for(member(other_municipality, Role.MUNICIPAL_ADMIN))
    for name in ("privacy:export_detail", "privacy:export_json", "privacy:export_pdf"):
        url = reverse(name, args=[export.pk])
        assert coordinator.get(url).status_code == 403
        assert outsider.get(url).status_code == 404
    assert coordinator.post(reverse("privacy:person_export", args=[person.pk])).status_code == 403
    assert PrivacyExport.objects.count() == 1
