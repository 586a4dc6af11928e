"""The units list and a unit's page: counts, on-time rate, staleness (updates within the stale days), heads."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from plans.models import Leader, Task, Unit, stale_days
from plans.selectors.aggregates import Staleness, counts_by, group_figures, ratings_of, unit_staleness
from plans.selectors.common import (
    Timeline,
    TimelinessCounts,
    rating_of,
    task_rows,
    task_timeline,
    today,
)


def current_heads(*, on: dt.date | None = None, unit_ids: list[int] | None = None) -> dict[int, Leader]:
    """One query: the head in office of every unit (only `unit_ids` when given), by unit id (the latest appointed
    when posts overlap)."""
    heads: dict[int, Leader] = {}
    posts = Leader.objects.heads_on(on).only("pk", "unit_id", "position_title", "person_name", "term_start")
    if unit_ids is not None:
        posts = posts.filter(unit_id__in=unit_ids)
    for leader in posts.order_by("unit_id", "-term_start", "-pk"):
        heads.setdefault(leader.unit_id, leader)
    return heads


def unit_rows(*, on: dt.date | None = None, complete: bool = True) -> list[dict]:
    """Every unit with its timeliness counts and on-time rate, ranked by on-time rate (two queries); with
    `complete`, its head, staleness and rating too (`complete_unit_rows`).

    A list page ranks every unit but shows fifty: it asks with `complete=False` and completes the rows it shows
    (or every row, when sorted by a column that needs them)."""
    on = on or today()
    counts = counts_by("unit", on=on).counts
    nothing = TimelinessCounts().figures()
    rows = [
        {"pk": pk, "name": name, **(counts[pk].figures() if pk in counts else nothing)}
        for pk, name in Unit.objects.order_by("pk").values_list("pk", "name")  # ordered by the sort below
    ]
    # Ranked: the best on-time rate first; units with nothing judged yet last.
    rows.sort(key=lambda r: (r["on_time_rate"] is None, -(r["on_time_rate"] or 0), r["name"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    if complete:
        complete_unit_rows(rows, on=on)
    return rows


def complete_unit_rows(rows: list[dict], *, on: dt.date | None = None) -> None:
    """Fill in each row's head, staleness and rating (head, head_name, days_since_update, recent_share,
    open_tasks, rating), in place; rows already complete are left alone. Four queries for the rows given: the
    ratings, the staleness (two), the heads."""
    todo = [row for row in rows if "rating" not in row]
    if not todo:
        return
    on = on or today()
    keys = [row["pk"] for row in todo]
    found = ratings_of("unit", keys, on=on)
    staleness = unit_staleness(unit_ids=keys)
    heads = current_heads(on=on, unit_ids=keys)
    for row in todo:
        s = staleness.get(row["pk"], Staleness())
        head = heads.get(row["pk"])
        row.update(
            head=head,
            head_name=str(head) if head else "",
            days_since_update=s.days_since,
            recent_share=s.recent_share,
            open_tasks=s.open_tasks,
            rating=rating_of(found, row["pk"]),
        )


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
