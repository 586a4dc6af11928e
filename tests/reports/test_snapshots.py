"""Closing a period freezes its figures: the snapshot is built from the update history as of the last day, once,
and the report reads the same whatever changes afterwards."""

import datetime as dt
from decimal import Decimal

import pytest

from plans.models import Goal, Status, Task, Timeliness
from plans.ratings import Rating
from reports import documents, selectors, services
from reports.models import Snapshot
from tests import factories
from tests.reports.conftest import at


def close(period, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.period_close(period=period)


def by_code(report):
    return {row["code"]: row for row in report.rows}


def test_snapshot_holds_each_task_as_it_stood_on_the_last_day(quarter, django_capture_on_commit_callbacks):
    close(quarter, django_capture_on_commit_callbacks)
    report = selectors.report_for(quarter)
    assert report.frozen and report.as_of == dt.date(2026, 9, 30)
    rows = by_code(report)
    assert sorted(rows) == ["NV01", "NV02", "NV03"]  # cancelled and not yet started are not in the period
    assert (rows["NV01"]["timeliness"], rows["NV01"]["rating"]) == (Timeliness.DONE_ON_TIME, Rating.GREEN)
    assert (rows["NV02"]["status"], rows["NV02"]["progress"]) == (Status.IN_PROGRESS, 50)
    assert (rows["NV02"]["timeliness"], rows["NV02"]["rating"]) == (Timeliness.OVERDUE, Rating.RED)
    assert rows["NV02"]["note"] == "Thiếu kinh phí"
    assert (rows["NV03"]["status"], rows["NV03"]["progress"]) == (Status.NOT_STARTED, 0)
    assert report.totals["total"] == 3
    assert report.totals["ratings"] == {"green": 2, "red": 1}  # NV03: 0 % with 10 % of its time gone: green
    assert [g["unit"] for g in report.problems] == ["Sở YT"]
    assert [r["code"] for r in report.next_rows] == ["NV05"]


def test_an_open_period_reads_live_data(quarter):
    report = selectors.report_for(quarter)
    assert not report.frozen
    rows = by_code(report)
    assert rows["NV02"]["status"] == Status.COMPLETED  # today's state, judged on 30/09
    assert rows["NV03"]["progress"] == 30


def test_a_closed_period_gives_the_same_figures_after_tasks_change(quarter, django_capture_on_commit_callbacks):
    close(quarter, django_capture_on_commit_callbacks)
    before = selectors.report_for(quarter)
    docx_before = documents.docx_bytes(before, on=dt.date(2026, 10, 5))
    annexes_before = documents.annex_rows(before)

    task = Task.objects.get(code="NV03")
    factories.TaskUpdateFactory(task=task, status=Status.IN_PROGRESS, progress=90, created_at=at("2026-09-15"))
    Task.objects.filter(pk=task.pk).update(progress=90, title="Đổi tên")
    factories.TaskFactory(plan=task.plan, code="NV09", start_date=dt.date(2026, 7, 1), due_date=dt.date(2026, 8, 1))
    Goal.objects.update(current_value=Decimal("99"))

    after = selectors.report_for(quarter)
    assert after.rows == before.rows and after.goals == before.goals and after.totals == before.totals
    assert documents.annex_rows(after) == annexes_before
    assert _text(documents.docx_bytes(after, on=dt.date(2026, 10, 5))) == _text(docx_before)


def test_closing_twice_builds_one_snapshot_and_rebuild_reads_late_updates(quarter, django_capture_on_commit_callbacks):
    close(quarter, django_capture_on_commit_callbacks)
    first = Snapshot.objects.get(period=quarter)
    task = Task.objects.get(code="NV03")
    factories.TaskUpdateFactory(task=task, status=Status.IN_PROGRESS, progress=90, created_at=at("2026-09-15"))
    close(quarter, django_capture_on_commit_callbacks)
    assert Snapshot.objects.count() == 1
    assert Snapshot.objects.get().data == first.data  # a late update does not change a closed period by itself
    with django_capture_on_commit_callbacks(execute=True):
        services.period_close(period=quarter, rebuild=True)  # the DX office's call
    assert by_code(selectors.report_for(quarter))["NV03"]["progress"] == 90
    assert Snapshot.objects.count() == 1


def test_change_against_the_previous_period_comes_from_the_two_snapshots(quarter, django_capture_on_commit_callbacks):
    from reports import periods

    close(quarter, django_capture_on_commit_callbacks)
    Goal.objects.update(current_value=Decimal("70"))
    october = services.period_get_or_create(span=periods.parse("2026-Q4"))
    close(october, django_capture_on_commit_callbacks)
    report = selectors.report_for(october)
    assert report.previous == quarter
    assert report.goals[0]["change"] == "7.5"
    assert report.previous_totals["total"] == 3


def test_a_unit_report_holds_only_that_units_tasks(quarter, unit_b, django_capture_on_commit_callbacks):
    close(quarter, django_capture_on_commit_callbacks)
    report = selectors.report_for(quarter, unit_b)
    assert [r["code"] for r in report.rows] == ["NV02"]
    assert report.goals == []  # the plan belongs to unit_a
    assert report.totals["rating"] == Rating.RED


@pytest.mark.parametrize("closed", [False, True])
def test_the_snapshot_is_built_only_for_a_closed_period(quarter, closed, django_capture_on_commit_callbacks):
    if closed:
        close(quarter, django_capture_on_commit_callbacks)
    assert (services.snapshot_build(period_id=quarter.pk) is not None) is closed


def _text(content: bytes) -> list[str]:
    import io

    from docx import Document

    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [p.text for p in document.paragraphs] + cells
