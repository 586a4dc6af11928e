"""The plan timeline (Gantt-style): rows with subtasks under their parent, bars from start to due date in the
class colours, ongoing tasks drawn apart, today's line; on the plan and unit pages, with its figures table."""

import datetime as dt

import plotly.graph_objects as go
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from plans import charts
from plans.models import Status, Task, Timeliness
from plans.selectors.common import task_timeline
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def plan_with_tree(db):
    """A parent with two subtasks (one overdue and not started), an ongoing task, an undated one, and a task of
    another plan."""
    today = timezone.localdate()
    plan = factories.PlanFactory()
    unit = factories.UnitFactory()
    on = {"plan": plan, "lead_unit": unit}
    parent = factories.TaskFactory(code="1", title="Số hoá hồ sơ", **on)
    late = factories.TaskFactory(
        code="1.2",
        parent=parent,
        status=Status.NOT_STARTED,
        start_date=today - dt.timedelta(days=60),
        due_date=today - dt.timedelta(days=10),
        **on,
    )
    first = factories.TaskFactory(code="1.1", parent=parent, **on)
    ongoing = factories.TaskFactory(code="2", is_ongoing=True, due_date=None, **on)
    undated = factories.TaskFactory(code="3", start_date=None, due_date=None, **on)
    factories.TaskFactory(code="9")  # another plan
    return {
        "plan": plan,
        "unit": unit,
        "parent": parent,
        "first": first,
        "late": late,
        "ongoing": ongoing,
        "undated": undated,
    }


def test_rows_put_subtasks_under_their_parent_in_code_order(plan_with_tree):
    timeline = task_timeline(Task.objects.filter(plan=plan_with_tree["plan"]))
    assert [(r["code"], r["depth"]) for r in timeline.rows] == [("1", 0), ("1.1", 1), ("1.2", 1), ("2", 0), ("3", 0)]
    assert not timeline.top_level_only and not timeline.truncated
    assert [r["code"] for r in timeline.undated] == ["3"]


def test_a_subtask_whose_parent_is_not_listed_is_a_top_level_row(plan_with_tree):
    timeline = task_timeline(Task.objects.filter(code__in=["1.1", "2"]))
    assert [(r["code"], r["depth"]) for r in timeline.rows] == [("1.1", 0), ("2", 0)]


def test_more_rows_than_the_limit_show_top_level_tasks_only(plan_with_tree):
    timeline = task_timeline(Task.objects.filter(plan=plan_with_tree["plan"]), limit=4)
    assert timeline.top_level_only
    assert [r["code"] for r in timeline.rows] == ["1", "2", "3"]
    bounded = task_timeline(Task.objects.filter(plan=plan_with_tree["plan"]), limit=2)
    assert [r["code"] for r in bounded.rows] == ["1", "2"] and bounded.total == 3 and bounded.truncated


def test_figure_has_bars_by_class_an_ongoing_series_and_today(plan_with_tree):
    today = timezone.localdate()
    rows = task_timeline(Task.objects.filter(plan=plan_with_tree["plan"])).rows
    drawable = [r for r in rows if r["start_date"] or r["due_date"]]
    with translation.override("vi"):
        fig = go.Figure(charts.timeline(drawable, today=today, title="t").to_dict())  # validates every property
    traces = {t.name: t for t in fig.data}
    overdue = traces[str(Timeliness.OVERDUE.label)]
    assert overdue.marker.color == charts.TIMELINESS_COLORS[Timeliness.OVERDUE]
    assert list(overdue.base) == [plan_with_tree["late"].start_date.isoformat()]
    assert list(overdue.x) == [51 * charts.DAY_MS]  # 60 days ago to 10 days ago, both days included
    assert "Quá hạn (Chưa triển khai)" in overdue.customdata[0][2]
    ongoing = traces["Thường xuyên (không có hạn)"]
    assert ongoing.marker.pattern.shape == "/" and ongoing.customdata[0][1] == "—"
    # Rows in order, subtasks indented under their parent; the undated task is not drawn.
    order = list(fig.layout.yaxis.categoryarray)
    assert [label.strip("\u00a0↳ ").split()[0] for label in order] == ["1", "1.1", "1.2", "2"]
    assert order[1].startswith("\u00a0") and not order[0].startswith("\u00a0")
    assert fig.layout.shapes[0].x0 == today.isoformat() and fig.layout.annotations[0].text == "Hôm nay"
    assert fig.layout.separators == ",."
    assert fig.layout.height <= 110 + 24 * 40


def test_the_date_axis_is_level_with_few_short_labels(plan_with_tree):
    """Readable on a phone (tests/e2e/test_timeline_journey.py measures it at 390 px): labels never turned, at most
    four, each a short date (dd/mm over the year, mm/yyyy or the year)."""
    rows = [r for r in task_timeline(Task.objects.filter(plan=plan_with_tree["plan"])).rows if r["due_date"]]
    fig = go.Figure(charts.timeline(rows, today=timezone.localdate(), title="t").to_dict())
    axis = fig.layout.xaxis
    assert axis.type == "date" and axis.tickangle == 0 and 0 < axis.nticks <= 4 and axis.automargin
    formats = [stop.value for stop in axis.tickformatstops]
    assert formats == ["%d/%m<br>%Y", "%m/%Y", "%Y"]
    assert axis.minor.showgrid


@pytest.mark.parametrize("page", ["plan", "unit"])
def test_plan_and_unit_pages_carry_the_timeline_and_its_figures(client, plan_with_tree, page):
    pk = plan_with_tree[page].pk
    response = client.get(reverse(f"plans:{page}_detail", args=[pk]))
    html = response.content.decode()
    assert 'id="chart-timeline"' in html and 'data-testid="timeline-table"' in html
    chart = response.context["timeline_chart"]
    drawn = {y for trace in chart["data"] for y in trace["y"]}
    assert any("1.2" in label for label in drawn) and not any(label.startswith("3 ") for label in drawn)
    # The figures table lists every task, the undated one too, and says which are not on the chart.
    table = html[html.index('data-testid="timeline-table"') :]
    for code in ("1", "1.1", "1.2", "2", "3"):
        assert f">{code} " in table
    assert "Quá hạn (Chưa triển khai)" in table
    assert 'data-testid="timeline-undated"' in html


def test_a_plan_without_tasks_says_so(client):
    plan = factories.PlanFactory()
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.context["timeline_chart"] is None
    assert "Chưa có nhiệm vụ nào: biểu đồ tiến trình sẽ hiện khi có nhiệm vụ." in response.content.decode()
    assert 'id="chart-timeline"' not in response.content.decode()


def test_tasks_without_any_date_say_there_is_nothing_to_draw(client):
    task = factories.TaskFactory(start_date=None, due_date=None)
    html = client.get(reverse("plans:plan_detail", args=[task.plan_id])).content.decode()
    assert 'data-testid="timeline-nothing"' in html and 'id="chart-timeline"' not in html


def test_a_big_plan_draws_top_level_tasks_only(client):
    plan = factories.PlanFactory()
    unit = factories.UnitFactory()
    for i in range(25):
        parent = factories.TaskFactory(plan=plan, lead_unit=unit, code=f"{i:02d}")
        factories.TaskFactory(plan=plan, lead_unit=unit, parent=parent, code=f"{i:02d}.1")
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert 'data-testid="timeline-top-level"' in response.content.decode()
    rows = {y for trace in response.context["timeline_chart"]["data"] for y in trace["y"]}
    assert len(rows) == 25 and not any(".1 " in label for label in rows)
