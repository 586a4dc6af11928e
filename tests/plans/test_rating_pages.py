"""Ratings on the progress pages: units, heads, pillars, plans and goals rated from their tasks, in colour and
text, with the link to how ratings work; the task list filters by rating (the page and the API)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Leader, Pillar, Status
from plans.ratings import Rating, Thresholds, rate_goal
from tests import factories

TODAY = timezone.localdate()
HELP = reverse("plans:ratings_help")


def red(**kw):
    """Overdue: red."""
    return factories.TaskFactory(due_date=TODAY - dt.timedelta(days=1), start_date=TODAY - dt.timedelta(days=90), **kw)


def amber(**kw):
    """Half its time gone, nothing done (50 points behind): amber."""
    window = {"start_date": TODAY - dt.timedelta(days=50), "due_date": TODAY + dt.timedelta(days=50)}
    return factories.TaskFactory(progress=0, **window, **kw)


def green(**kw):
    """Completed on time: green."""
    return factories.TaskFactory(
        status=Status.COMPLETED, progress=100, completed_on=TODAY - dt.timedelta(days=2),
        start_date=TODAY - dt.timedelta(days=90), due_date=TODAY + dt.timedelta(days=10), **kw,
    )  # fmt: skip


@pytest.fixture
def rated(db):
    """Three units: one red task of five (20 %: red), one amber of five (20 %: amber), five green; each unit has
    its head answering for its tasks and its own plan, and the red unit's tasks are all in one pillar."""
    result = {}
    for name, first in (("red", red), ("amber", amber), ("green", green)):
        unit = factories.UnitFactory(name=f"Sở {name}")
        head = factories.LeaderFactory(unit=unit, role=Leader.Role.HEAD)
        plan = factories.PlanFactory(title=f"Kế hoạch {name}", owner=unit)
        pillar = Pillar.DIGITAL_ECONOMY if name == "red" else Pillar.DIGITAL_SOCIETY
        common = {"lead_unit": unit, "responsible_leader": head, "plan": plan, "pillar": pillar}
        tasks = [first(**common)] + [green(**common) for _ in range(4)]
        result[name] = {"unit": unit, "head": head, "plan": plan, "tasks": tasks}
    return result


def row_of(html: str, attr: str, pk: int) -> str:
    found = re.search(rf'<tr [^>]*data-{attr}="{pk}"[^>]*>(.*?)</tr>', html, re.S)
    assert found, html
    return found.group(1)


BADGE = {
    "red": '<span class="badge rating-red text-bg-danger">Đỏ</span>',
    "amber": '<span class="badge rating-amber text-bg-warning">Vàng</span>',
    "green": '<span class="badge rating-green text-bg-success">Xanh</span>',
}


def test_units_page_rates_each_unit_from_its_tasks_in_colour_and_text(client, rated):
    html = client.get(reverse("plans:unit_list")).content.decode()
    for name, data in rated.items():
        assert BADGE[name] in row_of(html, "unit", data["unit"].pk)
    assert f'href="{HELP}"' in html


def test_heads_page_rates_each_head(client, rated):
    html = client.get(reverse("plans:leader_list")).content.decode()
    for name, data in rated.items():
        assert BADGE[name] in row_of(html, "leader", data["head"].pk)


def test_plans_page_rates_each_plan(client, rated):
    html = client.get(reverse("plans:plan_list")).content.decode()
    for name, data in rated.items():
        assert BADGE[name] in row_of(html, "plan", data["plan"].pk)


@pytest.mark.parametrize("page", ["unit_detail", "leader_detail", "plan_detail"])
def test_a_unit_head_or_plan_page_shows_its_rating_with_its_counts_and_the_help_link(client, rated, page):
    key = {"unit_detail": "unit", "leader_detail": "head", "plan_detail": "plan"}[page]
    html = client.get(reverse(f"plans:{page}", args=[rated["red"][key].pk])).content.decode()
    shown = re.search(r'<span data-testid="group-rating" data-rating="(\w+)">(.*?)</a></span>', html, re.S)
    assert shown and shown.group(1) == "red"
    assert BADGE["red"] in shown.group(2)
    assert "1 đỏ, 0 vàng, 4 xanh trên 5 nhiệm vụ được đánh giá" in shown.group(2)
    assert f'href="{HELP}"' in shown.group(2)


