"""The rating rule at every edge (plans/ratings.py)."""

import datetime as dt

import pytest

from plans.models import Status
from plans.ratings import Rating, TaskState, Thresholds, expected_progress, quarter_start, rate_group, rate_task

ON = dt.date(2026, 9, 30)
PERIOD_START = dt.date(2026, 7, 1)
LIMITS = Thresholds()


def state(**kw):
    values = {
        "status": Status.IN_PROGRESS,
        "progress": 50,
        "start_date": dt.date(2026, 1, 1),
        "due_date": dt.date(2027, 12, 31),
        "completed_on": None,
        "last_update_on": ON,
    }
    values.update(kw)
    return TaskState(**values)


def rate(**kw):
    return rate_task(state(**kw), on=ON, period_start=PERIOD_START, limits=LIMITS)


def test_overdue_is_red_and_due_today_is_not():
    assert rate(due_date=ON - dt.timedelta(days=1), progress=99) == Rating.RED
    assert rate(due_date=ON, progress=99, start_date=dt.date(2026, 1, 1)) == Rating.GREEN


def test_completed_late_within_the_period_is_red_before_it_green():
    late = {"status": Status.COMPLETED, "progress": 100, "due_date": dt.date(2026, 6, 1)}
    assert rate(**late, completed_on=PERIOD_START) == Rating.RED
    assert rate(**late, completed_on=PERIOD_START - dt.timedelta(days=1)) == Rating.GREEN


def test_completed_on_time_is_green_even_without_recent_update():
    assert (
        rate(status=Status.COMPLETED, progress=100, due_date=ON, completed_on=ON, last_update_on=dt.date(2020, 1, 1))
        == Rating.GREEN
    )


def test_cancelled_is_not_rated():
    assert rate(status=Status.CANCELLED, due_date=dt.date(2020, 1, 1)) is None


def test_expected_progress_is_linear_and_bounded():
    start, due = dt.date(2026, 1, 1), dt.date(2026, 1, 11)
    assert expected_progress(start_date=start, due_date=due, on=dt.date(2026, 1, 6)) == 50.0
    assert expected_progress(start_date=start, due_date=due, on=dt.date(2025, 12, 1)) == 0.0
    assert expected_progress(start_date=start, due_date=due, on=dt.date(2026, 2, 1)) == 100.0
    assert expected_progress(start_date=None, due_date=due, on=start) is None


def test_behind_by_more_than_the_threshold_is_amber_exactly_the_threshold_is_green():
    # start 2026-09-10, due 2026-11-29 (80 days): on 2026-09-30, 20 days elapsed -> expected 25 %.
    window = {"start_date": dt.date(2026, 9, 10), "due_date": dt.date(2026, 11, 29)}
    assert rate(**window, progress=10) == Rating.GREEN  # 15 points behind: not more than 15
    assert rate(**window, progress=9) == Rating.AMBER  # 16 points behind


def test_due_within_30_days_below_80_percent_is_amber():
    soon = {"start_date": ON, "due_date": ON + dt.timedelta(days=30)}
    assert rate(**soon, progress=79) == Rating.AMBER
    assert rate(**soon, progress=80) == Rating.GREEN
    assert rate(start_date=ON, due_date=ON + dt.timedelta(days=31), progress=0) == Rating.GREEN


def test_stale_for_the_threshold_is_amber_one_day_less_is_green(settings):
    settings.DXT_REMINDER_STALE_DAYS = 30
    from plans.ratings import thresholds

    limits = thresholds()
    kw = {"start_date": dt.date(2026, 9, 1), "due_date": dt.date(2027, 12, 31), "progress": 20}
    stale = state(**kw, last_update_on=ON - dt.timedelta(days=30))
    fresh = state(**kw, last_update_on=ON - dt.timedelta(days=29))
    assert rate_task(stale, on=ON, period_start=PERIOD_START, limits=limits) == Rating.AMBER
    assert rate_task(fresh, on=ON, period_start=PERIOD_START, limits=limits) == Rating.GREEN


def test_a_task_not_yet_started_is_not_stale():
    future = state(
        status=Status.NOT_STARTED,
        progress=0,
        start_date=ON + dt.timedelta(days=60),
        due_date=ON + dt.timedelta(days=400),
        last_update_on=dt.date(2025, 1, 1),
    )
    assert rate_task(future, on=ON, period_start=PERIOD_START, limits=LIMITS) == Rating.GREEN


def test_ongoing_without_deadline_is_green_with_recent_update():
    assert rate(due_date=None, start_date=None, progress=0) == Rating.GREEN


def test_thresholds_come_from_settings(settings):
    from plans.ratings import thresholds

    settings.DXT_RATING_BEHIND_POINTS = 5
    window = {"start_date": dt.date(2026, 9, 10), "due_date": dt.date(2026, 11, 29)}
    assert rate_task(state(**window, progress=19), on=ON, period_start=PERIOD_START, limits=thresholds()) == (
        Rating.AMBER
    )


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([Rating.RED] + [Rating.GREEN] * 4, Rating.RED),  # exactly 20 % red
        ([Rating.RED] + [Rating.GREEN] * 5, Rating.GREEN),  # 16,7 % red, 16,7 % amber or red: below both
        ([Rating.RED, Rating.AMBER] + [Rating.GREEN] * 6, Rating.AMBER),  # 12,5 % red, 25 % amber or red
        ([Rating.AMBER] + [Rating.GREEN] * 4, Rating.AMBER),  # exactly 20 % amber
        ([Rating.AMBER] + [Rating.GREEN] * 5, Rating.GREEN),  # 16,7 %
        ([Rating.GREEN, None], Rating.GREEN),  # not rated tasks do not count
        ([None], None),
        ([], None),
    ],
)
def test_group_rating_shares(ratings, expected):
    assert rate_group(ratings, LIMITS) == expected


def test_quarter_start():
    assert quarter_start(dt.date(2026, 9, 30)) == dt.date(2026, 7, 1)
    assert quarter_start(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
