"""Progress roll-up: a parent's progress is the weighted mean of its direct children's.

Pure computation over plain rows, so a page can roll up a whole plan (or every plan) from one query.
Cancelled tasks are left out: they no longer count towards anything. A parent whose children are all
cancelled falls back to its own progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from plans.models import Status


class TaskRow(NamedTuple):
    pk: int
    parent_id: int | None
    progress: int
    weight: Decimal | float
    status: str


@dataclass
class Rollup:
    task_progress: dict[int, float]
    plan_progress: float | None  # None: the plan has no countable task


def weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    """The mean of the progress values weighted by the weights: (progress, weight) pairs; None when there is
    nothing to weigh. The one definition for a parent task, a plan, a pillar, a field and the whole programme."""
    total = sum(w for _, w in pairs)
    if not pairs or total <= 0:
        return None
    return sum(p * w for p, w in pairs) / total


def rollup(rows: list[TaskRow]) -> Rollup:
    """Roll progress up the task tree of one plan; rows are every task of that plan."""
    by_pk = {r.pk: r for r in rows}
    children: dict[int | None, list[TaskRow]] = {}
    for r in rows:
        parent = r.parent_id if r.parent_id in by_pk else None
        children.setdefault(parent, []).append(r)

    result: dict[int, float] = {}

    def progress_of(row: TaskRow, seen: frozenset[int]) -> float:
        if row.pk in result:
            return result[row.pk]
        kids = [k for k in children.get(row.pk, []) if k.status != Status.CANCELLED and k.pk not in seen]
        mean = weighted_mean([(progress_of(k, seen | {row.pk}), float(k.weight)) for k in kids])
        value = float(row.progress) if mean is None else mean
        result[row.pk] = value
        return value

    # Depth-first from the roots; the `seen` guard stops a corrupt cycle from recursing forever.
    for r in rows:
        progress_of(r, frozenset())

    top = [r for r in children.get(None, []) if r.status != Status.CANCELLED]
    plan = weighted_mean([(result[r.pk], float(r.weight)) for r in top])
    return Rollup(task_progress=result, plan_progress=plan)
