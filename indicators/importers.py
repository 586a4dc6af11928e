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

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext as _

from common.search import fold
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
# A year's national data set is 63 provinces × about 100 indicators (6,300 rows): the limit holds three years
# at once, and keeps the largest accepted XLSX to a few seconds of a web worker (docs/performance.md).
MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024
# Columns read from each XLSX row: a sheet declaring 16,384 columns is not read across.
MAX_COLUMNS = 50
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
    return fold(str(text).replace("_", " "))


def _header(cells: list) -> list[str]:
    names = []
    for cell in cells:
        folded = _fold(cell or "")
        names.append(ALIASES.get(folded, folded.replace(" ", "_")))
    return names


def read_rows(name: str, source: bytes | BinaryIO) -> list[tuple[int, dict]]:
    """(row number, {column: cell}) for every non-empty data row. Raises ImportFileError with a clear message.

    Bounded while reading: at most MAX_BYTES are read from `source`, and reading stops at the first row past
    MAX_ROWS (empty rows count: a sheet of a million blank rows is refused after MAX_ROWS, not read through).
    """
    data = source if isinstance(source, bytes) else source.read(MAX_BYTES + 1)
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(n)d MB.") % {"n": MAX_BYTES // (1024 * 1024)})
    if data.startswith(XLSX_MAGIC) or name.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _collect(_csv_table(data))


