"""One truth for a parent task's progress: its roll-up from its subtasks, in the task lists, the exports, the head's
page, the "my tasks" list, the charts and the API; heads report progress on leaf tasks only."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services
from plans.forms import TaskUpdateForm
from plans.models import Pillar, Status, Task
from plans.selectors import overview
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# The parent's own progress column stays 0; its subtasks roll up to (90 × 3 + 32 × 1) / 4 = 75,5.
ROLLED_UP = 75.5


@pytest.fixture
def parent(unit_a, head_a):
    leader = head_a.leader_posts.get()
    parent = factories.TaskFactory(
        code="P1", lead_unit=unit_a, responsible_leader=leader, progress=0, status=Status.IN_PROGRESS, pillar="economy"
    )
    for code, progress, weight in (("P1.1", 90, 3), ("P1.2", 32, 1)):
        factories.TaskFactory(
            code=code, plan=parent.plan, parent=parent, lead_unit=unit_a, progress=progress, weight=weight
        )
    parent.refresh_from_db()
    return parent


def row_of(html: str, task: Task) -> str:
    start = html.index(f'data-task="{task.pk}"')
    return html[start : html.index("</tr>", start)]


def test_the_stored_roll_up_is_the_weighted_mean_of_the_subtasks(parent):
    assert parent.progress == 0 and parent.rollup_progress == pytest.approx(ROLLED_UP)


def test_the_task_list_shows_the_roll_up(client, parent):
    html = client.get(reverse("plans:task_list")).content.decode()
    assert "75,5%" in row_of(html, parent)


def test_the_export_writes_the_roll_up(client, parent):
    response = client.get(reverse("plans:task_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"), newline="")))
    header, *body = rows
    row = next(r for r in body if r[0] == "P1")
    progress = next(i for i, name in enumerate(header) if "(%)" in name)  # "Tiến độ (%)", "Progress (%)"
    assert float(row[progress].replace(",", ".")) == pytest.approx(ROLLED_UP)


def test_the_heads_page_shows_the_roll_up(client, parent):
    html = client.get(reverse("plans:leader_detail", args=[parent.responsible_leader_id])).content.decode()
    assert "75,5%" in row_of(html, parent)


def test_the_task_page_shows_the_roll_up_as_its_progress(client, parent):
    response = client.get(reverse("plans:task_detail", args=[parent.pk]))
    html = response.content.decode()
    start = html.index('data-testid="task-progress"')
    assert "75,5%" in html[start : start + 80]


def test_the_pillar_chart_reads_the_roll_up(parent):
    rows = dict(overview.overview_page()["pillar_rows"])
    assert rows[str(Pillar.DIGITAL_ECONOMY.label)] == pytest.approx(ROLLED_UP)


def test_the_api_gives_the_roll_up(client, parent):
    body = client.get(reverse("api:task-detail", args=[parent.pk])).json()
    assert body["rolled_up_progress"] == ROLLED_UP


def test_the_update_form_on_a_parent_offers_no_progress_and_says_why(head_a, parent):
    form = TaskUpdateForm(task=parent, user=head_a)
    assert "progress" not in form.fields and "status" in form.fields
    html = client_for(head_a).get(reverse("plans:task_update", args=[parent.pk])).content.decode()
    assert 'data-testid="parent-progress"' in html and 'name="progress"' not in html
    leaf = parent.children.first()
    assert "progress" in TaskUpdateForm(task=leaf, user=head_a).fields


def test_my_tasks_offers_no_quick_progress_on_a_parent(head_a, parent):
    html = client_for(head_a).get(reverse("plans:my_tasks")).content.decode()
    assert f'id="quick-progress-{parent.pk}"' not in html
    assert f'id="quick-progress-{parent.children.first().pk}"' in html


def test_a_parent_takes_a_status_and_a_note_but_no_progress(head_a, parent):
    with pytest.raises(ValidationError) as refused:
        services.task_submit_update(
            task=parent, user=head_a, expected_version=parent.version, progress=50, note="Đạt 50%"
        )
    assert "progress" in refused.value.message_dict
    services.task_submit_update(
        task=parent, user=head_a, expected_version=parent.version, status=Status.PAUSED, note="Chờ kinh phí"
    )
    parent.refresh_from_db()
    assert parent.status == Status.PAUSED and parent.rollup_progress == pytest.approx(ROLLED_UP)


def test_a_parent_can_be_completed_without_reporting_progress(head_a, parent):
    response = client_for(head_a).post(
        reverse("plans:task_update", args=[parent.pk]),
        {"version": parent.version, "status": Status.COMPLETED, "note": "Hoàn thành"},
    )
    assert response.status_code == 302
    parent.refresh_from_db()
    assert parent.status == Status.COMPLETED and parent.rollup_progress == pytest.approx(ROLLED_UP)
