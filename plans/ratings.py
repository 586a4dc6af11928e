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
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Status, Timeliness, stale_days, timeliness_of


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


def rate_group(ratings: Iterable[str | None], limits: Thresholds) -> str | None:
    """A unit's, head's, pillar's, goal's or plan's rating from its tasks' ratings (None: not rated)."""
    counts = Counter(r for r in ratings if r)
    total = sum(counts.values())
    if not total:
        return None
    if 100 * counts[Rating.RED] >= limits.red_share * total:
        return Rating.RED
    if 100 * (counts[Rating.RED] + counts[Rating.AMBER]) >= limits.amber_share * total:
        return Rating.AMBER
    return Rating.GREEN
