"""The overview page: headline counts, timeliness by lead unit, completions per month, goals, most overdue."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Count, F, Q
from django.db.models.functions import Cast, Substr

from plans.models import CLOSED_STATUSES, Field, Goal, Pillar, Status, Task, Timeliness, Unit
from plans.ratings import rate_goal, thresholds
from plans.selectors.aggregates import ProgressSummary, cached_on_tasks, progress_summary, task_table_version
from plans.selectors.common import TimelinessCounts, group_ratings, rating_of, scan_key, today
from plans.selectors.tasks import most_overdue


@dataclass
class Overview:
    total: int
    due_soon: int
    timeliness: TimelinessCounts
    by_unit: list[tuple[Unit, TimelinessCounts]]


def overview_page(*, on: dt.date | None = None) -> dict:
    """The overview's context (without its charts): six queries with the aggregates cached, thirteen without."""
    on = on or today()
    version = task_table_version()
    headline = overview_counts(on=on, version=version)
    summary = progress_summary(version=version)
    by_pillar = group_ratings("pillar", version=version, on=on)
    by_unit = group_ratings("lead_unit_id", version=version, on=on)
    by_plan = group_ratings("plan_id", version=version, on=on)
    return {
        "headline": headline,
        "due_to_param": (on + dt.timedelta(days=30)).isoformat(),
        "summary": summary,
        "pillar_rows": [(str(p.label), summary.pillars.get(p.value)) for p in Pillar],
        "field_rows": [(str(f.label), summary.fields.get(f.value)) for f in Field.priority()],
        "pillar_ratings": [(str(p.label), by_pillar.get(p.value)) for p in Pillar],
        "unit_rows": headline.by_unit,
        "unit_figures": [(unit, counts, rating_of(by_unit, unit.pk)) for unit, counts in headline.by_unit],
        "month_rows": completions_by_month(on=on, version=version),
        "goals": goals_with_progress(summary, plan_ratings=by_plan, on=on),
        "overdue": most_overdue(on=on),
    }


def overview_counts(*, units: int = 15, on: dt.date | None = None, version: str | None = None) -> Overview:
    """Cached under the task table's version (see `cached_on_tasks`); the queries below on a miss."""
    on = on or today()
    version = version or task_table_version()
    return cached_on_tasks(f"overview-{units}", lambda: _overview_counts(units=units, on=on), version=version, on=on)


def _overview_counts(*, units: int, on: dt.date) -> Overview:
    """Two queries: tasks counted by lead unit and timeliness class (with the open ones due in the next 30 days),
    which gives the headline figures by summing; then the names of the `units` lead units with the most
    overdue tasks (then the most tasks), for the stacked-bar chart.
    """
    soon = Q(due_date__gte=on, due_date__lte=on + dt.timedelta(days=30)) & ~Q(status__in=CLOSED_STATUSES)
    rows = (
        Task.objects.with_timeliness(on)
        .order_by()
        .annotate(group_key=scan_key("lead_unit_id"))
        .values("timeliness", "group_key")
        .annotate(n=Count("pk"), due_soon=Count("pk", filter=soon))
    )
    total, by_unit, due_soon = TimelinessCounts(), defaultdict(TimelinessCounts), 0
    for r in rows:
        by_unit[r["group_key"]].counts[r["timeliness"]] = r["n"]
        total.counts[r["timeliness"]] = total.get(r["timeliness"]) + r["n"]
        due_soon += r["due_soon"]
    ranked = sorted(by_unit.items(), key=lambda kv: (-kv[1].get(Timeliness.OVERDUE), -kv[1].total, kv[0]))[:units]
    names = Unit.objects.in_bulk([pk for pk, _c in ranked])
    return Overview(
        total=total.total,
        due_soon=due_soon,
        timeliness=total,
        by_unit=[(names[pk], counts) for pk, counts in ranked if pk in names],
    )


def completions_by_month(
    *, months: int = 24, on: dt.date | None = None, version: str | None = None
) -> list[tuple[dt.date, int, int]]:
    """Tasks completed per month over the last `months` months, on time and late (cached; one query on a miss)."""
    on = on or today()
    version = version or task_table_version()
    return cached_on_tasks(
        f"completions-{months}", lambda: _completions_by_month(months=months, on=on), version=version, on=on
    )


def _completions_by_month(*, months: int, on: dt.date) -> list[tuple[dt.date, int, int]]:
    start = (on.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    rows = (
        Task.objects.filter(status=Status.COMPLETED, completed_on__gte=start, completed_on__lte=on)
        .order_by()
        # "YYYY-MM" from the ISO date text: native in SQLite and PostgreSQL (TruncMonth is a Python
        # function per row in SQLite).
        .annotate(month=Substr(Cast("completed_on", output_field=CharField()), 1, 7))
        .values("month")
        .annotate(
            on_time=Count("pk", filter=Q(due_date__isnull=True) | Q(completed_on__lte=F("due_date"))),
            late=Count("pk", filter=Q(completed_on__gt=F("due_date"))),
        )
        .order_by("month")
    )
    found = {dt.date(int(r["month"][:4]), int(r["month"][5:7]), 1): (r["on_time"], r["late"]) for r in rows}
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


def goals_with_progress(summary: ProgressSummary, *, plan_ratings: dict, on: dt.date, limit: int = 20) -> list[Goal]:
    """One query: goals by deadline with their plan; each gets `plan_progress` from the roll-up summary and its
    `rating` (`plans.ratings.rate_goal`) from its plan's tasks' rating (`plan_ratings`: `group_ratings`)."""
    limits = thresholds()
    goals = list(Goal.objects.select_related("plan").order_by("deadline", "plan__title", "pk")[:limit])
    for goal in goals:
        goal.plan_progress = summary.plans.get(goal.plan_id)
        goal.rating = rate_goal(
            met=goal.is_met(),
            deadline=goal.deadline,
            tasks_rating=rating_of(plan_ratings, goal.plan_id),
            on=on,
            limits=limits,
        )
    return goals
