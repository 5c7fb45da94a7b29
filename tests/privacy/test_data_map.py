"""The data map lists every model with personal data, generated from the retention table and the
access policy, with the agreements that share it; exportable as PDF; the admin's alone."""

import io

from django.apps import apps
from django.urls import reverse
from pypdf import PdfReader

from coordinator.access import InformationCategory
from coordinator.models import Role
from coordinator.retention import RETENTION
from privacy import datamap
from privacy.models import ExportStatus, PrivacyExport, RetentionSetting
from tests.factories import OrganisationFactory, member
from tests.sharing.conftest import new_agreement


def _personal_models():
    return [apps.get_model(label) for label, rule in RETENTION.items()
            if rule.holds_personal_data]


def test_the_data_map_lists_every_model_with_personal_data(municipality, admin, client_for):
    response = client_for(admin).get(reverse("privacy:data_map"))
    assert response.status_code == 200
    listed = {row.label for row in response.context["rows"]}
    assert listed == {m._meta.label_lower for m in _personal_models()}
    text = response.content.decode()
    for model in _personal_models():
        assert str(model._meta.verbose_name).capitalize() in text


def test_a_row_says_basis_retention_who_and_which_agreements(municipality):
    police = OrganisationFactory(municipality=municipality)
    new_agreement(municipality, police, title="Profiles for the police",
                  categories=[InformationCategory.COMMUNITY_PROFILE])
    new_agreement(municipality, police, title="Profiles with Article 9",
                  categories=[InformationCategory.COMMUNITY_PROFILE],
                  special_category_condition="substantial_public_interest")
    RetentionSetting.objects.create(municipality=municipality, retention_class="contacts",
                                    days=3 * 365)
    rows = {row.label: row for row in datamap.data_map(municipality.pk)}

    community = rows["networks.community"]
    assert community.special == ["ethnicity", "faith"]
    assert "Art. 9(2)(g)" in community.condition
    assert community.agreements == ["Profiles with Article 9 (Active)"]
    assert any("Coordinator" in who for who in community.who)
    assert any("Article 9" in who for who in community.who)
    assert rows["networks.person"].period.startswith("1095 days after")
    assert "Art. 6(1)(e)" in rows["networks.person"].basis
    assert rows["sharing.accessevent"].who == ["Municipal admin"]
    assert rows["vetting.assessment"].category == "Never shared through an agreement"


def test_the_data_map_as_pdf(municipality, admin, client_for, eager_celery,
                             django_capture_on_commit_callbacks):
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:data_map_export"))
    export = PrivacyExport.objects.get()
    assert response["Location"] == export.get_absolute_url()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    assert not export.json_file
    pdf = client.get(reverse("privacy:export_pdf", args=[export.pk]))
    text = "".join(p.extract_text() for p in PdfReader(
        io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert "Data map" in text and "Interaction" in text
    assert client.get(reverse("privacy:export_json", args=[export.pk])).status_code == 404


def test_only_the_municipal_admin_sees_the_data_protection_pages(municipality, client_for):
    for role in (Role.COORDINATOR, Role.ASSESSOR):
        client = client_for(member(municipality, role))
        for name in ("privacy:data_map", "privacy:retention", "privacy:subjects"):
            assert client.get(reverse(name)).status_code == 403
