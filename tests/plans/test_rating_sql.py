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
from plans.ratings import (
    Rating,
    TaskState,
    Thresholds,
    quarter_start,
    rate_task,
    ratings_by,
    thresholds,
    with_rating,
)
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


# --- The stored rating days (plans/summaries.py) equal the rule on every day -----------------------------------

DAYS = [ON + dt.timedelta(days=d) for d in (-400, -120, -101, -100, -99, -60, -31, -30, -29, -21, -20, -19, -2, -1)] + [
    ON + dt.timedelta(days=d) for d in (0, 1, 2, 3, 4, 9, 10, 11, 29, 30, 31, 32, 40, 41, 60, 61, 92, 400, 701)
]


def _spread_over_units(by_pk: dict[int, dict], groups: int = 37) -> None:
    """Each task to one of `groups` units, so that errors do not cancel out (then the summaries are rebuilt)."""
    from plans import summaries

    pks = sorted(by_pk)
    for n in range(groups):
        Task.objects.filter(pk__in=pks[n::groups]).update(lead_unit=factories.UnitFactory())
    summaries.rebuild()


@pytest.mark.django_db
@pytest.mark.parametrize("limits", [None, Thresholds(behind_points=0, due_soon_days=0, due_soon_progress=100)])
def test_stored_rating_days_rate_every_group_as_the_rule_does_on_every_day(settings, limits):
    from plans.selectors.aggregates import ratings_of

    settings.DXT_REMINDER_STALE_DAYS = STALE
    if limits is not None:
        settings.DXT_RATING_BEHIND_POINTS = limits.behind_points
        settings.DXT_RATING_DUE_SOON_DAYS = limits.due_soon_days
        settings.DXT_RATING_DUE_SOON_PROGRESS = limits.due_soon_progress
    _spread_over_units(_create(list(_specs())))  # bulk-created, around the upkeep: then rebuilt
    seen = set()
    for day in DAYS:
        stored = ratings_of("unit", on=day)
        assert stored == ratings_by("lead_unit_id", on=day), day
        assert ratings_of("plan", on=day) == ratings_by("plan_id", on=day), day
        seen |= {rating for group in stored.values() for rating in group["counts"]}
    assert seen == {Rating.RED, Rating.AMBER, Rating.GREEN}


@pytest.mark.django_db
def test_ratings_are_read_from_the_tasks_until_the_rows_match_the_thresholds(settings):
    from plans import summaries
    from plans.selectors.aggregates import ratings_of

    by_pk = _create(list(_specs())[:300])
    summaries.rebuild()
    before = ratings_of("plan", on=ON)
    settings.DXT_RATING_BEHIND_POINTS = 90  # other thresholds, rows not rebuilt: rated over the tasks
    assert ratings_of("plan", on=ON) == ratings_by("plan_id", on=ON) != before
    summaries.rebuild()
    assert ratings_of("plan", on=ON) == ratings_by("plan_id", on=ON)
    assert len(by_pk) == 300


@hyp_settings(max_examples=300, deadline=None)
@given(spec=task_specs, limits=limits_strategy, day=st.integers(min_value=-450, max_value=450))
def test_a_tasks_stored_rating_day_gives_the_rules_rating_on_any_day(spec, limits, day):
    from plans import summaries

    on = ON + dt.timedelta(days=day)
    start, due = _offset(spec["start"]), _offset(spec["due"])
    state = summaries.State(
        pk=1, plan_id=1, parent_id=None, lead_unit_id=1, responsible_leader_id=None, pillar="p", field="f",
        status=spec["status"], due_date=due, completed_on=None, weight=1, progress=spec["progress"],
        rollup_progress=spec["progress"], last_update_at=spec["at"], start_date=start, created_at=spec["at"],
    )  # fmt: skip
    stored = summaries.rating_bucket(state, limits)
    if stored is None:
        implied = None if spec["status"] == Status.CANCELLED else Rating.GREEN
    elif due is not None and due < on:
        implied = Rating.RED
    else:
        implied = Rating.AMBER if stored[1] <= on else Rating.GREEN
    seen = timezone.localdate(spec["at"])
    rule = rate_task(
        TaskState(spec["status"], spec["progress"], start, due, None, min(seen, on)),
        on=on,
        period_start=quarter_start(on),
        limits=limits,
    )
    assert implied == rule
