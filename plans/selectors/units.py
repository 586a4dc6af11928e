"""The units list and a unit's page: counts, on-time rate, staleness (updates within the stale days), heads."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from plans.models import Leader, Task, Timeliness, Unit, stale_days
from plans.selectors.aggregates import Staleness, counts_by, group_figures, unit_staleness
from plans.selectors.common import (
    Timeline,
    TimelinessCounts,
    rating_of,
    task_rows,
    task_timeline,
    today,
)


def current_heads(*, on: dt.date | None = None) -> dict[int, Leader]:
    """One query: the head in office of every unit, by unit id (the latest appointed when posts overlap)."""
    heads: dict[int, Leader] = {}
    posts = Leader.objects.heads_on(on).only("pk", "unit_id", "position_title", "person_name", "term_start")
    for leader in posts.order_by("unit_id", "-term_start", "-pk"):
        heads.setdefault(leader.unit_id, leader)
    return heads


def unit_rows(*, on: dt.date | None = None) -> list[dict]:
    """Every unit with its head, timeliness counts, on-time rate and staleness, ranked by on-time rate.

    Five queries: the stored counts with the ratings, last updates and open tasks by last update, the heads, the
    units.
    """
    on = on or today()
    found = counts_by("unit", on=on, rated=True)
    counts, ratings = found.counts, found.ratings
    staleness = unit_staleness()
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
    counts, rating = group_figures("unit", unit.pk, on=on)
    staleness = unit_staleness(unit_ids=[unit.pk]).get(unit.pk, Staleness())
    return {
        "unit": unit,
        "head": unit.head_on(on),
        "counts": counts,
        "rating": rating,
        "staleness": staleness,
        "stale_days": stale_days(),
    }


def unit_tasks(unit: Unit, *, on: dt.date) -> QuerySet:
    return task_rows(on=on).filter(lead_unit=unit)


def unit_timeline(unit: Unit, *, on: dt.date) -> Timeline:
    """One query: the tasks the unit leads, for its timeline chart (a subtask under its parent when the unit
    leads both)."""
    return task_timeline(Task.objects.filter(lead_unit=unit), on=on)
