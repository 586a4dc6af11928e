"""The plans list and a plan's page: rows with counts and roll-up progress, one plan's roll-up."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from plans.models import Plan, Task, Timeliness
from plans.ratings import rate_goal, thresholds
from plans.rollup import TaskRow, rollup
from plans.selectors.aggregates import cached_on_tasks, progress_summary, task_table_version
from plans.selectors.common import (
    Timeline,
    TimelinessCounts,
    group_ratings,
    rating_of,
    task_rows,
    task_timeline,
    tasks_rating,
    timeliness_counts,
    timeliness_counts_by,
    today,
)


def plan_rows(*, on: dt.date | None = None) -> list[dict]:
    """Every plan with its owner, document, roll-up progress, counts and rating: two queries cached, six not."""
    on = on or today()
    version = task_table_version()
    counts = cached_on_tasks(
        "plan-counts", lambda: dict(timeliness_counts_by("plan_id", on=on)), version=version, on=on
    )
    summary = progress_summary(version=version)
    ratings = group_ratings("plan_id", version=version, on=on)
    rows = []
    for plan in Plan.objects.select_related("owner", "document").order_by("-start_year", "title"):
        c = counts.get(plan.pk, TimelinessCounts())
        rows.append(
            {
                "plan": plan,
                "title": plan.title,
                "period": f"{plan.start_year}–{plan.end_year}",
                "start_year": plan.start_year,
                "owner_name": str(plan.owner),
                "owner": plan.owner,
                "document": plan.document,
                "progress": summary.plans.get(plan.pk),
                "total": c.total,
                "counts": c,
                **{cls: c.get(cls) for cls in Timeliness.values},
                "rating": rating_of(ratings, plan.pk),
            }
        )
    return rows


def plan_rollup(plan_id: int):
    """One query: the roll-up of one plan, with each task's code and title for breadcrumbs."""
    rows, info = [], {}
    for pk, parent_id, progress, weight, status, code, title in Task.objects.filter(plan_id=plan_id).values_list(
        "pk", "parent_id", "progress", "weight", "status", "code", "title"
    ):
        rows.append(TaskRow(pk, parent_id, progress, float(weight), status))
        info[pk] = (code, title, parent_id)
    return rollup(rows), info


def plan_or_404(pk: int) -> Plan:
    return get_object_or_404(Plan.objects.select_related("owner", "document"), pk=pk)


def plan_page(plan: Plan, *, on: dt.date) -> dict:
    """A plan's page (without its task table): roll-up progress, goals and its tasks counted by timeliness."""
    result, _info = plan_rollup(plan.pk)
    counts = timeliness_counts(plan.tasks.all(), on=on)
    rating = tasks_rating(plan.tasks.all(), on=on)
    goals, limits = list(plan.goals.all()), thresholds()
    for goal in goals:
        goal.rating = rate_goal(
            met=goal.is_met(), deadline=goal.deadline, tasks_rating=rating["rating"], on=on, limits=limits
        )
    return {"plan": plan, "progress": result.plan_progress, "goals": goals, "counts": counts, "rating": rating}


def plan_tasks(plan: Plan, *, on: dt.date) -> QuerySet:
    return task_rows(on=on).filter(plan=plan)


def plan_timeline(plan: Plan, *, on: dt.date) -> Timeline:
    """One query: the plan's tasks for its timeline chart, subtasks under their parent."""
    return task_timeline(Task.objects.filter(plan=plan), on=on)
