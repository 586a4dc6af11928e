"""close_period and make_report, for scripted use."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from reports import periods
from reports.models import ReportPeriod, Snapshot


def test_close_period_closes_and_builds_the_snapshot(quarter, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("close_period", "2026-Q3", stdout=out)
    assert "2026-Q3 (01/07/2026-30/09/2026) closed" in out.getvalue()
    assert Snapshot.objects.get().period == quarter


def test_make_report_writes_docx_and_xlsx_for_the_province_and_a_unit(quarter, unit_b, tmp_path):
    docx_path, xlsx_path = tmp_path / "bc.docx", tmp_path / "pl.xlsx"
    call_command(
        "make_report", "--period", "2026-Q3", "--format", "docx", "--out", str(docx_path), stdout=io.StringIO()
    )
    assert len(Document(str(docx_path)).tables[-1].rows) == 1 + 3
    call_command(
        "make_report", "--period", "2026-Q3", "--format", "xlsx", "--unit", str(unit_b.pk), "--out", str(xlsx_path),
        stdout=io.StringIO(),
    )  # fmt: skip
    assert load_workbook(xlsx_path).worksheets[1].max_row == 1 + 1


def test_custom_dates_and_bad_periods(db, tmp_path):
    call_command("close_period", "--from", "2026-07-15", "--to", "2026-08-14", stdout=io.StringIO())
    assert ReportPeriod.objects.get(code="2026-07-15..2026-08-14").kind == "custom"
    for bad in (["2026-Q5"], ["2026-13"], ["--from", "2026-09-01", "--to", "2026-08-01"], []):
        with pytest.raises(CommandError):
            call_command("close_period", *bad, stdout=io.StringIO())


@pytest.mark.parametrize(
    ("code", "start", "end", "following"),
    [
        ("2026-11", "2026-11-01", "2026-11-30", "2026-12"),
        ("2026-12", "2026-12-01", "2026-12-31", "2027-01"),
        ("2028-02", "2028-02-01", "2028-02-29", "2028-03"),
        ("2026-Q3", "2026-07-01", "2026-09-30", "2026-Q4"),
        ("2026-Q4", "2026-10-01", "2026-12-31", "2027-Q1"),
        ("2026-H1", "2026-01-01", "2026-06-30", "2026-H2"),
        ("2026-H2", "2026-07-01", "2026-12-31", "2027-H1"),
        ("2026", "2026-01-01", "2026-12-31", "2027"),
    ],
)
def test_period_codes(code, start, end, following):
    span = periods.parse(code)
    assert (span.start.isoformat(), span.end.isoformat(), periods.following(span).code) == (start, end, following)
