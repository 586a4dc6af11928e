"""Task exports: exactly the filtered rows, headed in the active language, as CSV and XLSX."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Status
from tests import factories


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
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Mã", "Nhiệm vụ", "Kế hoạch"]
    assert [r[0] for r in rows[1:]] == ["YT-01"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Đơn vị phối hợp"] == tasks.cooperating_units.get().name
    assert row["Hạn hoàn thành"] == tasks.due_date.strftime("%d/%m/%Y")
    assert row["Dữ liệu minh họa"] == "có"


def test_xlsx_holds_exactly_the_filtered_rows(client, tasks):
    response = client.get(reverse("plans:task_export", args=["xlsx"]) + "?field=health")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Mã"
    assert sorted(r[0] for r in values[1:]) == ["YT-01", "YT-02"]
    # Dates stay dates in the spreadsheet.
    due = {r[0]: r[9] for r in values[1:]}
    assert due["YT-01"].date() == tasks.due_date


def test_export_headers_follow_the_interface_language(client, tasks):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("plans:task_export", args=["csv"]), HTTP_ACCEPT_LANGUAGE="en")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:3] == ["Code", "Task", "Plan"]


def test_unknown_export_format_is_a_clear_404_not_an_error(client, tasks):
    response = client.get(reverse("plans:task_export", args=["pdf"]))
    assert response.status_code == 404


def test_invalid_filter_value_is_ignored_not_an_error(client, tasks):
    response = client.get(reverse("plans:task_export", args=["csv"]) + "?due_from=31-02-2025&field=health")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(r[0] for r in rows[1:]) == ["YT-01", "YT-02"]
