"""Shared by every page family: today's date, tasks counted by timeliness class (in SQL), and the rows of the task
tables (the task list, and a plan's, unit's or head's tasks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.utils import timezone

from plans.models import Task, Timeliness

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
        return 100.0 * self.get(Timeliness.DONE_ON_TIME) / self.judged if self.judged else None

    def share(self, cls: str) -> float | None:
        return 100.0 * self.get(cls) / self.total if self.total else None

    def rows(self) -> list[tuple[str, str, int, float | None]]:
        """(class, label, count, share %) in the charts' order, for the tables next to the charts."""
        from plans.chart_style import TIMELINESS_ORDER

        return [(c, Timeliness(c).label, self.get(c), self.share(c)) for c in TIMELINESS_ORDER]


def timeliness_counts(tasks: QuerySet | None = None, *, on: dt.date | None = None) -> TimelinessCounts:
    """One query: the tasks of `tasks` (all by default) counted by timeliness class."""
    tasks = Task.objects.all() if tasks is None else tasks
    rows = tasks.with_timeliness(on).order_by().values("timeliness").annotate(n=Count("pk"))
    return TimelinessCounts({r["timeliness"]: r["n"] for r in rows})


def task_rows(*, on: dt.date | None = None) -> QuerySet:
    """The task list's base queryset: timeliness in SQL and the related names each row shows."""
    return (
        Task.objects.with_timeliness(on)
        .select_related("plan", "lead_unit", "responsible_leader")
        .order_by(F("due_date").asc(nulls_last=True), "plan_id", "code")
    )
