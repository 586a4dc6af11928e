"""Roll-up: a parent's and a plan's progress is the weighted mean of its direct children's."""

from decimal import Decimal

import pytest

from plans.models import Status
from plans.rollup import TaskRow, rollup
from tests import factories


def row(pk, parent=None, progress=0, weight=1, status="in_progress"):
    return TaskRow(pk, parent, progress, Decimal(weight), status)


def test_weighted_mean_of_direct_children():
    result = rollup([row(1), row(2, 1, 100, weight=3), row(3, 1, 0, weight=1)])
    assert result.task_progress[1] == pytest.approx(75)
    assert result.plan_progress == pytest.approx(75)


def test_nested_children_roll_up_through_their_parent():
    rows = [row(1), row(2, 1, weight=1), row(3, 2, 100), row(4, 2, 50), row(5, 1, 0, weight=1)]
    result = rollup(rows)
    assert result.task_progress[2] == pytest.approx(75)
    assert result.task_progress[1] == pytest.approx(37.5)


def test_plan_is_weighted_over_top_level_tasks_only():
    rows = [row(1, progress=100, weight=1), row(2, progress=0, weight=3), row(3, 2, 40)]
    assert rollup(rows).plan_progress == pytest.approx((100 * 1 + 40 * 3) / 4)


def test_empty_plan_has_no_progress():
    assert rollup([]).plan_progress is None


def test_leaf_uses_its_own_progress():
    assert rollup([row(1, progress=42)]).task_progress[1] == 42


def test_cancelled_children_do_not_count():
    rows = [row(1), row(2, 1, 100), row(3, 1, 0, status="cancelled")]
    assert rollup(rows).task_progress[1] == pytest.approx(100)


def test_parent_with_only_cancelled_children_keeps_its_own_progress():
    rows = [row(1, progress=30), row(2, 1, 100, status="cancelled")]
    assert rollup(rows).task_progress[1] == 30


@pytest.mark.django_db
def test_model_methods_use_the_roll_up(django_assert_num_queries):
    parent = factories.TaskFactory(progress=0)
    factories.TaskFactory(plan=parent.plan, parent=parent, progress=100, weight=3)
    factories.TaskFactory(plan=parent.plan, parent=parent, progress=0, weight=1, status=Status.NOT_STARTED)
    factories.TaskFactory(plan=parent.plan, progress=25)
    parent.refresh_from_db()  # the roll-up is stored on the parent when its children are saved
    assert parent.rolled_up_progress() == pytest.approx(75)
    plan = parent.plan
    with django_assert_num_queries(1):
        assert plan.rolled_up_progress() == pytest.approx(50)
