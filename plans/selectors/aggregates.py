"""Reads of the summaries kept on write (plans/summaries.py): counts by timeliness, roll-up progress, completions
per month, staleness. Each is one query over the small summary rows, whatever the number of tasks, and nothing
is cached: a page reads the figures as the last write left them.

Open tasks with a deadline are stored by due date; the split into on track and overdue is made here, with
`day < today`, so that a task turns overdue at midnight without any job having run.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, CharField, F, Q, Sum, Value, When
from django.utils import timezone

from plans.models import TaskCount, Timeliness, Unit, stale_cutoff
from plans.numbers import share
from plans.selectors.common import TimelinessCounts, today
from plans.summaries import MONTH, OPEN, OPEN_UPDATED, ROLLUP

CLASS_BUCKETS = [OPEN, *(c for c in Timeliness.values if c not in (Timeliness.ON_TRACK, Timeliness.OVERDUE))]


def _timeliness(on: dt.date) -> Case:
    return Case(
        When(bucket=OPEN, day__lt=on, then=Value(Timeliness.OVERDUE.value)),
        When(bucket=OPEN, then=Value(Timeliness.ON_TRACK.value)),
        default=F("bucket"),
        output_field=CharField(),
    )


def _keys(keys: Iterable | None) -> Q:
    return Q() if keys is None else Q(key__in=[str(k) for k in keys])


@dataclass
class CountsBy:
    counts: dict
    due_soon: int  # open tasks due from today to 30 days on, over the groups read


def counts_by(scope: str, keys: Iterable | None = None, *, on: dt.date | None = None) -> CountsBy:
    """One query: tasks counted by timeliness class per group of `scope` ("unit", "leader" and "plan" keyed by
    id, "pillar" and "field" by value); only `keys` when given. Every task has one unit, plan, pillar and
    field, so the groups of one of those scopes together hold every task once."""
    on = on or today()
    soon = Q(bucket=OPEN, day__gte=on, day__lte=on + dt.timedelta(days=30))
    rows = (
        TaskCount.objects.filter(_keys(keys), scope=scope, bucket__in=CLASS_BUCKETS)
        .annotate(cls=_timeliness(on))
        .values("key", "cls")
        .annotate(total=Sum("n"), soon=Sum("n", filter=soon))
        .order_by()
    )
    as_id = scope in ("unit", "leader", "plan")
    result: dict = defaultdict(TimelinessCounts)
    due_soon = 0
    for r in rows:
        if r["total"]:
            counts = result[int(r["key"]) if as_id else r["key"]].counts
            counts[r["cls"]] = counts.get(r["cls"], 0) + r["total"]
        due_soon += r["soon"] or 0
    return CountsBy(counts=dict(result), due_soon=due_soon)


def counts_of(scope: str, key, *, on: dt.date | None = None) -> TimelinessCounts:
    """One query: one group's tasks counted by timeliness class."""
    return counts_by(scope, [key], on=on).counts.get(key, TimelinessCounts())


def rollup_progress(scope: str, keys: Iterable | None = None) -> dict:
    """One query: the weighted mean of the top-level tasks' roll-ups per group (None when nothing counts)."""
    rows = TaskCount.objects.filter(_keys(keys), scope=scope, bucket=ROLLUP).values_list(
        "key", "weight", "weighted_progress"
    )
    as_id = scope == "plan"
    return {(int(k) if as_id else k): (p / float(w) if w > 0 else None) for k, w, p in rows}


def plan_progress(plan_ids: Iterable[int] | None = None) -> dict[int, float | None]:
    return rollup_progress("plan", plan_ids)


@dataclass
class ProgressSummary:
    plans: dict[int, float | None]
    overall: float | None
    pillars: dict[str, float | None]
    fields: dict[str, float | None]


def progress_summary() -> ProgressSummary:
    """One query: the roll-up of every plan, pillar and field, and of the whole programme (the same weighted mean
    over every top-level task: the pillars' rows together)."""
    by_scope: dict[str, dict] = defaultdict(dict)
    weight, weighted = 0.0, 0.0
    for scope, key, w, p in TaskCount.objects.filter(scope__in=("plan", "pillar", "field"), bucket=ROLLUP).values_list(
        "scope", "key", "weight", "weighted_progress"
    ):
        by_scope[scope][int(key) if scope == "plan" else key] = p / float(w) if w > 0 else None
        if scope == "pillar":
            weight, weighted = weight + float(w), weighted + p
    return ProgressSummary(
        plans=by_scope["plan"],
        overall=weighted / weight if weight > 0 else None,
        pillars=by_scope["pillar"],
        fields=by_scope["field"],
    )


def completions_by_month(*, months: int = 24, on: dt.date | None = None) -> list[tuple[dt.date, int, int]]:
    """One query: tasks completed per month over the last `months` months, on time (or without a deadline) and late."""
    on = on or today()
    start = (on.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    rows = (
        TaskCount.objects.filter(scope=MONTH, key__gte=f"{start:%Y-%m}", key__lte=f"{on:%Y-%m}", n__gt=0)
        .values("key")
        .annotate(
            on_time=Sum("n", filter=Q(bucket=Timeliness.DONE_ON_TIME)),
            late=Sum("n", filter=Q(bucket=Timeliness.DONE_LATE)),
        )
        .order_by("key")
    )
    found = {dt.date(int(r["key"][:4]), int(r["key"][5:7]), 1): (r["on_time"] or 0, r["late"] or 0) for r in rows}
    return [(month, *found.get(month, (0, 0))) for month in month_range(min(found, default=None), on)]


def month_range(first: dt.date | None, on: dt.date) -> list[dt.date]:
    """Every month's first day from `first` through `on`'s month: a month without a completion is a row of zeros
    in the chart and its table, not a missing bar. Empty when nothing was ever completed."""
    if first is None:
        return []
    months, month, last = [], first, on.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


@dataclass
class Staleness:
    last_update: dt.datetime | None = None
    open_tasks: int = 0
    open_recent: int = 0
    days_since: int | None = None

    @property
    def recent_share(self) -> float | None:
        return share(self.open_recent, self.open_tasks)


def unit_staleness(*, unit_ids: list[int] | None = None, now: dt.datetime | None = None) -> dict[int, Staleness]:
    """Two queries: per unit, its latest update (stored on the unit), and how many of its open tasks were last
    updated on a day within the stale days (`plans.models.stale_days`)."""
    now = now or timezone.now()
    cutoff = timezone.localdate(stale_cutoff(now))
    result: dict[int, Staleness] = defaultdict(Staleness)
    units = Unit.objects.filter(last_update_at__isnull=False)
    counts = TaskCount.objects.filter(scope="unit", bucket=OPEN_UPDATED)
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
        counts = counts.filter(_keys(unit_ids))
    for pk, last in units.values_list("pk", "last_update_at"):
        s = result[pk]
        s.last_update = last
        s.days_since = (timezone.localdate(now) - timezone.localdate(last)).days
    for r in counts.values("key").annotate(total=Sum("n"), recent=Sum("n", filter=Q(day__gte=cutoff))).order_by():
        if r["total"]:
            s = result[int(r["key"])]
            s.open_tasks, s.open_recent = r["total"], r["recent"] or 0
    return result
