"""The plans list and a plan's page: rows with counts and roll-up progress, one plan's roll-up."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from plans.models import Plan, Task
from plans.ratings import rate_goal, thresholds
from plans.selectors.aggregates import counts_by, group_figures, plan_progress
from plans.selectors.common import (
    Timeline,
    TimelinessCounts,
    rating_of,
    task_rows,
    task_timeline,
    today,
    with_readings,
)


def plan_rows(*, on: dt.date | None = None) -> list[dict]:
    """Every plan with its owner unit, roll-up progress, counts and rating: three queries (two over the summaries:
    the counts with the ratings, the roll-ups). Rows are values, not model instances: the list ranks and sorts
    every plan but shows fifty."""
    on = on or today()
    found = counts_by("plan", on=on, rated=True)
    counts, ratings = found.counts, found.ratings
    progress = plan_progress()
    rows = []
    plans = Plan.objects.order_by("-start_year", "title").values(
        "pk", "title", "start_year", "end_year", "owner_id", "owner__name", "owner__short_name"
    )
    for plan in plans:
        c = counts.get(plan["pk"], TimelinessCounts())
        rows.append(
            {
                "pk": plan["pk"],
                "title": plan["title"],
                "period": f"{plan['start_year']}–{plan['end_year']}",
                "start_year": plan["start_year"],
                "owner_id": plan["owner_id"],
                "owner_name": plan["owner__short_name"] or plan["owner__name"],  # as `Unit.__str__`
                "progress": progress.get(plan["pk"]),
                **c.figures(),
                "rating": rating_of(ratings, plan["pk"]),
            }
        )
    return rows


def plan_or_404(pk: int) -> Plan:
    return get_object_or_404(Plan.objects.select_related("owner", "document"), pk=pk)


def plan_page(plan: Plan, *, on: dt.date) -> dict:
    """A plan's page (without its task table): roll-up progress, goals (read from the data where measured, and
    rated) and its tasks counted by timeliness (stored summaries) and rated."""
    counts, rating = group_figures("plan", plan.pk, on=on)
    progress = plan_progress([plan.pk]).get(plan.pk)
    goals, limits = with_readings(list(plan.goals.all())), thresholds()
    for goal in goals:
        goal.rating = rate_goal(
            met=getattr(goal.reading, "met", None),
            deadline=goal.deadline,
            tasks_rating=rating["rating"],
            on=on,
            limits=limits,
        )
    return {"plan": plan, "progress": progress, "goals": goals, "counts": counts, "rating": rating}


def plan_tasks(plan: Plan, *, on: dt.date) -> QuerySet:
    return task_rows(on=on).filter(plan=plan)


def plan_timeline(plan: Plan, *, on: dt.date) -> Timeline:
    """One query: the plan's tasks for its timeline chart, subtasks under their parent."""
    return task_timeline(Task.objects.filter(plan=plan), on=on)