def test_a_unit_with_no_rated_task_says_so_in_words(client, db):
    unit = factories.UnitFactory()
    factories.TaskFactory(lead_unit=unit, status=Status.CANCELLED)
    html = client.get(reverse("plans:unit_detail", args=[unit.pk])).content.decode()
    assert "Chưa đánh giá (không có nhiệm vụ được đánh giá)." in html


def test_overview_rates_pillars_units_and_goals(client, rated):
    met = factories.GoalFactory(plan=rated["red"]["plan"], target_value=Decimal(10), current_value=Decimal(12))
    behind = factories.GoalFactory(plan=rated["red"]["plan"], target_value=Decimal(10), current_value=Decimal(5))
    html = client.get(reverse("plans:overview")).content.decode()
    pillars = re.search(r'data-testid="pillar-ratings">(.*?)</table>', html, re.S).group(1)
    economy = re.search(r"Kinh tế số</th><td>(.*?)</td>", pillars, re.S).group(1)
    society = re.search(r"Xã hội số</th><td>(.*?)</td>", pillars, re.S).group(1)
    assert BADGE["red"] in economy and "1 đỏ, 0 vàng, 4 xanh" in economy  # the red unit's five tasks
    assert BADGE["green"] in society and "0 đỏ, 1 vàng, 9 xanh" in society  # 1 of 10 amber: 10 % < 20 %
    assert BADGE["amber"] in row_of(html, "unit", rated["amber"]["unit"].pk)
    goals = re.search(r'data-testid="goals">(.*?)</table>', html, re.S).group(1)
    assert goals.index(met.statement) < goals.index(BADGE["green"]) < goals.index(behind.statement)
    # Not met, deadline open: its plan's tasks' rating (red).
    assert goals.index(behind.statement) < goals.rindex(BADGE["red"])
    assert f'href="{HELP}"' in html


def test_goal_rating_rule():
    on, limits = dt.date(2026, 9, 30), Thresholds()

    def rate(met, deadline=None, tasks=None):
        return rate_goal(met=met, deadline=deadline, tasks_rating=tasks, on=on, limits=limits)

    assert rate(True, deadline=on - dt.timedelta(days=400), tasks=Rating.RED) == Rating.GREEN  # met wins
    assert rate(False, deadline=on - dt.timedelta(days=1), tasks=Rating.GREEN) == Rating.RED  # missed
    assert rate(False, deadline=on, tasks=Rating.AMBER) == Rating.AMBER  # due today: its tasks decide
    assert rate(None, deadline=on + dt.timedelta(days=100), tasks=Rating.RED) == Rating.RED
    # No rated task: value against target and deadline.
    assert rate(False, deadline=on + dt.timedelta(days=30)) == Rating.AMBER
    assert rate(False, deadline=on + dt.timedelta(days=31)) == Rating.GREEN
    assert rate(False) == Rating.GREEN
    assert rate(None, deadline=on + dt.timedelta(days=5)) is None


def test_task_list_filters_by_rating_and_refuses_a_bad_one(client, rated):
    def codes(query):
        html = client.get(reverse("plans:task_list") + query).content.decode()
        return set(re.findall(r'data-task="(\d+)"', html))

    assert codes("?rating=red") == {str(rated["red"]["tasks"][0].pk)}
    assert codes("?rating=amber") == {str(rated["amber"]["tasks"][0].pk)}
    assert len(codes("?rating=green")) == 13
    response = client.get(reverse("plans:task_list") + "?rating=purple")
    assert response.status_code == 200 and "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


def test_task_export_filters_by_rating(client, rated):
    response = client.get(reverse("plans:task_export", args=["csv"]) + "?rating=red")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and rated["red"]["tasks"][0].code in lines[1] and "Đỏ" in lines[1]


def test_api_task_list_filters_by_rating(client, rated):
    body = client.get("/api/v1/tasks/", {"rating": "amber"}).json()
    assert [row["id"] for row in body["results"]] == [rated["amber"]["tasks"][0].pk]
    assert client.get("/api/v1/tasks/", {"rating": "purple"}).status_code == 400


def test_ratings_help_is_public_and_shows_every_rule_with_the_thresholds(client, db, settings):
    settings.DXT_RATING_BEHIND_POINTS = 12
    settings.DXT_RATING_DUE_SOON_DAYS = 45
    html = client.get(HELP).content.decode()
    assert "quá 12 điểm" in html
    assert 'data-testid="goal-rules"' in html and "trong vòng 45 ngày" in html
    for badge in BADGE.values():
        assert badge in html
