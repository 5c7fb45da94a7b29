"""Evidence files: type and size limited, stored under non-guessable names."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from vetting import services
from vetting.models import EvidenceFile

from .conftest import fill

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize("name, content", [
    ("report.pdf", PDF), ("photo.PNG", PNG), ("scan.jpg", b"\xff\xd8\xff\xe0" + b"0" * 10),
    ("letter.docx", DOCX), ("notes.odt", ODT), ("links.txt", "Charter signed, see…".encode()),
])
def test_allowed_types(name, content):
    services.validate_evidence_file(SimpleUploadedFile(name, content))


@pytest.mark.parametrize("name, content, message", [
    ("run.exe", b"MZ\x90\x00", "Attach a PDF"),
    ("page.html", b"<html>", "Attach a PDF"),
    ("noextension", PDF, "Attach a PDF"),
    ("fake.pdf", PNG, "does not match"),
    ("fake.docx", _zip({"x.xml": "<x/>"}), "does not match"),
    ("fake.odt", DOCX, "does not match"),
    ("binary.txt", b"abc\x00def", "does not match"),
    ("empty.pdf", b"", "empty"),
])
def test_refused_files(name, content, message):
    with pytest.raises(ValidationError, match=message):
        services.validate_evidence_file(SimpleUploadedFile(name, content))


def test_size_limit(settings):
    settings.LINCHPIN_EVIDENCE_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        services.validate_evidence_file(big)


def test_the_default_limit_is_ten_megabytes():
    assert services.evidence_max_bytes() == 10 * 1024 * 1024


def test_stored_under_a_random_name_outside_public_paths(organisation, assessor, media):
    assessment = services.open_assessment(organisation, assessor)
    evidence = services.add_evidence(
        assessment, assessor, SimpleUploadedFile("Annual report 2024.pdf", PDF), "Accounts")
    assert evidence.original_name == "Annual report 2024.pdf"
    assert re.fullmatch(r"private/assessments/[0-9a-f]{32}\.pdf", evidence.file.name)
    assert (media / evidence.file.name).read_bytes() == PDF
    assert evidence.history.get().history_change_reason == "evidence added"


def test_evidence_only_while_draft_and_removal_deletes_the_file(
        organisation, assessor, media, django_capture_on_commit_callbacks):
    assessment = services.open_assessment(organisation, assessor)
    evidence = services.add_evidence(assessment, assessor, SimpleUploadedFile("a.pdf", PDF))
    path = media / evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(evidence, assessor)
    assert not path.exists() and not EvidenceFile.objects.exists()
    fill(assessment, assessor)
    services.submit_for_review(assessment, assessor)
    with pytest.raises(ValidationError, match="in review"):
        services.add_evidence(assessment, assessor, SimpleUploadedFile("b.pdf", PDF))
