"""Shared by every page family: today's date, tasks counted by timeliness class (in SQL), and the rows of the task
tables (the task list, and a plan's, unit's or head's tasks)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter

from django.db.models import Count, F, QuerySet, prefetch_related_objects
from django.utils import timezone

from plans import extensions
from plans.models import Goal, Task, Timeliness
from plans.numbers import share
from plans.ratings import with_rating

# Classes that say whether a deadline was kept: the base of the on-time completion rate.
JUDGED = (Timeliness.DONE_ON_TIME, Timeliness.DONE_LATE, Timeliness.OVERDUE)
CLASSES = tuple(Timeliness.values)  # read once: an enum's `values` is rebuilt on every access


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

    def figures(self) -> dict:
        """A list row's figures (units, heads, plans): every class with its count (0 when none), the total, the
        counts themselves and the on-time rate."""
        counts = self.counts
        figures = {cls: counts.get(cls, 0) for cls in CLASSES}
        figures["total"] = sum(counts.values())
        figures["counts"] = self
        figures["on_time_rate"] = self.on_time_rate
        return figures

    @property
    def judged(self) -> int:
        counts = self.counts
        return sum([counts.get(c, 0) for c in JUDGED])

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


def rating_of(ratings: dict, key) -> str | None:
    """The rating of the group `key` in `aggregates.ratings_of`' result (None: no rated task)."""
    found = ratings.get(key)
    return found["rating"] if found else None


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


def with_readings(goals: list[Goal]) -> list[Goal]:
    """Each goal gets its `reading` (value, year, source, met): from the data where a registered goal reader
    measures it (the DX index: a fixed number of queries), else its typed value (no query)."""
    readings: dict[int, extensions.GoalReading] = {}
    for read in extensions.goal_readers():
        readings = {**read(goals), **readings}  # the first reader registered wins
    for goal in goals:
        goal.reading = readings.get(goal.pk) or typed_reading(goal)
    return goals


def typed_reading(goal: Goal) -> extensions.GoalReading | None:
    """A typed current value: "entered by …, source …"."""
    if goal.current_value is None:
        return None
    at = goal.current_value_entered_at
    return extensions.GoalReading(
        value=float(goal.current_value),
        year=timezone.localtime(at).year if at else None,
        kind="entered",
        source=goal.current_value_note,
        met=goal.is_met(),
        entered_by=goal.current_value_entered_by,
        entered_at=at,
    )
