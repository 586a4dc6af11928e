"""The plan annex import: a realistic annex in XLSX, DOCX and CSV; the preview writes nothing; atomic on one bad
row; re-import idempotent; an edited file updates tasks by code and keeps their updates."""

import datetime as dt

import pytest

from plans.models import Pillar, Status, Task, TaskUpdate
from plans.onboarding.services import CREATE, ERROR, UNCHANGED, UPDATE, plan_import
from tests import factories
from tests.plans.onboarding import annexes


def run(province, data, name="phu-luc.xlsx", **kwargs):
    return plan_import(plan=province["plan"], name=name, data=data, **kwargs)


@pytest.mark.parametrize("kind", ["xlsx", "docx", "csv"])
def test_a_realistic_annex_becomes_the_plans_tasks(province, kind):
    data = {"xlsx": annexes.xlsx, "docx": annexes.docx, "csv": annexes.csv_bytes}[kind](annexes.rows())
    result = run(province, data, name=f"phu-luc.{kind}", dry_run=False)
    assert result.errors == [] and result.applied
    tasks = {t.code: t for t in Task.objects.filter(plan=province["plan"])}
    assert set(tasks) == {"1", "2", "2.1", "3", "3-TPNB", "3-YYen"}
    one, two, sub, five_g = tasks["1"], tasks["2"], tasks["2.1"], tasks["3"]
    assert one.lead_unit == province["tttt"] and one.due_date == dt.date(2026, 6, 30)
    assert one.pillar == Pillar.DIGITAL_GOVERNMENT and list(one.cooperating_units.all()) == [province["office"]]
    assert "Cổng DVC" in one.description and one.status == Status.NOT_STARTED and one.progress == 0
    assert two.is_ongoing and two.due_date is None and "Ghi chú: Ưu tiên" in two.description
    assert sub.parent == two and sub.lead_unit == province["health"] and sub.due_date == dt.date(2026, 6, 30)
    # The collective lead: a parent task, one subtask per district, each led by its own unit.
    assert five_g.pillar == Pillar.FOUNDATION and five_g.lead_unit == province["owner"]
    assert {c.lead_unit for c in five_g.children.all()} == {province["city"], province["yen"]}
    assert (five_g.start_date, five_g.due_date) == (dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    # The unknown co-operating body is kept as text and listed as a warning.
    assert five_g.cooperating_text == "Hiệp hội Doanh nghiệp tỉnh"
    assert any("Hiệp hội Doanh nghiệp tỉnh" in w for _row, w in result.warnings)


def test_the_dry_run_writes_nothing_but_reports_what_it_would(province):
    result = run(province, annexes.xlsx(annexes.rows()))
    assert not result.applied and result.count(CREATE) == 6
    assert not Task.objects.exists()


def test_one_bad_row_and_nothing_is_written(province):
    result = run(province, annexes.xlsx(annexes.rows([annexes.BAD_DEADLINE_ROW])), dry_run=False)
    assert not result.applied and not Task.objects.exists()
    [(row, message)] = result.errors  # in the active language (Vietnamese first)
    assert row == 13 and '"Sớm nhất có thể"' in message


def test_an_unknown_lead_unit_is_an_error_with_the_nearest_names(province):
    row = ["4", "Đào tạo kỹ năng số", "Sở Thông tin Truyền thông", "", "Năm 2026", "", ""]
    result = run(province, annexes.xlsx(annexes.rows([row])), dry_run=False)
    [(number, message)] = result.errors
    assert number == 13 and "Sở Thông tin Truyền thông" in message and "Sở Thông tin và Truyền thông" in message
    assert not Task.objects.exists()


def test_unknown_units_are_created_when_asked(province):
    row = ["4", "Đào tạo kỹ năng số", "Trường Chính trị tỉnh", "", "Năm 2026", "", ""]
    result = run(province, annexes.xlsx(annexes.rows([row])), dry_run=False, create_units=True)
    assert result.applied and "Trường Chính trị tỉnh" in result.created_units
    assert Task.objects.get(code="4").lead_unit.name == "Trường Chính trị tỉnh"
    assert Task.objects.get(code="3").cooperating_units.filter(name="Hiệp hội Doanh nghiệp tỉnh").exists()


def test_importing_the_same_file_again_changes_nothing(province):
    data = annexes.xlsx(annexes.rows())
    run(province, data, dry_run=False)
    before = list(Task.objects.values())
    history = Task.history.count()
    again = run(province, data, dry_run=False)
    assert {r.action for r in again.rows} == {UNCHANGED}
    assert list(Task.objects.values()) == before and Task.history.count() == history


def test_an_edited_file_updates_tasks_by_code_and_keeps_their_updates(province, dx_office):
    run(province, annexes.xlsx(annexes.rows()), dry_run=False)
    task = Task.objects.get(code="1")
    factories.TaskUpdateFactory(task=task, author=dx_office)
    versions = task.history.count()  # its creation, then its co-operating units set (tracked too)
    edited = annexes.rows()
    edited[7] = ["1", "Nâng cấp Cổng dịch vụ công", "Sở TTTT", "VP UBND tỉnh", "Quý III/2026", "", ""]
    result = run(province, annexes.xlsx(edited), dry_run=False)
    report = next(r for r in result.rows if r.code == "1")
    assert report.action == UPDATE and {"title", "due_date", "description"} <= set(report.changes)
    task.refresh_from_db()
    assert task.title == "Nâng cấp Cổng dịch vụ công" and task.due_date == dt.date(2026, 9, 30)
    assert TaskUpdate.objects.filter(task=task).count() == 1 and task.history.count() == versions + 1


def test_a_subtask_whose_parent_is_missing_is_a_row_error(province):
    row = ["7.1", "Một việc con", "Sở TT&TT", "", "Năm 2026", "", ""]
    result = run(province, annexes.xlsx(annexes.rows([row])))
    assert [r.action for r in result.rows if r.row == 13] == [ERROR]


def test_a_file_without_the_annex_header_is_refused_with_a_clear_message(province):
    result = run(province, annexes.xlsx([["Tên", "Ghi chú"], ["a", "b"]]))
    assert result.file_errors and "STT" in result.file_errors[0]


def test_an_ongoing_task_is_shown_as_ongoing_and_never_late(province, client):
    from django.urls import reverse

    from plans.models import Timeliness

    run(province, annexes.xlsx(annexes.rows()), dry_run=False)
    task = Task.objects.with_timeliness(today=dt.date(2099, 1, 1)).get(code="2")
    assert task.timeliness == Timeliness.NO_DEADLINE
    html = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert "Ongoing" in html or "Thường xuyên" in html
    five_g = Task.objects.get(code="3")
    assert "Hiệp hội Doanh nghiệp tỉnh" in client.get(reverse("plans:task_detail", args=[five_g.pk])).content.decode()


def test_the_import_leaves_the_summaries_equal_to_rebuilt_ones(province):
    from tests.plans.test_summaries import assert_agree

    data = annexes.xlsx(annexes.rows())
    run(province, data, dry_run=True)  # the preview is rolled back, summaries with it
    assert_agree()
    run(province, data, dry_run=False)
    assert_agree()
