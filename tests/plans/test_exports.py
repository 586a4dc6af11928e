"""Task exports: exactly the filtered rows, headed in the active language, as CSV and XLSX; hostile text stays text."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from openpyxl.utils.escape import unescape

from plans.exports import FORMULA_START, xlsx_file
from plans.models import Status
from plans.tables import TaskTable
from tests import factories

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "=1+2",
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\tcmd",
    "\rcmd",
    "<script>alert(1)</script>",
]


def body(response) -> bytes:
    """Every export is streamed (CSV) or sent from a file (XLSX)."""
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"), newline="")))


def xlsx_sheet(response):
    return openpyxl.load_workbook(io.BytesIO(body(response))).active


def assert_csv_safe(rows, hostile):
    """No text cell starts like a formula (a negative number is a number); hostile text is kept behind a ' ;
    no HTML of ours in any cell."""
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START) and not re.fullmatch(r"-\d+(\.\d+)?", c)]
    expected = "'" + hostile if hostile.startswith(FORMULA_START) else hostile
    assert expected in cells
    assert not [c for c in cells if "<span" in c or "<a " in c or "&lt;" in c or "&amp;" in c]


def excel_text(value):
    """A cell's text as Excel reads it. OOXML stores a control character such as CR as the escape _x000D_ (Excel
    writes it so, and so does XlsxWriter); openpyxl hands the escape back undecoded."""
    return unescape(value) if isinstance(value, str) else value


def assert_xlsx_safe(sheet, hostile):
    """Text cells are strings (data type 's', never a formula), holding the text as Excel reads it."""
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    hits = [c for c in cells if excel_text(c.value) == hostile]
    assert hits and all(c.data_type == "s" for c in hits)
    text = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in text if "<span" in t or "<a " in t or "&lt;" in t]


@pytest.fixture
def tasks(db, unit_a, unit_b):
    today = timezone.localdate()
    overdue_health = factories.TaskFactory(
        code="YT-01", field="health", due_date=today - dt.timedelta(days=3), lead_unit=unit_b, is_sample=True
    )
    overdue_health.cooperating_units.add(unit_a)
    factories.TaskFactory(code="YT-02", field="health", due_date=today + dt.timedelta(days=3), lead_unit=unit_b)
    factories.TaskFactory(code="CQ-01", field="e_government", due_date=today - dt.timedelta(days=3))
    factories.TaskFactory(
        code="CQ-02", status=Status.COMPLETED, progress=100, completed_on=today, due_date=today, lead_unit=unit_a
    )
    return overdue_health


def test_csv_holds_exactly_the_filtered_rows_with_vietnamese_headers(client, tasks):
    response = client.get(reverse("plans:task_export", args=["csv"]) + "?timeliness=overdue&field=health")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:3] == ["Mã", "Nhiệm vụ", "Kế hoạch"]
    assert [r[0] for r in rows[1:]] == ["YT-01"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Đơn vị phối hợp"] == tasks.cooperating_units.get().name
    assert row["Hạn hoàn thành"] == tasks.due_date.strftime("%d/%m/%Y")
    assert row["Dữ liệu minh họa"] == "có"
    assert row["Đánh giá"] == "Đỏ"  # overdue: red, in words


def test_xlsx_holds_exactly_the_filtered_rows(client, tasks):
    response = client.get(reverse("plans:task_export", args=["xlsx"]) + "?field=health")
    assert response.status_code == 200
    sheet = xlsx_sheet(response)
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Mã"
    assert sorted(r[0] for r in values[1:]) == ["YT-01", "YT-02"]
    # Dates stay dates in the spreadsheet.
    due = {r[0]: r[9] for r in values[1:]}
    assert due["YT-01"].date() == tasks.due_date


def test_export_headers_follow_the_interface_language(client, tasks):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("plans:task_export", args=["csv"]), HTTP_ACCEPT_LANGUAGE="en")
    header = csv_rows(response)[0]
    assert header[:3] == ["Code", "Task", "Plan"]


def test_unknown_export_format_is_a_clear_404_not_an_error(client, tasks):
    response = client.get(reverse("plans:task_export", args=["pdf"]))
    assert response.status_code == 404


def test_invalid_filter_value_is_ignored_not_an_error(client, tasks):
    response = client.get(reverse("plans:task_export", args=["csv"]) + "?due_from=31-02-2025&field=health")
    assert response.status_code == 200
    rows = csv_rows(response)
    assert sorted(r[0] for r in rows[1:]) == ["YT-01", "YT-02"]


@pytest.fixture(params=HOSTILE, ids=repr)
def hostile_task(request, db):
    """Every piece of user text in a task's export row is hostile: code, title, plan, units and head."""
    text = request.param
    unit = factories.UnitFactory(name=text)
    task = factories.TaskFactory(
        code=text[:20],
        title=text,
        plan=factories.PlanFactory(title=text),
        lead_unit=unit,
        responsible_leader=factories.LeaderFactory(unit=unit, position_title=text),
    )
    task.cooperating_units.add(factories.UnitFactory(name=text + " 2"))
    return text


