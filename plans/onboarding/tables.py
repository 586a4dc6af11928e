"""A spreadsheet or a Word table as numbered rows of cells: XLSX (streamed), CSV, or the first DOCX table that
has the expected header. Row numbers are those a person sees in Excel (1 = the first row; in a DOCX, the
table's first row)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable

from django.utils.translation import gettext as _

MAX_ROWS = 5_000
MAX_BYTES = 10 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"

Row = tuple[int, list]
HeaderTest = Callable[[list], bool]


class ImportFileError(Exception):
    """The file cannot be read as a table at all."""


def read_table(name: str, data: bytes, *, is_header: HeaderTest) -> list[Row]:
    """The rows of the file's table. For a DOCX, the first table with a row that `is_header` accepts."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 10 MB."))
    lower = name.lower()
    if lower.endswith(".docx"):
        return _read_docx(data, is_header)
    if data.startswith(ZIP_MAGIC) or lower.endswith(".xlsx"):
        return _read_xlsx(data)
    return _read_csv(data)


def _limited(rows) -> list[Row]:
    out = []
    for number, cells in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(count)d rows.") % {"count": MAX_ROWS})
        out.append((number, list(cells)))
    return out


def _read_xlsx(data: bytes) -> list[Row]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(_("The file is not a valid XLSX workbook.")) from exc
    try:
        return _limited(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def _read_csv(data: bytes) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_('The CSV file is not UTF-8 text. Save it as "CSV UTF-8".')) from exc
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _limited(csv.reader(io.StringIO(text), dialect))


def _read_docx(data: bytes, is_header: HeaderTest) -> list[Row]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFileError(_("The file is not a valid DOCX document.")) from exc
    for table in document.tables:
        rows = [[_cell_text(cell) for cell in row.cells] for row in table.rows]
        if any(is_header(cells) for cells in rows[:15]):
            return _limited(rows)
    raise ImportFileError(_("The document has no table with the annex's header (STT, Nhiệm vụ, …)."))


def _cell_text(cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs).strip()
