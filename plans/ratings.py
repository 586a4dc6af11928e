"""Ratings green / amber / red (xanh / vàng / đỏ), as the central monitoring of Resolution 57 rates each body.

The one definition of the rule, for a task and for a group of tasks (a unit, a head, a pillar, a plan). It is
judged on a day `on` within a period starting `period_start`; timeliness comes from `plans.models.timeliness_of`.

A task is
- red when overdue (past its due date and not completed), or completed late within the period;
- amber when open and behind the expected progress by more than `behind_points` (expected: the elapsed share of
  start → due, linear), or due within `due_soon_days` below `due_soon_progress` %, or with no update for
  `stale_days` (a task whose start date has not come yet is not expected to report);
- green otherwise (completed on time, on track, ongoing with a recent update). Cancelled tasks are not rated.
A group is red when at least `red_share` % of its rated tasks are red, amber when at least `amber_share` % are
amber or red, green otherwise; a group with no rated task has no rating.

`with_rating` is the task rule's SQL twin (a `rating` annotation, so that lists filter and count by it; tests hold
the two equal at every edge, on SQLite and PostgreSQL); `ratings_by` counts a whole page's groups in one query and
rates each with `rate_counts`, the group rule's one copy. A goal is rated by `rate_goal`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import Status, Task, TaskUpdate, Timeliness, stale_days, timeliness_of


class Rating(models.TextChoices):
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")


@dataclass(frozen=True)
class Thresholds:
    behind_points: int = 15
    due_soon_days: int = 30
    due_soon_progress: int = 80
    stale_days: int = 30
    red_share: int = 20
    amber_share: int = 20


def thresholds() -> Thresholds:
    """The thresholds in force: settings.DXT_RATING_* (the staleness is the reminders' DXT_REMINDER_STALE_DAYS)."""
    return Thresholds(
        behind_points=getattr(settings, "DXT_RATING_BEHIND_POINTS", 15),
        due_soon_days=getattr(settings, "DXT_RATING_DUE_SOON_DAYS", 30),
        due_soon_progress=getattr(settings, "DXT_RATING_DUE_SOON_PROGRESS", 80),
        stale_days=stale_days(),
        red_share=getattr(settings, "DXT_RATING_RED_SHARE", 20),
        amber_share=getattr(settings, "DXT_RATING_AMBER_SHARE", 20),
    )


def quarter_start(on: dt.date) -> dt.date:
    """The period of the live pages: the calendar quarter that holds `on`."""
    return dt.date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)


def expected_progress(*, start_date: dt.date | None, due_date: dt.date | None, on: dt.date) -> float | None:
    """The elapsed share of start → due on `on`, in percent (0-100); None without both dates."""
    if start_date is None or due_date is None:
        return None
    if on <= start_date:
        return 0.0
    if on >= due_date:
        return 100.0
    return 100.0 * (on - start_date).days / (due_date - start_date).days


@dataclass(frozen=True)
class TaskState:
    status: str
    progress: int
    start_date: dt.date | None
    due_date: dt.date | None
    completed_on: dt.date | None
    last_update_on: dt.date | None  # the day of the latest update (or the task's creation) as of `on`


def rate_task(state: TaskState, *, on: dt.date, period_start: dt.date, limits: Thresholds) -> str | None:
    """The task's Rating value on `on`, or None for a cancelled task."""
    kind = timeliness_of(status=state.status, due_date=state.due_date, completed_on=state.completed_on, today=on)
    if kind == Timeliness.CANCELLED:
        return None
    if kind == Timeliness.OVERDUE:
        return Rating.RED
    if kind == Timeliness.DONE_LATE:
        return Rating.RED if state.completed_on and state.completed_on >= period_start else Rating.GREEN
    if kind == Timeliness.DONE_ON_TIME:
        return Rating.GREEN
    if _behind(state, on, limits) or _due_soon_and_low(state, on, limits) or _stale(state, on, limits):
        return Rating.AMBER
    return Rating.GREEN


def _behind(state: TaskState, on: dt.date, limits: Thresholds) -> bool:
    expected = expected_progress(start_date=state.start_date, due_date=state.due_date, on=on)
    return expected is not None and expected - state.progress > limits.behind_points


def _due_soon_and_low(state: TaskState, on: dt.date, limits: Thresholds) -> bool:
    if state.due_date is None:
        return False
    return 0 <= (state.due_date - on).days <= limits.due_soon_days and state.progress < limits.due_soon_progress