def test_task_csv_never_starts_a_cell_like_a_formula(client, hostile_task):
    rows = csv_rows(client.get(reverse("plans:task_export", args=["csv"])))
    assert len(rows) == 2
    assert_csv_safe(rows, hostile_task)
    row = dict(zip(rows[0], rows[1], strict=True))
    prefix = "'" if hostile_task.startswith(FORMULA_START) else ""
    assert row["Nhiệm vụ"] == row["Kế hoạch"] == row["Đơn vị chủ trì"] == prefix + hostile_task
    assert row["Đơn vị phối hợp"] == prefix + hostile_task + " 2"
    assert row["Tiến độ (%)"] == "20"  # numbers stay plain numbers


def test_task_xlsx_writes_user_text_as_strings_not_formulas(client, hostile_task):
    sheet = xlsx_sheet(client.get(reverse("plans:task_export", args=["xlsx"])))
    assert_xlsx_safe(sheet, hostile_task)
    header, row = (list(r) for r in sheet.iter_rows(min_row=1, max_row=2))
    cells = {h.value: c for h, c in zip(header, row, strict=True)}
    assert excel_text(cells["Nhiệm vụ"].value) == excel_text(cells["Kế hoạch"].value) == hostile_task
    assert cells["Nhiệm vụ"].data_type == "s"
    assert cells["Tiến độ (%)"].value == 20 and cells["Tiến độ (%)"].data_type == "n"


def test_xlsx_drops_control_characters_that_spreadsheets_refuse(client, db):
    factories.TaskFactory(title="Bell\x07 here")
    sheet = xlsx_sheet(client.get(reverse("plans:task_export", args=["xlsx"])))
    assert sheet.cell(row=2, column=2).value == "Bell here"


def test_export_columns_are_the_task_tables_columns(client, tasks):
    """A column declared in TaskTable is in the export, under its header; hidden columns are export-only."""
    table = TaskTable([])
    expected = [str(table.export_headers.get(c.name, c.header)) for c in table.columns.iterall()]
    header = csv_rows(client.get(reverse("plans:task_export", args=["csv"])))[0]
    assert header == expected
    assert len(header) > len(list(table.columns)) == 12


def test_export_cells_hold_no_html(client, tasks):
    """The page shows links and badges; the export shows their plain text."""
    rows = csv_rows(client.get(reverse("plans:task_export", args=["csv"])))
    assert not [c for row in rows for c in row if "<" in c or ">" in c]
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "YT-01"), strict=True))
    assert row["Tình trạng thời hạn"] == "Quá hạn" and row["Lĩnh vực"] == "Y tế"


def test_xlsx_dates_show_as_the_province_writes_them(client, tasks):
    sheet = xlsx_sheet(client.get(reverse("plans:task_export", args=["xlsx"]) + "?field=health"))
    assert sheet.cell(row=2, column=10).is_date
    assert sheet.cell(row=2, column=10).number_format == "dd/mm/yyyy"


def test_xlsx_file_writes_each_kind_of_value_as_its_type():
    when = timezone.make_aware(dt.datetime(2026, 9, 15, 8, 30))
    row = [Decimal("2.5"), 3, 1.5, True, dt.date(2026, 9, 15), when, None, "", mark_safe("=1+2"), Status.COMPLETED]
    with xlsx_file([("A/B: [x]?", [row, [gettext_lazy("Tasks")]])]) as out:
        book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    assert sheet.title == "A-B- -x--"
    cells = list(next(sheet.iter_rows(max_row=1)))
    assert [c.value for c in cells[:4]] == [2.5, 3, 1.5, True]
    assert cells[4].value == dt.datetime(2026, 9, 15) and cells[4].number_format == "dd/mm/yyyy"
    assert cells[5].value == dt.datetime(2026, 9, 15, 8, 30) and cells[5].number_format == "dd/mm/yyyy hh:mm"
    assert cells[6].value is None and cells[7].value is None
    assert (cells[8].value, cells[8].data_type) == ("=1+2", "s")
    assert cells[9].value == str(Status.COMPLETED.value)
    assert sheet["A2"].value in ("Tasks", "Nhiệm vụ")
