"""Every CSV and XLSX download of the product, written here and only here.

- The columns come from a django-tables2 table (plans/tables.py, indicators/tables.py): the same headers as the
  page (or the table's `export_headers`), each cell the column's plain value (`value_<name>`, else the raw value),
  never its HTML rendering.
- Rows are streamed: CSV through StreamingHttpResponse, XLSX through openpyxl's write-only workbook (rows go to a
  temporary file as they come), so memory stays flat whatever the number of rows.
- Text never becomes a formula (OWASP "CSV injection"): in CSV, a text cell starting with =, +, -, @, tab or CR is
  prefixed with ' ; in XLSX, text is always written as a string cell, never as a formula.
- Dates: real dates in XLSX (Excel formats them), dd/mm/yyyy in CSV as the province reads them; numbers stay
  numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import tempfile
from collections.abc import Iterable, Iterator

import django_tables2 as tables
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from plans.tables import TaskTable

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # so that Excel opens the Vietnamese text of a CSV as UTF-8
CSV_BATCH = 500  # rows per chunk of the CSV stream
MEMO = 1000  # distinct values remembered per column and export


def table_rows(table: tables.Table, records: Iterable | None = None) -> Iterator[list]:
    """The header, then one list of plain values per record (default: the table's own rows, in its order).

    Every column is exported, hidden ones included, except those with `exclude_from_export`. A column's value is
    `table.value_<name>(value, record)` if the table defines it, else the raw value; empty values are "".
    """
    columns = [c for c in table.columns.iterall() if not c.column.exclude_from_export]
    headers = getattr(table, "export_headers", {})
    yield [force_str(headers.get(c.name, c.header)) for c in columns]
    getters = [_getter(table, c) for c in columns]
    for record in table.data if records is None else records:
        yield [get(record) for get in getters]


def _getter(table: tables.Table, bound_column):
    """The function record -> plain value of one column, its lookups done once per export, not once per cell."""
    resolve = _resolver(str(bound_column.accessor))
    empty = bound_column.column.empty_values
    value_of = getattr(table, f"value_{bound_column.name}", None)
    wants = inspect.signature(value_of).parameters if value_of else {}
    if value_of is None:
        return lambda record: _or_blank(resolve(record), empty)
    if "value" not in wants:
        return lambda record: value_of(record=record)
    if "record" in wants:
        return lambda record: _or_blank(resolve(record), empty, lambda value: value_of(value=value, record=record))
    # A function of the value alone (a label, a flag): computed once per distinct simple value.
    memo: dict = {}

    def of_value(value):
        if not isinstance(value, str | int | bool) or len(memo) > MEMO:
            return value_of(value=value)
        if value not in memo:
            memo[value] = _plain(value_of(value=value))
        return memo[value]

    return lambda record: _or_blank(resolve(record), empty, of_value)


def _resolver(accessor: str):
    if "__" in accessor or "." in accessor:
        return _safe(tables.A(accessor).resolve)
    return _safe(lambda record: record[accessor] if isinstance(record, dict) else getattr(record, accessor))


def _safe(resolve):
    def get(record):
        try:
            return resolve(record)
        except (AttributeError, KeyError, IndexError, TypeError, ValueError):
            return None

    return get


def _or_blank(value, empty, then=None):
    if value in empty:
        return ""
    return value if then is None else then(value)


def _plain(value):
    return str(value) if isinstance(value, Promise) else value


def csv_cell(value) -> object:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    if isinstance(value, str | Promise):
        text = str(value)
        return "'" + text if text.startswith(FORMULA_START) else text
    if isinstance(value, bool | int | float):
        return value
    return csv_cell(str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    batch = [BOM]
    for row in rows:
        batch.append(writer.writerow([csv_cell(v) for v in row]))
        if len(batch) >= CSV_BATCH:
            yield "".join(batch)
            batch = []
    yield "".join(batch)


def xlsx_cell(sheet, value):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones; the value is already local time
    if value is None or isinstance(value, bool | int | float | dt.date):
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"  # text, even when it starts with "=" (openpyxl would make that a formula)
    return cell


def xlsx_file(sheets: Iterable[tuple[str, Iterable[list]]]):
    """A temporary file holding the workbook, one sheet per (title, rows)."""
    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title=str(title)[:31])
        for row in rows:
            sheet.append([xlsx_cell(sheet, v) for v in row])
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    book.save(out)
    out.seek(0)
    return out


def response(fmt: str, sheets: list[tuple[str, Iterable[list]]], *, filename: str):
    """The download: CSV holds the first sheet only. `fmt` must be one of FORMATS (the view checks it)."""
    if fmt == "csv":
        rows = sheets[0][1]
        download = StreamingHttpResponse(csv_lines(rows), content_type=FORMATS["csv"])
        download["Content-Disposition"] = f'attachment; filename="{filename}"'
        return download
    return FileResponse(xlsx_file(sheets), as_attachment=True, filename=filename, content_type=FORMATS["xlsx"])


def table_response(table: tables.Table, *, fmt: str, filename: str, title: str, records: Iterable | None = None):
    """A table as a CSV or XLSX download, its columns and values from the table (see table_rows)."""
    return response(fmt, [(title, table_rows(table, records))], filename=filename)


def export_response(tasks: Iterable, *, fmt: str):
    """The task list as a download: `tasks` are the rows (plans.selectors.tasks.for_export: annotated with
    timeliness, relations fetched, read in chunks so that memory stays flat)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return table_response(
        TaskTable([]),  # the columns; the rows come from `records`
        fmt=fmt,
        filename=f"dxtracker-tasks-{stamp}.{fmt}",
        title=_("Tasks"),
        records=tasks,
    )