def _collect(table: Iterator[list]) -> list[tuple[int, dict]]:
    header_cells = next(table, None)
    if not header_cells:
        raise ImportFileError(_("The file has no header row."))
    header = _header(header_cells)
    absent = [c for c in COLUMNS if c not in header]
    if absent:
        raise ImportFileError(
            _("Row 1 (header) lacks the columns: %(columns)s. Download the template.") % {"columns": ", ".join(absent)}
        )
    index = {c: header.index(c) for c in COLUMNS}
    rows = []
    for number, cells in enumerate(table, start=2):
        if number > MAX_ROWS + 1:
            raise ImportFileError(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
        cells = list(cells)
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        cells += [None] * (len(header) - len(cells))
        rows.append((number, {c: cells[i] for c, i in index.items()}))
    return rows


def _read_xlsx(data: bytes) -> list[tuple[int, dict]]:
    """The first sheet, streamed (read_only): rows are parsed one at a time, never the whole sheet at once."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign file
        raise ImportFileError(_("The file is not a readable XLSX spreadsheet.")) from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the declared size may be wrong either way: read the rows, up to the limit
        return _collect(iter(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)))
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(_("The file is not a readable XLSX spreadsheet.")) from exc
    finally:
        book.close()


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM), or UTF-16 with its BOM: what Excel saves as "Unicode text"."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("The file is not a CSV in UTF-8 nor an XLSX spreadsheet.")) from exc
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("The file is not a spreadsheet (CSV or XLSX)."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The file is not a CSV in UTF-8 nor an XLSX spreadsheet.")) from exc


def _csv_table(data: bytes) -> Iterator[list]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportFileError(_("The file is not a valid CSV: %(error)s") % {"error": exc}) from exc


def _blank(cell) -> bool:
    return cell is None or str(cell).strip() == ""


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
    return float(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None


@dataclass
class Lookups:
    """What rows are checked against, read once per import (three queries)."""

    frameworks: list[Framework]
    indicators: dict[tuple[int, str], Indicator]
    by_code: dict[str, Province]
    by_name: dict[str, list[Province]]

    @classmethod
    def load(cls) -> Lookups:
        provinces = list(Province.objects.all())
        by_name: dict[str, list[Province]] = {}
        for p in provinces:
            by_name.setdefault(_fold(p.name), []).append(p)
        return cls(
            frameworks=list(Framework.objects.all()),
            indicators={(i.framework_id, i.code.upper()): i for i in Indicator.objects.all()},
            by_code={p.code: p for p in provinces},
            by_name=by_name,
        )


# Each column's parser returns (value, error): the value when the cell is good, else None and a message
# (None and no message when an earlier column's error makes the check meaningless).
Parsed = tuple[object, str | None]


def _empty(column: str) -> str:
    return _("column %(column)s is empty") % {"column": column}


def parse_year(cell) -> Parsed:
    if _blank(cell):
        return None, _empty("year")
    year = _as_year(cell)
    return (year, None) if year is not None else (None, _("year %(value)r is not a year") % {"value": str(cell)})


def parse_framework(year: int | None, lookups: Lookups) -> Parsed:
    if year is None:
        return None, None
    framework = next((f for f in lookups.frameworks if f.covers(year)), None)
    return (framework, None) if framework else (None, _("no framework covers the year %(year)s") % {"year": year})


def parse_province(cell, year: int | None, lookups: Lookups) -> Parsed:
    if _blank(cell):
        return None, _empty("province")
    text = str(cell).strip()
    candidates = [lookups.by_code[text]] if text in lookups.by_code else lookups.by_name.get(_fold(text), [])
    if year is not None and len(candidates) > 1:
        candidates = [p for p in candidates if p.group == Province.Group.BEFORE_MERGER] or candidates
    if not candidates:
        return None, _("unknown province %(name)r") % {"name": text}
    province = candidates[0]
    if year is not None and not province.evaluated_in(year):
        return province, _("%(province)s is not evaluated in %(year)s") % {"province": province, "year": year}
    return province, None


def parse_indicator(cell, framework: Framework | None, lookups: Lookups) -> Parsed:
    if _blank(cell):
        return None, _empty("indicator_code")
    if framework is None:
        return None, None
    code = str(cell).strip().upper()
    indicator = lookups.indicators.get((framework.pk, code))
    if indicator is None:
        message = _("unknown indicator code %(code)r in framework %(framework)s")
        return None, message % {"code": code, "framework": framework.code}
    return indicator, None


def parse_value(cell) -> Parsed:
    if _blank(cell):
        return None, _empty("value")
    value = _as_value(cell)
    if value is None:
        return None, _("value %(value)r is not a number") % {"value": str(cell)}
    if not 0 <= value <= 1:
        return None, _("value %(value)s is outside 0-1") % {"value": value}
    return value, None


def parse_source(cell) -> Parsed:
    return (None, _empty("source")) if _blank(cell) else (str(cell).strip()[:500], None)


def validate_row(cells: dict, lookups: Lookups) -> tuple[dict, list[str]]:
    """One row's values and its errors (every column checked, every error kept)."""
    year, year_error = parse_year(cells["year"])
    framework, framework_error = parse_framework(year, lookups)
    province, province_error = parse_province(cells["province"], year, lookups)
    indicator, indicator_error = parse_indicator(cells["indicator_code"], framework, lookups)
    value, value_error = parse_value(cells["value"])
    source, source_error = parse_source(cells["source"])
    errors = [e for e in (year_error, framework_error, province_error, indicator_error, value_error, source_error) if e]
    row = {"province": province, "indicator": indicator, "year": year, "value": value, "source": source}
    return row, errors


def validate(rows: list[tuple[int, dict]]) -> ImportResult:
    """Check every row against the provinces, frameworks and indicators (three queries); collect every error."""
    result = ImportResult()
    if not rows:
        result.errors.append((None, _("The file has no data rows.")))
    lookups = Lookups.load()
    seen: dict[tuple[int, int, int], int] = {}
    for number, cells in rows:
        row, errors = validate_row(cells, lookups)
        if row["province"] and row["indicator"] and row["year"]:
            key = (row["province"].pk, row["indicator"].pk, row["year"])
            if key in seen:
                errors.append(_("duplicate of row %(row)d") % {"row": seen[key]})
            seen.setdefault(key, number)
        if errors:
            result.errors.extend((number, e) for e in errors)
        else:
            result.rows.append(row)
    return result


def parse(name: str, source: bytes | BinaryIO) -> ImportResult:
    """Read and validate an upload (its bytes, or the file itself: then at most MAX_BYTES + 1 are read)."""
    try:
        rows = read_rows(name, source)
    except ImportFileError as exc:
        return ImportResult(errors=[(None, str(exc))])
    return validate(rows)


def template_rows() -> list[list[str]]:
    return [COLUMNS]
