"""Reads of the summaries kept on write (plans/summaries.py): counts by timeliness, roll-up progress, completions
per month, staleness. Each is one query over the small summary rows, whatever the number of tasks, and nothing
is cached: a page reads the figures as the last write left them.

Open tasks with a deadline are stored by due date; the split into on track and overdue is made here, with
`day < today`, so that a task turns overdue at midnight without any job having run.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone

from plans import ratings
from plans.models import Task, TaskCount, Timeliness, Unit, stale_cutoff
from plans.numbers import share
from plans.selectors.common import TimelinessCounts, today
from plans.summaries import LATE, MONTH, OPEN, OPEN_N, OPEN_UPDATED, OPEN_UPDATED_N, ROLLUP, rating_marker

logger = logging.getLogger(__name__)

OVERDUE, ON_TRACK = Timeliness.OVERDUE.value, Timeliness.ON_TRACK.value
# The classes that do not depend on today: undated rows.
UNDATED_CLASSES = [c for c in Timeliness.values if c not in (Timeliness.ON_TRACK, Timeliness.OVERDUE)]


def _keys(keys: Iterable | None) -> Q:
    return Q() if keys is None else Q(key__in=[str(k) for k in keys])


@dataclass
class CountsBy:
    counts: dict
    due_soon: int  # open tasks due from today to 30 days on, over the groups read
    ratings: dict = field(default_factory=dict)  # `ratings_of`'s shape, when asked for


# The task column each scope groups by, for the ratings' fallback over the tasks.
SCOPE_COLUMNS = {
    "unit": "lead_unit_id",
    "leader": "responsible_leader_id",
    "plan": "plan_id",
    "pillar": "pillar",
    "field": "field",
}


def counts_by(scope: str, keys: Iterable | None = None, *, on: dt.date | None = None, rated: bool = False) -> CountsBy:
    """One query: tasks counted by timeliness class per group of `scope` ("unit", "leader" and "plan" keyed by
    id, "pillar" and "field" by value); only `keys` when given. Every task has one unit, plan, pillar and
    field, so the groups of one of those scopes together hold every task once. With `rated`, the same query
    rates each group too (`ratings_of`).

    It reads the undated rows and only the days it compares: the open tasks' due days up to 30 days on (overdue:
    before today; due soon: from today on), and for the ratings the amber days up to today and the late
    completions of the quarter; the days before the last nightly rebuild are one row per group
    (`summaries.compacted`)."""
    on = on or today()
    limits = ratings.thresholds()
    meta, marker_key, current, _day = rating_marker(limits)
    # `day__isnull`: what those rows are (plans.summaries), said so that the undated rows' own index serves a
    # query for some groups.
    days = Q(bucket__in=[*UNDATED_CLASSES, OPEN_N], day__isnull=True) | Q(
        bucket=OPEN, day__lte=on + dt.timedelta(days=30)
    )
    sums = {
        **{cls: Sum("n", filter=Q(bucket=cls)) for cls in UNDATED_CLASSES},
        "open_n": Sum("n", filter=Q(bucket=OPEN_N)),
        "overdue": Sum("n", filter=Q(bucket=OPEN, day__lt=on)),
        "soon": Sum("n", filter=Q(bucket=OPEN, day__gte=on)),
    }
    if rated:  # the ratings' days and sums only when asked for: a list of every group reads and sums less
        days |= Q(bucket=current, day__lte=on) | Q(bucket=LATE, day__gte=ratings.quarter_start(on))
        sums.update(
            late=Sum("n", filter=Q(bucket=LATE)),
            amber_or_red=Sum("n", filter=Q(bucket=current)),  # amber or red from that day
            marker=Max("bucket"),
        )
    wanted = Q(_keys(keys), days, scope=scope)
    rows = (
        TaskCount.objects.filter(wanted | Q(scope=meta, key=marker_key) if rated else wanted)
        .values("scope", "key")
        .annotate(**sums)
        .order_by()
    )
    as_id = scope in ("unit", "leader", "plan")
    result = CountsBy(counts={}, due_soon=0)
    built_with_current = False
    at, found = plain_rows(rows)
    scope_at, key_at = at["scope"], at["key"]
    undated = [(cls, at[cls]) for cls in UNDATED_CLASSES]
    for row in found:
        if row[scope_at] == meta:
            built_with_current = row[at["marker"]] == current
        else:
            key = int(row[key_at]) if as_id else row[key_at]
            _add_group(result, key, row, at, undated, limits if rated else None)
    if rated and not built_with_current:
        result.ratings = _ratings_over_tasks(scope, keys, on=on)
    return result


def plain_rows(values: QuerySet) -> tuple[dict[str, int], list[tuple]]:
    """The rows of a `values()` aggregate as the database returns them, as tuples, with each name's position:
    without the ORM's converters and a dictionary per row. A list of every unit or head reads thousands of rows
    of sums that are integers already, and converting each value again costs as much as the query (measured at
    200,000 tasks: 36 ms against 20 ms)."""
    query = values.query
    names = [*query.values_select, *query.annotation_select]
    sql, params = query.get_compiler(values.db).as_sql()
    with connections[values.db].cursor() as cursor:
        cursor.execute(sql, params)
        return {name: at for at, name in enumerate(names)}, cursor.fetchall()


def _add_group(
    result: CountsBy,
    key,
    row: tuple,
    at: dict[str, int],
    undated: list[tuple[str, int]],
    limits: ratings.Thresholds | None,
) -> None:
    """One group's counts from its row of `counts_by`'s query (`at`: each column's position; `undated`: the undated
    classes' positions); its rating too, given the thresholds."""
    overdue = row[at["overdue"]] or 0
    counts = {cls: row[i] for cls, i in undated if row[i]}  # a sum over no row is NULL
    if overdue:
        counts[OVERDUE] = overdue
    if on_track := (row[at["open_n"]] or 0) - overdue:
        counts[ON_TRACK] = on_track
    result.due_soon += row[at["soon"]] or 0
    if counts:
        result.counts[key] = TimelinessCounts(counts)
    if limits is not None and sum(n for c, n in counts.items() if c != Timeliness.CANCELLED):
        found = {name: row[i] for name, i in at.items()}
        result.ratings[key] = ratings.group_summary(_rating_counts(found, counts), limits)


def counts_of(scope: str, key, *, on: dt.date | None = None) -> TimelinessCounts:
    """One query: one group's tasks counted by timeliness class."""
    return counts_by(scope, [key], on=on).counts.get(key, TimelinessCounts())


def ratings_of(scope: str, keys: Iterable | None = None, *, on: dt.date | None = None) -> dict:
    """One query: each group's tasks counted by rating on `on` (today) and its rating as a group (the shape of
    `plans.ratings.ratings_by`: {key: {"counts", "total", "rating"}}, groups with no rated task left out).

    From the stored days (plans/summaries.py): on `on`, an open task is red past its due date (an "open" row
    dated before `on`), amber from its amber day on (an "amber:" row dated up to `on`, which counts the red ones
    too), green before; a task completed late is red while its completion day is in `on`'s quarter. Unless the
    marker row says the rows were built with the thresholds in force (`summaries.rating_marker`): then the tasks
    are rated in SQL, until `rebuild_summaries` (or the nightly rebuild) has run."""
    return counts_by(scope, keys, on=on, rated=True).ratings


def group_figures(scope: str, key, *, on: dt.date | None = None) -> tuple[TimelinessCounts, dict]:
    """One query: one group's counts by timeliness class and its rating with its counts (none: not rated)."""
    found = counts_by(scope, [key], on=on, rated=True)
    return found.counts.get(key, TimelinessCounts()), found.ratings.get(key) or ratings.group_summary({})


def _rating_counts(row: dict, counts: dict) -> dict:
    red = (row["overdue"] or 0) + (row["late"] or 0)
    amber = (row["amber_or_red"] or 0) - (row["overdue"] or 0)
    rated = sum(n for cls, n in counts.items() if cls != Timeliness.CANCELLED)
    found = {
        ratings.Rating.RED.value: red,
        ratings.Rating.AMBER.value: amber,
        ratings.Rating.GREEN.value: rated - red - amber,
    }
    return {k: n for k, n in found.items() if n}


def _ratings_over_tasks(scope: str, keys: Iterable | None, *, on: dt.date) -> dict:
    logger.warning("The rating rows were not built with the thresholds in force: run manage.py rebuild_summaries.")
    column = SCOPE_COLUMNS[scope]
    tasks = Task.objects.all() if keys is None else Task.objects.filter(**{f"{column}__in": list(keys)})
    return ratings.ratings_by(column, tasks, on=on)


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
    recent = Q(bucket=OPEN_UPDATED, day__gte=cutoff)
    counts = TaskCount.objects.filter(Q(bucket=OPEN_UPDATED_N) | recent, scope="unit")
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
        counts = counts.filter(_keys(unit_ids))
    for pk, last in units.values_list("pk", "last_update_at"):
        s = result[pk]
        s.last_update = last
        s.days_since = (timezone.localdate(now) - timezone.localdate(last)).days
    for r in (
        counts.values("key")
        .annotate(total=Sum("n", filter=Q(bucket=OPEN_UPDATED_N)), recent=Sum("n", filter=recent))
        .order_by()
    ):
        if r["total"]:
            s = result[int(r["key"])]
            s.open_tasks, s.open_recent = r["total"], r["recent"] or 0
    return result
