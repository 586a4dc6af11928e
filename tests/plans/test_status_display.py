"""A task nobody works on never reads as under way: not-started and paused tasks say so wherever one task's
timeliness is shown (lists, badges, the task page, exports, reports), and the class that counts open tasks before
their deadline is "not yet due", not "in progress"."""

import csv
import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from plans.models import Status, Timeliness, timeliness_label
from reports.tables import state_label
from tests import factories

pytestmark = pytest.mark.django_db

IN_PROGRESS_WITHIN = "Đang thực hiện trong hạn"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.mark.parametrize(
    ("timeliness", "status", "expected"),
    [
        (Timeliness.ON_TRACK, Status.IN_PROGRESS, "Chưa đến hạn"),
        (Timeliness.ON_TRACK, Status.NOT_STARTED, "Chưa đến hạn (Chưa triển khai)"),
        (Timeliness.ON_TRACK, Status.PAUSED, "Chưa đến hạn (Tạm dừng)"),
        (Timeliness.OVERDUE, Status.NOT_STARTED, "Quá hạn (Chưa triển khai)"),
        (Timeliness.OVERDUE, Status.IN_PROGRESS, "Quá hạn"),
        (Timeliness.NO_DEADLINE, Status.PAUSED, "Không có thời hạn (Tạm dừng)"),
        (Timeliness.DONE_ON_TIME, Status.COMPLETED, "Hoàn thành đúng hạn"),
    ],
)
def test_one_tasks_label_names_a_not_started_or_paused_status(timeliness, status, expected):
    with translation.override("vi"):
        label = timeliness_label(timeliness, status)
        assert label.startswith(str(Timeliness(timeliness).label))
        assert label == expected
        assert state_label({"timeliness": timeliness, "status": status}) == label  # the reports' column


def test_no_class_label_says_in_progress():
    with translation.override("vi"):
        labels = [str(label) for label in Timeliness.labels]
    assert not [label for label in labels if "đang thực hiện" in label.lower()]


@pytest.fixture
def idle_tasks(db):
    today = timezone.localdate()
    plan = factories.PlanFactory()
    unit = factories.UnitFactory()
    later = {"plan": plan, "lead_unit": unit, "due_date": today + dt.timedelta(days=20)}
    return {
        "not_started": factories.TaskFactory(status=Status.NOT_STARTED, progress=0, **later),
        "paused": factories.TaskFactory(status=Status.PAUSED, **later),
        "working": factories.TaskFactory(status=Status.IN_PROGRESS, **later),
        "plan": plan,
        "unit": unit,
    }


def row_of(html: str, pk: int) -> str:
    start = html.index(f'data-task="{pk}"')
    return html[start : html.index("</tr>", start)]


@pytest.mark.parametrize("page", ["task_list", "plan_detail", "unit_detail"])
def test_task_lists_show_not_started_and_paused(client, idle_tasks, page):
    args = {"task_list": [], "plan_detail": [idle_tasks["plan"].pk], "unit_detail": [idle_tasks["unit"].pk]}[page]
    html = client.get(reverse(f"plans:{page}", args=args)).content.decode()
    assert IN_PROGRESS_WITHIN not in html
    assert "Chưa đến hạn (Chưa triển khai)" in row_of(html, idle_tasks["not_started"].pk)
    assert "Chưa đến hạn (Tạm dừng)" in row_of(html, idle_tasks["paused"].pk)
    assert "Chưa đến hạn</span>" in row_of(html, idle_tasks["working"].pk)


def test_task_page_badge_and_export_say_not_started(client, idle_tasks):
    task = idle_tasks["not_started"]
    html = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert 'class="badge tl-on_track">Chưa đến hạn (Chưa triển khai)</span>' in html
    response = client.get(reverse("plans:task_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    column = rows[0].index("Tình trạng thời hạn")
    by_code = {row[0]: row[column] for row in rows[1:]}
    assert by_code[task.code] == "Chưa đến hạn (Chưa triển khai)"
    assert by_code[idle_tasks["paused"].code] == "Chưa đến hạn (Tạm dừng)"
    assert by_code[idle_tasks["working"].code] == "Chưa đến hạn"
