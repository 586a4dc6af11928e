"""The task rating's SQL twin (`plans.ratings.with_rating`) equals the Python rule (`rate_task`) on every task: a
seeded table of every edge of the rule, and random tasks from hypothesis; on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from plans.models import Status, Task, TaskUpdate
from plans.ratings import Rating, TaskState, Thresholds, quarter_start, rate_task, thresholds, with_rating
from tests import factories

ON = dt.date(2026, 9, 30)
PERIOD_START = quarter_start(ON)  # 2026-07-01
STALE = 30


def local(day: dt.date, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute, second)))


# Activity times around the staleness edge, Asia/Ho_Chi_Minh: the last second of the day `stale days` before ON
# (stale), the first second of the day after (not stale), and the start of ON itself.
ACTIVITY = [
    local(ON - dt.timedelta(days=STALE), 23, 59, 59),
    local(ON - dt.timedelta(days=STALE - 1)),
    local(ON),
    local(ON + dt.timedelta(days=3)),  # recorded after ON: judged as ON
]
# (start, due) as offsets from ON: not started yet, started, due yesterday/today, the 80-day window where 20 days
# elapsed means 25 % expected (progress 10 is exactly 15 points behind), due within 30 days and just after.
WINDOWS = [
    (None, None),
    (None, 10),
    (-20, None),
    (5, None),
    (5, 40),
    (-20, 60),
    (-20, 30),
    (-20, 31),
    (-100, -1),
    (-100, 0),
    (0, 0),
    (0, 30),
    (-1, 1),
    (-365, 700),
]
PROGRESS = [0, 9, 10, 11, 79, 80, 84, 85, 86, 100]
COMPLETED_ON = [PERIOD_START - dt.timedelta(days=1), PERIOD_START, ON - dt.timedelta(days=1), ON, None]


def _offset(days):
    return None if days is None else ON + dt.timedelta(days=days)


def _specs():
    """Every combination: open statuses × progress × windows × activity, and completed tasks at each completion
    day (on time and late, before and within the period), and cancelled ones."""
    for status, progress, (start, due), activity, update in itertools.product(
        (Status.NOT_STARTED, Status.IN_PROGRESS, Status.PAUSED), PROGRESS, WINDOWS, ACTIVITY, (True, False)
    ):
        yield {"status": status, "progress": progress, "start": start, "due": due, "at": activity, "update": update}
    for (start, due), done, activity in itertools.product(WINDOWS, COMPLETED_ON[:-1], ACTIVITY[:2]):
        if start is None or _offset(start) <= done:
            yield {
                "status": Status.COMPLETED,
                "progress": 100,
                "start": start,
                "due": due,
                "done": done,
                "at": activity,
            }
    for (start, due), activity in itertools.product(WINDOWS, ACTIVITY[:2]):
        yield {"status": Status.CANCELLED, "progress": 40, "start": start, "due": due, "at": activity}


def _create(specs) -> dict[int, dict]:
    plan, unit = factories.PlanFactory(), factories.UnitFactory()
    tasks = [
        Task(
            plan=plan,
            lead_unit=unit,
            code=f"R{n:05d}",
            title=f"Nhiệm vụ {n}",
            pillar="government",
            field="e_government",
            status=spec["status"],
            progress=spec["progress"],
            start_date=_offset(spec["start"]),
            due_date=_offset(spec["due"]),
            completed_on=spec.get("done"),
        )
        for n, spec in enumerate(specs)
    ]
    Task.objects.bulk_create(tasks)
    by_pk = {}
    updates = []
    for task, spec in zip(tasks, specs, strict=True):
        by_pk[task.pk] = spec
        if spec.get("update", True):
            # An older update too: the latest one counts.
            updates.append(
                TaskUpdate(task=task, created_at=spec["at"] - dt.timedelta(days=90), status=spec["status"], progress=0)
            )
            updates.append(
                TaskUpdate(task=task, created_at=spec["at"], status=spec["status"], progress=spec["progress"])
            )
    TaskUpdate.objects.bulk_create(updates)
    for task, spec in zip(tasks, specs, strict=True):
        if not spec.get("update", True):
            Task.objects.filter(pk=task.pk).update(created_at=spec["at"])
    return by_pk


def _python_rating(task: Task, spec: dict, limits: Thresholds) -> str | None:
    seen = timezone.localdate(spec["at"])
    state = TaskState(task.status, task.progress, task.start_date, task.due_date, task.completed_on, min(seen, ON))
    return rate_task(state, on=ON, period_start=PERIOD_START, limits=limits)


def _disagreements(by_pk: dict[int, dict], limits: Thresholds) -> list:
    wrong = []
    for task in with_rating(Task.objects.filter(pk__in=by_pk), on=ON, period_start=PERIOD_START, limits=limits):
        expected = _python_rating(task, by_pk[task.pk], limits)
        if task.rating != expected:
            wrong.append((by_pk[task.pk], expected, task.rating))
    return wrong


def _check_every_edge(settings):
    settings.DXT_REMINDER_STALE_DAYS = STALE
    limits = thresholds()
    assert limits.stale_days == STALE
    specs = list(_specs())
    by_pk = _create(specs)
    assert _disagreements(by_pk, limits) == []
    # The table reaches every rating, and every reason for amber.
    found = {_python_rating(t, by_pk[t.pk], limits) for t in Task.objects.filter(pk__in=by_pk)}
    assert found == {Rating.RED, Rating.AMBER, Rating.GREEN, None}
    # Other thresholds: the SQL follows them too.
    other = Thresholds(behind_points=0, due_soon_days=0, due_soon_progress=100, stale_days=1)
    assert _disagreements(by_pk, other) == []


@pytest.mark.django_db
def test_sql_rating_equals_python_rating_at_every_edge(settings):
    # .ci/run runs the suite on SQLite and again on PostgreSQL, so both backends' SQL is held to the rule.
    _check_every_edge(settings)


day_offsets = st.one_of(st.none(), st.integers(min_value=-400, max_value=400))
task_specs = st.builds(
    dict,
    status=st.sampled_from([Status.NOT_STARTED, Status.IN_PROGRESS, Status.PAUSED, Status.CANCELLED]),
    progress=st.integers(min_value=0, max_value=100),
    start=day_offsets,
    due=day_offsets,
    at=st.datetimes(min_value=dt.datetime(2026, 6, 1), max_value=dt.datetime(2026, 10, 5)).map(timezone.make_aware),
    update=st.booleans(),
)
limits_strategy = st.builds(
    Thresholds,
    behind_points=st.integers(min_value=0, max_value=100),
    due_soon_days=st.integers(min_value=0, max_value=90),
    due_soon_progress=st.integers(min_value=0, max_value=100),
    stale_days=st.integers(min_value=0, max_value=120),
    red_share=st.just(20),
    amber_share=st.just(20),
)


@pytest.mark.django_db
@hyp_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(task_specs, min_size=1, max_size=15), limits=limits_strategy)
def test_sql_rating_equals_python_rating_on_random_tasks(specs, limits):
    for spec in specs:
        if spec["start"] is not None and spec["due"] is not None and spec["due"] < spec["start"]:
            spec["start"], spec["due"] = spec["due"], spec["start"]
    with transaction.atomic():
        by_pk = _create(specs)
        assert _disagreements(by_pk, limits) == []
        transaction.set_rollback(True)
