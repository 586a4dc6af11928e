"""Aggregates over every task, cached under the task table's version.

Progress roll-ups read the plain task rows of every plan in one query and roll each plan up in Python
(`plans.rollup`). Those aggregates over every task (and the staleness figures over every update) are what
grows with the data, so their small results are cached under the task table's version, read in one aggregate
query (`task_table_version`, `cached_on_tasks`): a page pays for them again only after a task changed. Lists of
rows (tasks, updates, goals) are never cached.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, Max, Sum

from plans.models import Status, Task
from plans.rollup import TaskRow, rollup, weighted_mean

T = TypeVar("T")
CACHE_SECONDS = 600


def _task_fingerprint() -> tuple:
    """One aggregate query that changes whenever a task is added, removed or saved, or its state is updated.

    Task.save() (admin, services) moves `updated_at`; a state change, even through QuerySet.update(), bumps
    `version`; the sums catch a deleted-and-replaced task and a moved parent.
    """
    agg = Task.objects.order_by().aggregate(
        n=Count("pk"),
        pk_sum=Sum("pk"),
        parent_sum=Sum("parent_id"),
        progress_sum=Sum("progress"),
        version_sum=Sum("version"),
        updated=Max("updated_at"),
    )
    return tuple(str(agg[k]) for k in sorted(agg))


def task_table_version() -> str:
    """One query: a short hash of the task table's fingerprint, the key of every cached aggregate."""
    return hashlib.sha256("|".join(_task_fingerprint()).encode()).hexdigest()[:32]


def cached_on_tasks(name: str, compute: Callable[[], T], *, version: str, on: dt.date | None = None) -> T:
    """`compute()`, cached under the task table's version (and the day, for what depends on today).

    Aggregates over every task (counts by class, roll-ups, staleness) are the part of a page whose cost grows
    with the data; this keeps them until a task changes. Every state change goes through an update that bumps the
    task's version in the same transaction as the TaskUpdate, and admin edits save `updated_at`, so the version
    moves; the entries also expire after CACHE_SECONDS, so even a change the fingerprint misses (a bulk
    QuerySet.update() of other columns) is seen within minutes.
    """
    # The values are pickled dataclasses: the key names the module layout they were pickled from ("s2": the
    # selectors package), so that entries left by an older layout are never read back.
    key = f"dxt:s2:{name}:{on.isoformat() if on else '-'}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


@dataclass
class ProgressSummary:
    plans: dict[int, float | None]
    overall: float | None
    pillars: dict[str, float | None]
    fields: dict[str, float | None]


def compute_progress_summary() -> ProgressSummary:
    """One query (every task's plain row), then the roll-up of each plan in Python.

    A pillar's or field's progress is the weighted mean of the rolled-up progress of its top-level tasks,
    as the plan's is; the overall progress is the same mean over every plan's top-level tasks.
    """
    by_plan: dict[int, list[TaskRow]] = defaultdict(list)
    meta: dict[int, tuple[str, str]] = {}
    for plan_id, pk, parent_id, progress, weight, status, pillar, fld in Task.objects.order_by().values_list(
        "plan_id", "pk", "parent_id", "progress", "weight", "status", "pillar", "field"
    ):
        by_plan[plan_id].append(TaskRow(pk, parent_id, progress, float(weight), status))
        meta[pk] = (pillar, fld)
    plans: dict[int, float | None] = {}
    top: list[tuple[TaskRow, float]] = []
    for plan_id, rows in by_plan.items():
        result = rollup(rows)
        plans[plan_id] = result.plan_progress
        top.extend(_top_level_progress(rows, result.task_progress))
    pillars: dict[str, list] = defaultdict(list)
    fields: dict[str, list] = defaultdict(list)
    for row, progress in top:
        pillar, fld = meta[row.pk]
        pillars[pillar].append((progress, row.weight))
        fields[fld].append((progress, row.weight))
    return ProgressSummary(
        plans=plans,
        overall=weighted_mean([(p, r.weight) for r, p in top]),
        pillars={k: weighted_mean(v) for k, v in pillars.items()},
        fields={k: weighted_mean(v) for k, v in fields.items()},
    )


def _top_level_progress(rows: list[TaskRow], progress: dict[int, float]) -> list[tuple[TaskRow, float]]:
    """The plan's top-level tasks that count (not cancelled), each with its rolled-up progress."""
    pks = {r.pk for r in rows}
    return [
        (r, progress[r.pk])
        for r in rows
        if r.status != Status.CANCELLED and (r.parent_id is None or r.parent_id not in pks)
    ]


def progress_summary(*, version: str | None = None) -> ProgressSummary:
    """The roll-up summary: one query (the version) when cached, two when it must be recomputed."""
    return cached_on_tasks("progress-summary", compute_progress_summary, version=version or task_table_version())
