"""Every CSV and XLSX download of the product, written here and only here.

- The columns come from a django-tables2 table (plans/tables.py, indicators/tables.py): the same headers as the
  page (or the table's `export_headers`), each cell the column's plain value (`value_<name>`, else the raw value),
  never its HTML rendering.
- Rows are streamed: CSV through StreamingHttpResponse, XLSX through XlsxWriter in constant-memory mode (each row
  goes to a temporary file as it comes, the workbook is zipped into another temporary file that FileResponse
  sends), so memory stays flat whatever the number of rows. Every XLSX the product writes (task and DTI exports,
  the report's annexes, the blank import templates) goes through `xlsx_file`; openpyxl only reads imports.
- Text never becomes a formula (OWASP "CSV injection"): in CSV, a text cell starting with =, +, -, @, tab or CR is
  prefixed with ' ; in XLSX, text is always written as a string cell (`write_string`), never as a formula. The
  control characters XML cannot hold are dropped from XLSX text.
- Dates: real dates in XLSX shown dd/mm/yyyy (dd/mm/yyyy hh:mm with a time), dd/mm/yyyy in CSV as the province
  reads them; numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

import django_tables2 as tables
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from xlsxwriter import Workbook

from plans.tables import TaskTable

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # so that Excel opens the Vietnamese text of a CSV as UTF-8
CSV_BATCH = 500  # rows per chunk of the CSV stream
MEMO = 1000  # distinct values remembered per column and export
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML 1.0 cannot hold
SHEET_NAME_BANNED = re.compile(r"[\[\]:*?/\\]")  # characters Excel refuses in a sheet name
XLSX_OPTIONS = {
    "constant_memory": True,  # rows are flushed to a temporary file as they are written
    "strings_to_formulas": False,  # belt and braces: text is written with write_string anyway
    "strings_to_urls": False,
    "nan_inf_to_errors": True,  # NaN/inf as #NUM!/#DIV/0!, not a refusal of the whole file
}
DATE_FORMATS = {dt.date: "dd/mm/yyyy", dt.datetime: "dd/mm/yyyy hh:mm"}


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


def xlsx_cell_writer(sheet, date_formats: dict) -> Callable[[int, int, object], None]:
    """The function (row, column, value) -> None writing one plain value into `sheet` as its type wants: text
    always as a string cell, numbers as numbers, dates as dates in the given formats, nothing for None or ""."""
    write_string, write_number, write_boolean = sheet.write_string, sheet.write_number, sheet.write_boolean
    write_datetime = sheet.write_datetime

    def write(r: int, c: int, value) -> None:
        kind = type(value)
        if kind is str:
            if value:
                write_string(r, c, ILLEGAL_XML.sub("", value))
        elif kind is int or kind is float:
            write_number(r, c, value)
        elif kind is bool:
            write_boolean(r, c, value)
        elif isinstance(value, dt.datetime):
            # Excel has no time zones; the value is already local time.
            write_datetime(r, c, value.replace(tzinfo=None), date_formats[dt.datetime])
        elif isinstance(value, dt.date):
            write_datetime(r, c, value, date_formats[dt.date])
        elif isinstance(value, str):
            write(r, c, str.__str__(value))  # a choice or a safe string: its plain text
        elif isinstance(value, int | float | Decimal):
            write_number(r, c, value)
        elif value is not None:
            write(r, c, str(value))  # a lazy translation, anything else: its text

    return write


def sheet_name(title) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, not quoted."""
    return SHEET_NAME_BANNED.sub("-", str(title))[:31].strip("'") or "Sheet"


def xlsx_file(sheets: Iterable[tuple[str, Iterable[list]]]):
    """A temporary file holding the workbook, one sheet per (title, rows), written by XlsxWriter in constant
    memory (rows go to files in a private temporary folder, removed once the workbook is zipped)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    try:
        with tempfile.TemporaryDirectory(prefix="dxt-xlsx-") as work:
            book = Workbook(out, {**XLSX_OPTIONS, "tmpdir": work})
            date_formats = {kind: book.add_format({"num_format": fmt}) for kind, fmt in DATE_FORMATS.items()}
            for title, rows in sheets:
                sheet = book.add_worksheet(sheet_name(title))
                write = xlsx_cell_writer(sheet, date_formats)
                for r, row in enumerate(rows):
                    for c, value in enumerate(row):
                        write(r, c, value)
            book.close()
    except BaseException:
        out.close()
        raise
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
