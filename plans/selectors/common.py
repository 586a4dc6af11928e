"""Shared by every page family: today's date, tasks counted by timeliness class (in SQL), and the rows of the task
tables (the task list, and a plan's, unit's or head's tasks)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter

from django.db.models import Count, ExpressionWrapper, F, IntegerField, QuerySet, Value, prefetch_related_objects
from django.utils import timezone

from plans.models import Task, Timeliness
from plans.numbers import share
from plans.ratings import rating_summary, ratings_by, with_rating
from plans.selectors.aggregates import cached_on_tasks

# Classes that say whether a deadline was kept: the base of the on-time completion rate.
JUDGED = (Timeliness.DONE_ON_TIME, Timeliness.DONE_LATE, Timeliness.OVERDUE)


def today() -> dt.date:
    return timezone.localdate()


@dataclass
class TimelinessCounts:
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def get(self, cls: str) -> int:
        return self.counts.get(cls, 0)

    @property
    def judged(self) -> int:
        return sum(self.get(c) for c in JUDGED)

    @property
    def on_time_rate(self) -> float | None:
        """Share of judged tasks (completed, or past their deadline) completed on time; None when none is judged."""
        return share(self.get(Timeliness.DONE_ON_TIME), self.judged)

    def share(self, cls: str) -> float | None:
        return share(self.get(cls), self.total)

    def rows(self) -> list[tuple[str, str, int, float | None]]:
        """(class, label, count, share %) in the charts' order, for the tables next to the charts."""
        from plans.chart_style import TIMELINESS_ORDER

        return [(c, Timeliness(c).label, self.get(c), self.share(c)) for c in TIMELINESS_ORDER]


def timeliness_counts(tasks: QuerySet | None = None, *, on: dt.date | None = None) -> TimelinessCounts:
    """One query: the tasks of `tasks` (all by default) counted by timeliness class."""
    tasks = Task.objects.all() if tasks is None else tasks
    rows = tasks.with_timeliness(on).order_by().values("timeliness").annotate(n=Count("pk"))
    return TimelinessCounts({r["timeliness"]: r["n"] for r in rows})


def timeliness_counts_by(key: str, tasks: QuerySet | None = None, *, on=None) -> dict[int, TimelinessCounts]:
    """One query: tasks counted by `key` (e.g. "lead_unit_id", "plan_id") and timeliness class."""
    tasks = Task.objects.all() if tasks is None else tasks
    result: dict[int, TimelinessCounts] = defaultdict(TimelinessCounts)
    rows = tasks.with_timeliness(on).order_by().annotate(group_key=scan_key(key))
    for r in rows.values("timeliness", "group_key").annotate(n=Count("pk")):
        result[r["group_key"]].counts[r["timeliness"]] = r["n"]
    return result


def group_ratings(key: str, *, version: str, on: dt.date) -> dict:
    """Every group's rating for a whole page (`plans.ratings.ratings_by`: one query on a miss), cached with the
    other whole-table aggregates; {group key: {"counts", "total", "rating"}}."""
    return cached_on_tasks(f"ratings-{key}", lambda: ratings_by(key, on=on), version=version, on=on)


def rating_of(ratings: dict, key) -> str | None:
    """The rating of the group `key` in `group_ratings`' result (None: no rated task)."""
    found = ratings.get(key)
    return found["rating"] if found else None


def tasks_rating(tasks: QuerySet, *, on: dt.date) -> dict:
    """One query: the rating of one group of tasks (a unit's, a head's, a plan's), with its counts by rating."""
    return rating_summary(tasks, on=on)


def scan_key(key: str) -> ExpressionWrapper:
    """`key` + 0: the same value, but an expression, so that SQLite scans the table once instead of walking the
    key's index and fetching every row at random to compute the timeliness (measured 2-3 times slower)."""
    return ExpressionWrapper(F(key) + Value(0), output_field=IntegerField())


def task_rows(*, on: dt.date | None = None) -> QuerySet:
    """The task list's base queryset: timeliness and rating in SQL and the related names each row shows."""
    return (
        with_rating(Task.objects.with_timeliness(on), on=on)
        .select_related("plan", "lead_unit", "responsible_leader")
        .order_by(F("due_date").asc(nulls_last=True), "plan_id", "code")
    )


TIMELINE_LIMIT = 40  # rows of a timeline chart: its height stays under ~1 200 px whatever the plan's size


@dataclass
class Timeline:
    """The rows of a timeline chart (plans.charts.timeline): each task with its depth under its parent, parents
    first. When the tasks with their subtasks are more than TIMELINE_LIMIT rows, only top-level tasks are drawn
    (`top_level_only`), and at most TIMELINE_LIMIT of them (`total` says how many there are in all)."""

    rows: list[dict]
    total: int
    top_level_only: bool = False

    @property
    def truncated(self) -> bool:
        return len(self.rows) < self.total

    @property
    def undated(self) -> list[dict]:
        """Tasks with neither a start nor a due date: nothing to draw, listed under the chart."""
        return [r for r in self.rows if r["start_date"] is None and r["due_date"] is None]


def task_timeline(tasks: QuerySet, *, on: dt.date | None = None, limit: int = TIMELINE_LIMIT) -> Timeline:
    """One query: `tasks` as timeline rows, each subtask under its parent (a parent outside `tasks` makes its
    subtask a top-level row), in code order."""
    fields = ("pk", "parent_id", "code", "title", "start_date", "due_date", "status", "is_ongoing", "timeliness")
    found = list(tasks.with_timeliness(on).order_by("code", "pk").values(*fields))
    present = {r["pk"] for r in found}
    children: dict[int | None, list[dict]] = defaultdict(list)
    for r in found:
        children[r["parent_id"] if r["parent_id"] in present else None].append(r)
    ordered: list[dict] = []

    def walk(parent: int | None, depth: int) -> None:
        for r in children[parent]:
            ordered.append({**r, "depth": depth})
            walk(r["pk"], depth + 1)

    walk(None, 0)
    if len(ordered) <= limit:
        return Timeline(ordered, len(ordered))
    top = [r for r in ordered if r["depth"] == 0]
    return Timeline(top[:limit], len(top), top_level_only=True)


def with_people_posts(rows: list, *paths: str) -> list:
    """Load, in one query, the posts of every person the rows name at `paths` ("author", "update.reviewed_by"):
    pages name people by their post when they have no full name (plans.models.person_display_name)."""
    people = [person for row in rows for person in (attrgetter(path)(row) for path in paths) if person is not None]
    prefetch_related_objects(people, "leader_posts")
    return rows
