"""Spreadsheets: a partner professional of the police under an agreement, readers of CSV and
XLSX answers, an upload helper, Celery run eagerly and files kept in a temporary folder."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coordinator.access import InformationCategory
from coordinator.celery import app as celery_app
from coordinator.models import Role
from sharing.models import Agreement, AgreementParty, AgreementState
from tests.factories import OrganisationFactory, member


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def eager_celery():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def police(municipality):
    return OrganisationFactory(municipality=municipality, name="Police Sarcelles", kind="police")


@pytest.fixture
def partner(municipality, police):
    return member(municipality, Role.PARTNER_PROFESSIONAL, organisation=police)


@pytest.fixture
def agreement_with(municipality, police):
    """``agreement_with(categories, communities=(), **fields)``: an active agreement binding
    the police."""
    def make(categories, communities=(), **fields):
        agreement = Agreement.objects.create(
            municipality=municipality, purpose="Case consultations",
            title=f"Safety House {Agreement._base_manager.count() + 1}",
            categories=list(categories), lawful_basis="public_task",
            starts_on=timezone.localdate() - datetime.timedelta(days=1),
            state=AgreementState.ACTIVE, **fields)
        agreement.communities.set(communities)
        AgreementParty.objects.create(agreement=agreement, organisation=police,
                                      contact_name="Desk officer")
        return agreement
    return make


IC = InformationCategory


def csv_rows(response) -> list[dict]:
    """The rows of a CSV answer, as dicts by column."""
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(content: bytes) -> list[dict]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    headers = rows[0]
    return [dict(zip(headers, row, strict=False)) for row in rows[1:]]


def csv_file(rows: list[list], name: str = "import.csv", delimiter: str = ",") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list], name: str = "import.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())
