"""Reading an uploaded CSV or XLSX file into rows, within limits: a file that cannot be read,
is too large, has no header or too many rows is refused with a plain message
(``ValidationError``), never a server error."""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Format

#: Columns read at most: a wider sheet is not one of ours.
MAX_COLUMNS = 60


@dataclass
class Sheet:
    """The header (lower-cased, stripped) and the non-empty rows of a file, each with the line
    it has in the spreadsheet (the header is line 1)."""

    headers: list[str]
    rows: list[list] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def format_of(name: str) -> str | None:
    """``"csv"`` or ``"xlsx"`` from a file name, or None."""
    lowered = (name or "").lower()
    for fmt in Format.values:
        if lowered.endswith(f".{fmt}"):
            return fmt
    return None


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file could not be read as text: save it as CSV (UTF-8)."))


def _csv_rows(content: bytes):
    text = _decode(content)
    sample = text[:4096]
    try:
        # Excel in French or Dutch writes semicolons.
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(io.StringIO(text, newline=""), dialect)
    except csv.Error:
        raise ValidationError(_("The file could not be read as CSV.")) from None


def _xlsx_rows(content: bytes):
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ValidationError(_("The file could not be read as an Excel (XLSX) workbook.")) \
            from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            return
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            yield list(row)
    finally:
        book.close()


def read(content: bytes, fmt: str) -> Sheet:
    """The ``Sheet`` of a file's ``content`` in ``fmt``. ``ValidationError`` when it is larger
    than ``LINCHPIN_SPREADSHEET_MAX_BYTES``, unreadable, without a header or a row, or longer
    than ``LINCHPIN_SPREADSHEET_MAX_ROWS``."""
    if len(content) > settings.LINCHPIN_SPREADSHEET_MAX_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB: split it in parts.")
                              % {"mb": settings.LINCHPIN_SPREADSHEET_MAX_BYTES // (1024 * 1024)})
    rows = _xlsx_rows(content) if fmt == Format.XLSX else _csv_rows(content)
    sheet = None
    limit = settings.LINCHPIN_SPREADSHEET_MAX_ROWS
    try:
        for line, values in enumerate(rows, 1):
            values = list(values)[:MAX_COLUMNS]
            if sheet is None:
                headers = [str(v if v is not None else "").strip().lower() for v in values]
                sheet = Sheet(headers=headers)
                continue
            if all(v is None or str(v).strip() == "" for v in values):
                continue  # an empty line is not a record
            if len(sheet.rows) >= limit:
                raise ValidationError(_("The file has more than %(n)s rows: split it in parts.")
                                      % {"n": limit})
            width = len(sheet.headers)
            sheet.rows.append((values + [None] * width)[:width])
            sheet.lines.append(line)
    except (UnicodeError, ValueError, TypeError, OSError, zipfile.BadZipFile):
        raise ValidationError(_("The file could not be read.")) from None
    if sheet is None or not any(sheet.headers):
        raise ValidationError(_("The file is empty: the first line must name the columns."))
    if not sheet.rows:
        raise ValidationError(_("The file has a header but no row to import."))
    return sheet
