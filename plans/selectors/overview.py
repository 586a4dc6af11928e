"""The overview page: headline counts, timeliness by lead unit, completions per month, goals, most overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from plans.models import Goal, Pillar, Timeliness, Unit
from plans.ratings import rate_goal, thresholds
from plans.selectors import aggregates, programme
from plans.selectors.aggregates import ProgressSummary, completions_by_month, progress_summary, ratings_of
from plans.selectors.common import TimelinessCounts, rating_of, today, with_readings
from plans.selectors.tasks import most_overdue


@dataclass
class Overview:
    total: int
    due_soon: int
    timeliness: TimelinessCounts
    by_unit: list[tuple[Unit, TimelinessCounts]]


def overview_page(*, on: dt.date | None = None) -> dict:
    """The overview's context (without its charts): over the stored summaries but the goals, the most overdue tasks
    and the ratings (from the stored days: one query per kind of group)."""
    on = on or today()
    headline = overview_counts(on=on)
    summary = progress_summary()
    by_pillar = ratings_of("pillar", on=on)
    by_unit = ratings_of("unit", [unit.pk for unit, _counts in headline.by_unit], on=on)  # the units charted
    return {
        "programme": programme.programme_settings(),
        "headline": headline,
        "due_to_param": (on + dt.timedelta(days=30)).isoformat(),
        "summary": summary,
        "pillar_rows": [(str(p.label), summary.pillars.get(p.value)) for p in Pillar],
        "field_rows": [(f.name, summary.fields.get(f.code)) for f in programme.priority_fields()],
        "pillar_ratings": [(str(p.label), by_pillar.get(p.value)) for p in Pillar],
        "unit_rows": headline.by_unit,
        "unit_figures": [(unit, counts, rating_of(by_unit, unit.pk)) for unit, counts in headline.by_unit],
        "month_rows": completions_by_month(on=on),
        "goals": goals_with_progress(summary, on=on),
        "overdue": most_overdue(on=on),
    }


def overview_counts(*, units: int = 15, on: dt.date | None = None) -> Overview:
    """Two queries: the stored counts by lead unit and timeliness class (with the open tasks due in the next 30
    days), which give the headline figures by summing; then the names of the `units` lead units with the most
    overdue tasks (then the most tasks), for the stacked-bar chart.
    """
    on = on or today()
    found = aggregates.counts_by("unit", on=on)
    total = TimelinessCounts()
    for counts in found.counts.values():
        for cls, n in counts.counts.items():
            total.counts[cls] = total.get(cls) + n
    ranked = sorted(found.counts.items(), key=lambda kv: (-kv[1].get(Timeliness.OVERDUE), -kv[1].total, kv[0]))
    ranked = ranked[:units]
    names = Unit.objects.in_bulk([pk for pk, _c in ranked])
    return Overview(
        total=total.total,
        due_soon=found.due_soon,
        timeliness=total,
        by_unit=[(names[pk], counts) for pk, counts in ranked if pk in names],
    )


def goals_with_progress(summary: ProgressSummary, *, on: dt.date, limit: int = 20) -> list[Goal]:
    """Goals by deadline with their plan (one query); each gets `plan_progress` from the roll-up summary, its
    `reading` (value, year, source, met): from the data where a registered reader measures it (the DX index:
    a fixed number of queries), else the typed value; and its `rating` (`plans.ratings.rate_goal`) from that
    reading and its plan's tasks' rating (`aggregates.ratings_of` on those plans: one query)."""
    limits = thresholds()
    goals = list(Goal.objects.select_related("plan").order_by("deadline", "plan__title", "pk")[:limit])
    plan_ratings = ratings_of("plan", {goal.plan_id for goal in goals}, on=on)
    for goal in with_readings(goals):
        goal.plan_progress = summary.plans.get(goal.plan_id)
        goal.rating = rate_goal(
            met=getattr(goal.reading, "met", None),
            deadline=goal.deadline,
            tasks_rating=rating_of(plan_ratings, goal.plan_id),
            on=on,
            limits=limits,
        )
    return goals
