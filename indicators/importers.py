"""Import of observations from CSV or XLSX: read, validate every row, report every error with its row number.

The template's columns (row 1 is the header; data from row 2):
- province: the name as dti.gov.vn spells it (e.g. "Nam Định", "TP. Hà Nội") or its code; for the 34 provinces
  after the 2025 merger use the code (e.g. "ninh-binh-2025");
- indicator_code: the indicator's code in the framework of that year (e.g. NTS, CQS);
- year: the evaluation year (e.g. 2023);
- value: 0 to 1 (a decimal point or comma);
- source: where the value comes from (a document or an address).
Nothing is saved unless every row is valid (services.observations_import runs in one transaction).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from indicators.models import Framework, Indicator, Province

COLUMNS = ["province", "indicator_code", "year", "value", "source"]
# Vietnamese headers are accepted too.
ALIASES = {
    "tinh": "province",
    "tinh/thanh pho": "province",
    "ma chi so": "indicator_code",
    "indicator": "indicator_code",
    "nam": "year",
    "gia tri": "value",
    "nguon": "source",
}
MAX_ROWS = 100_000
MAX_BYTES = 10 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


class ImportFileError(Exception):
    """The file cannot be read as a spreadsheet at all."""


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)  # (row number, message)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", str(text).replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"[\s_]+", " ", text).strip().lower()


def _header(cells: list) -> list[str]:
    names = []
    for cell in cells:
        folded = _fold(cell or "")
        names.append(ALIASES.get(folded, folded.replace(" ", "_")))
    return names


def read_rows(name: str, data: bytes) -> list[tuple[int, dict]]:
    """(row number, {column: cell}) for every non-empty data row. Raises ImportFileError with a clear message."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 10 MB."))
    table = _read_xlsx(data) if data.startswith(XLSX_MAGIC) or name.lower().endswith(".xlsx") else _read_csv(data)
    if not table:
        raise ImportFileError(_("The file has no header row."))
    header = _header(table[0])
    absent = [c for c in COLUMNS if c not in header]
    if absent:
        raise ImportFileError(
            _("Row 1 (header) lacks the columns: %(columns)s. Download the template.") % {"columns": ", ".join(absent)}
        )
    index = {c: header.index(c) for c in COLUMNS}
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        cells = list(cells)
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        cells += [None] * (len(header) - len(cells))
        rows.append((number, {c: cells[i] for c, i in index.items()}))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
    return rows


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign file
        raise ImportFileError(_("The file is not a readable XLSX spreadsheet.")) from exc


def _read_csv(data: bytes) -> list[list]:
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("The file is not a spreadsheet (CSV or XLSX)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The file is not a CSV in UTF-8 nor an XLSX spreadsheet.")) from exc
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("The file is not a valid CSV: %(error)s") % {"error": exc}) from exc


def _as_year(cell) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    text = str(cell).strip()
    return int(text) if re.fullmatch(r"\d{4}", text) else None


def _as_value(cell) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip().replace(",", ".")
    try:
        return float(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None
    except ValueError:
        return None


def validate(rows: list[tuple[int, dict]]) -> ImportResult:
    """Check every row against the provinces, frameworks and indicators (three queries); collect every error."""
    result = ImportResult()
    frameworks = list(Framework.objects.all())
    indicators = {(i.framework_id, i.code.upper()): i for i in Indicator.objects.all()}
    provinces = list(Province.objects.all())
    by_code = {p.code: p for p in provinces}
    by_name: dict[str, list[Province]] = {}
    for p in provinces:
        by_name.setdefault(_fold(p.name), []).append(p)
    seen: dict[tuple[int, int, int], int] = {}
    if not rows:
        result.errors.append((None, _("The file has no data rows.")))
    for number, cells in rows:
        errors = []
        empty = [c for c in COLUMNS if cells[c] is None or str(cells[c]).strip() == ""]
        for c in empty:
            errors.append(_("column %(column)s is empty") % {"column": c})
        year = province = indicator = value = None
        if "year" not in empty:
            year = _as_year(cells["year"])
            if year is None:
                errors.append(_("year %(value)r is not a year") % {"value": str(cells["year"])})
        framework = next((f for f in frameworks if year and f.covers(year)), None)
        if year is not None and framework is None:
            errors.append(_("no framework covers the year %(year)s") % {"year": year})
        if "province" not in empty:
            text = str(cells["province"]).strip()
            candidates = [by_code[text]] if text in by_code else by_name.get(_fold(text), [])
            if year is not None and len(candidates) > 1:
                candidates = [p for p in candidates if p.group == Province.Group.BEFORE_MERGER] or candidates
            if not candidates:
                errors.append(_("unknown province %(name)r") % {"name": text})
            else:
                province = candidates[0]
                if year is not None and not province.evaluated_in(year):
                    errors.append(_("%(province)s is not evaluated in %(year)s") % {"province": province, "year": year})
        if "indicator_code" not in empty and framework is not None:
            code = str(cells["indicator_code"]).strip().upper()
            indicator = indicators.get((framework.pk, code))
            if indicator is None:
                errors.append(
                    _("unknown indicator code %(code)r in framework %(framework)s")
                    % {"code": code, "framework": framework.code}
                )
        if "value" not in empty:
            value = _as_value(cells["value"])
            if value is None:
                errors.append(_("value %(value)r is not a number") % {"value": str(cells["value"])})
            elif not 0 <= value <= 1:
                errors.append(_("value %(value)s is outside 0-1") % {"value": value})
        if province and indicator and year:
            key = (province.pk, indicator.pk, year)
            if key in seen:
                errors.append(_("duplicate of row %(row)d") % {"row": seen[key]})
            else:
                seen[key] = number
        if errors:
            result.errors.extend((number, e) for e in errors)
        else:
            result.rows.append(
                {
                    "province": province,
                    "indicator": indicator,
                    "year": year,
                    "value": value,
                    "source": str(cells["source"]).strip()[:500],
                }
            )
    return result


def parse(name: str, data: bytes) -> ImportResult:
    try:
        rows = read_rows(name, data)
    except ImportFileError as exc:
        return ImportResult(errors=[(None, str(exc))])
    return validate(rows)


def template_rows() -> list[list[str]]:
    return [COLUMNS]