def _stale(state: TaskState, on: dt.date, limits: Thresholds) -> bool:
    if state.status == Status.COMPLETED or (state.start_date and state.start_date > on):
        return False
    if state.last_update_on is None:
        return False
    return (on - state.last_update_on).days >= limits.stale_days


def amber_from(state: TaskState, limits: Thresholds) -> dt.date | None:
    """The first day an open task is amber by `rate_task` (amber from then on until its due date, red after it),
    given its state now: each reason for amber holds from some day on. None: no reason ever makes it amber.

    The summaries store this day (plans/summaries.py), so that a page rates every group by counting days, and a
    task turns amber on its day with no job having run; tests hold it equal to `rate_task` on every day."""
    days = [d for d in (_behind_from(state, limits), _due_soon_from(state, limits), _stale_from(state, limits)) if d]
    return min(days, default=None)


def _behind_from(state: TaskState, limits: Thresholds) -> dt.date | None:
    """`_behind` from the first day d with 100 × (d - start) > (progress + points) × (due - start)."""
    if state.start_date is None or state.due_date is None:
        return None
    duration = (state.due_date - state.start_date).days
    points = state.progress + limits.behind_points
    if duration <= 0 or points >= 100:  # never behind before the due date has passed (then it is red)
        return None
    return state.start_date + dt.timedelta(days=points * duration // 100 + 1)


def _due_soon_from(state: TaskState, limits: Thresholds) -> dt.date | None:
    if state.due_date is None or state.progress >= limits.due_soon_progress or limits.due_soon_days < 0:
        return None
    return state.due_date - dt.timedelta(days=limits.due_soon_days)


def _stale_from(state: TaskState, limits: Thresholds) -> dt.date | None:
    """`_stale`'s SQL twin's reading: from the start date, and `stale_days` after the latest activity."""
    if state.status == Status.COMPLETED or state.last_update_on is None:
        return None
    if limits.stale_days <= 0:
        return state.start_date or dt.date.min
    day = state.last_update_on + dt.timedelta(days=limits.stale_days)
    return max(day, state.start_date) if state.start_date else day


def basis(limits: Thresholds) -> str:
    """The thresholds a stored amber day was computed with ("15.30.80.30"): a change of them is seen when read."""
    return f"{limits.behind_points}.{limits.due_soon_days}.{limits.due_soon_progress}.{limits.stale_days}"


def rate_group(ratings: Iterable[str | None], limits: Thresholds) -> str | None:
    """A unit's, head's, pillar's, goal's or plan's rating from its tasks' ratings (None: not rated)."""
    return rate_counts(Counter(r for r in ratings if r), limits)


def rate_counts(counts: Mapping[str, int], limits: Thresholds) -> str | None:
    """The group rule on counts by rating value (the one copy; `rate_group` counts, then calls it)."""
    red, amber = counts.get(Rating.RED, 0), counts.get(Rating.AMBER, 0)
    total = red + amber + counts.get(Rating.GREEN, 0)
    if not total:
        return None
    if 100 * red >= limits.red_share * total:
        return Rating.RED
    if 100 * (red + amber) >= limits.amber_share * total:
        return Rating.AMBER
    return Rating.GREEN


# --- The SQL twin of `rate_task` --------------------------------------------------------------------------------


class DayNumber(Func):
    """A date as a whole number of days (since 1970-01-01), so that SQL can do the linear expected progress in
    integers on SQLite and PostgreSQL alike."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)")

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '1970-01-01')")

    def as_sql(self, compiler, connection, template=None, **extra):
        if template is None:
            raise NotImplementedError(f"DayNumber: no SQL for {connection.vendor}")
        return super().as_sql(compiler, connection, template=template, **extra)


def _epoch_day(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days


def latest_activity() -> Coalesce:
    """The moment of a task's latest update, or its creation without one (the staleness of `TaskState`)."""
    latest = TaskUpdate.objects.filter(task=OuterRef("pk")).order_by("-created_at", "-pk").values("created_at")[:1]
    return Coalesce(Subquery(latest), F("created_at"))


def _behind_q(on: dt.date, limits: Thresholds) -> Q:
    """`_behind` in integers: started before `on`; past due: progress below 100 - points; otherwise
    100 × elapsed days > (progress + points) × duration in days (the division moved to the right side)."""
    start = DayNumber("start_date")
    elapsed = Value(100) * (Value(_epoch_day(on)) - start)
    duration = DayNumber("due_date") - start
    linear = GreaterThan(elapsed, (F("progress") + Value(limits.behind_points)) * duration)
    return Q(start_date__lt=on, due_date__isnull=False) & (
        Q(due_date__lte=on, progress__lt=100 - limits.behind_points) | (Q(due_date__gt=on) & Q(linear))
    )


def _stale_q(on: dt.date, limits: Thresholds) -> Q:
    """`_stale`: the day of the latest activity is at least `stale_days` before `on`, i.e. the activity came before
    the start of the day `on - stale_days + 1` (Asia/Ho_Chi_Minh)."""
    expected = ~Q(status=Status.COMPLETED) & ~Q(start_date__gt=on)
    if limits.stale_days <= 0:
        return expected
    day = on - dt.timedelta(days=limits.stale_days - 1)
    cutoff = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return expected & Q(LessThan(latest_activity(), Value(cutoff)))


def with_rating(
    tasks: QuerySet | None = None,
    *,
    on: dt.date | None = None,
    period_start: dt.date | None = None,
    limits: Thresholds | None = None,
) -> QuerySet:
    """Annotate `rating` (a Rating value, NULL for a cancelled task): `rate_task` in SQL, judged on `on` (today,
    Asia/Ho_Chi_Minh) within the period starting `period_start` (the live pages': the current quarter)."""
    on = on or timezone.localdate()
    period_start = period_start or quarter_start(on)
    limits = limits or thresholds()
    tasks = Task.objects.all() if tasks is None else tasks
    if "timeliness" not in tasks.query.annotations:
        tasks = tasks.with_timeliness(on)
    soon = on + dt.timedelta(days=limits.due_soon_days)
    due_soon = Q(due_date__gte=on, due_date__lte=soon, progress__lt=limits.due_soon_progress)
    red, amber, green = (Value(r.value) for r in (Rating.RED, Rating.AMBER, Rating.GREEN))
    return tasks.annotate(
        rating=Case(
            When(timeliness=Timeliness.CANCELLED, then=Value(None)),
            When(timeliness=Timeliness.OVERDUE, then=red),
            When(timeliness=Timeliness.DONE_LATE, completed_on__gte=period_start, then=red),
            When(timeliness__in=(Timeliness.DONE_LATE, Timeliness.DONE_ON_TIME), then=green),
            When(_behind_q(on, limits) | due_soon | _stale_q(on, limits), then=amber),
            default=green,
            output_field=models.CharField(max_length=8, null=True),
        )
    )


def ratings_by(key: str, tasks: QuerySet | None = None, *, on: dt.date | None = None) -> dict:
    """One query: for each value of `key` (e.g. "lead_unit_id", "pillar"), its tasks counted by rating and the
    group's rating: {key: {"counts": {rating: n}, "total": n, "rating": value or None}}."""
    limits = thresholds()
    rows = with_rating(tasks, on=on, limits=limits).order_by().values(key, "rating").annotate(n=Count("pk"))
    counts: dict = {}
    for row in rows:
        if row["rating"]:
            counts.setdefault(row[key], Counter())[row["rating"]] = row["n"]
    return {k: group_summary(c, limits) for k, c in counts.items()}


def group_summary(counts: Mapping[str, int], limits: Thresholds | None = None) -> dict:
    limits = limits or thresholds()
    return {"counts": dict(counts), "total": sum(counts.values()), "rating": rate_counts(counts, limits)}


def rate_goal(
    *, met: bool | None, deadline: dt.date | None, tasks_rating: str | None, on: dt.date, limits: Thresholds
) -> str | None:
    """A goal's rating. Goals are rated from their tasks: a goal's tasks are its plan's (a goal names no task).

    Met (the current value meets the target) is green; not met with the deadline passed is red; otherwise the
    rating of its plan's tasks. A plan with no rated task leaves the value against the target and the deadline:
    not met with the deadline within `due_soon_days` is amber, not met with more time left is green (on track);
    a goal with no value or no target is not rated.
    """
    if met is True:
        return Rating.GREEN
    if met is False and deadline is not None and deadline < on:
        return Rating.RED
    if tasks_rating:
        return tasks_rating
    if met is None:
        return None
    if deadline is not None and (deadline - on).days <= limits.due_soon_days:
        return Rating.AMBER
    return Rating.GREEN
