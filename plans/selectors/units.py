"""The units list and a unit's page: counts, on-time rate, staleness (updates within the stale days), heads."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from plans.models import Leader, Task, TaskUpdate, Timeliness, Unit, stale_cutoff, stale_days
from plans.numbers import share
from plans.selectors.aggregates import cached_on_tasks, task_table_version
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
    """Two queries: per lead unit, its latest update, and how many of its open tasks were updated within the
    stale days (`plans.models.stale_days`)."""
    now = now or timezone.now()
    cutoff = stale_cutoff(now)
    updates = TaskUpdate.objects.order_by()
    tasks = Task.objects.open().order_by()
    if unit_ids is not None:
        updates = updates.filter(task__lead_unit_id__in=unit_ids)
        tasks = tasks.filter(lead_unit_id__in=unit_ids)
    result: dict[int, Staleness] = defaultdict(Staleness)
    for r in updates.values("task__lead_unit_id").annotate(last=Max("created_at")):
        s = result[r["task__lead_unit_id"]]
        s.last_update = r["last"]
        s.days_since = (timezone.localdate(now) - timezone.localdate(r["last"])).days
    recent = Exists(TaskUpdate.objects.filter(task=OuterRef("pk"), created_at__gte=cutoff))
    for r in tasks.values("lead_unit_id").annotate(n=Count("pk"), recent=Count("pk", filter=recent)):
        s = result[r["lead_unit_id"]]
        s.open_tasks, s.open_recent = r["n"], r["recent"]
    return result


def current_heads(*, on: dt.date | None = None) -> dict[int, Leader]:
    """One query: the head in office of every unit, by unit id (the latest appointed when posts overlap)."""
    heads: dict[int, Leader] = {}
    for leader in Leader.objects.heads_on(on).select_related("user").order_by("unit_id", "-term_start", "-pk"):
        heads.setdefault(leader.unit_id, leader)
    return heads


def unit_rows(*, on: dt.date | None = None) -> list[dict]:
    """Every unit with its head, timeliness counts, on-time rate and staleness, ranked by on-time rate.

    Three queries (version, heads, units) when the counts, staleness and ratings are cached, seven when not.
    """
    on = on or today()
    version = task_table_version()
    counts, staleness = cached_on_tasks(
        "unit-counts",
        lambda: (dict(timeliness_counts_by("lead_unit_id", on=on)), dict(unit_staleness())),
        version=version,
        on=on,
    )
    ratings = group_ratings("lead_unit_id", version=version, on=on)
    heads = current_heads(on=on)
    rows = []
    for unit in Unit.objects.order_by("name"):
        c = counts.get(unit.pk, TimelinessCounts())
        s = staleness.get(unit.pk, Staleness())
        head = heads.get(unit.pk)
        rows.append(
            {
                "unit": unit,
                "name": unit.name,
                "head": head,
                "head_name": str(head) if head else "",
                "total": c.total,
                "counts": c,
                **{cls: c.get(cls) for cls in Timeliness.values},
                "on_time_rate": c.on_time_rate,
                "days_since_update": s.days_since,
                "recent_share": s.recent_share,
                "open_tasks": s.open_tasks,
                "rating": rating_of(ratings, unit.pk),
            }
        )
    # Ranked: the best on-time rate first; units with nothing judged yet last.
    rows.sort(key=lambda r: (r["on_time_rate"] is None, -(r["on_time_rate"] or 0), r["name"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def unit_or_404(pk: int) -> Unit:
    return get_object_or_404(Unit.objects.select_related("parent"), pk=pk)


def unit_page(unit: Unit, *, on: dt.date) -> dict:
    """A unit's page (without its task table): its head, its tasks counted by timeliness and rated, its staleness."""
    tasks = Task.objects.filter(lead_unit=unit)
    counts = timeliness_counts(tasks, on=on)
    staleness = unit_staleness(unit_ids=[unit.pk]).get(unit.pk, Staleness())
    return {
        "unit": unit,
        "head": unit.head_on(on),
        "counts": counts,
        "rating": tasks_rating(tasks, on=on),
        "staleness": staleness,
        "stale_days": stale_days(),
    }


def unit_tasks(unit: Unit, *, on: dt.date) -> QuerySet:
    return task_rows(on=on).filter(lead_unit=unit)


def unit_timeline(unit: Unit, *, on: dt.date) -> Timeline:
    """One query: the tasks the unit leads, for its timeline chart (a subtask under its parent when the unit
    leads both)."""
    return task_timeline(Task.objects.filter(lead_unit=unit), on=on)
