"""Timeliness at its edges; the model method and the SQL annotation always agree."""

import datetime as dt

import pytest

from plans.models import Status, Task, Timeliness, timeliness_of
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
DAY = dt.timedelta(days=1)

CASES = [
    # (name, status, due date, completion date, expected)
    ("due today, open", Status.IN_PROGRESS, TODAY, None, Timeliness.ON_TRACK),
    ("due yesterday, open", Status.IN_PROGRESS, TODAY - DAY, None, Timeliness.OVERDUE),
    ("due tomorrow, not started", Status.NOT_STARTED, TODAY + DAY, None, Timeliness.ON_TRACK),
    ("overdue and paused", Status.PAUSED, TODAY - DAY, None, Timeliness.OVERDUE),
    ("completed on the due date", Status.COMPLETED, TODAY - DAY, TODAY - DAY, Timeliness.DONE_ON_TIME),
    ("completed a day late", Status.COMPLETED, TODAY - 2 * DAY, TODAY - DAY, Timeliness.DONE_LATE),
    ("completed early, due in future", Status.COMPLETED, TODAY + 10 * DAY, TODAY, Timeliness.DONE_ON_TIME),
    ("no due date, open", Status.IN_PROGRESS, None, None, Timeliness.NO_DEADLINE),
    ("no due date, completed", Status.COMPLETED, None, TODAY, Timeliness.NO_DEADLINE),
    ("cancelled after its deadline", Status.CANCELLED, TODAY - 5 * DAY, None, Timeliness.CANCELLED),
    ("cancelled without deadline", Status.CANCELLED, None, None, Timeliness.CANCELLED),
]


@pytest.mark.parametrize(("name", "status", "due", "completed", "expected"), CASES, ids=[c[0] for c in CASES])
def test_method_and_annotation_agree_at_the_edges(name, status, due, completed, expected):
    task = factories.TaskFactory(
        status=status,
        due_date=due,
        start_date=None,
        completed_on=completed,
        progress=100 if status == Status.COMPLETED else 10,
    )
    assert timeliness_of(status=status, due_date=due, completed_on=completed, today=TODAY) == expected
    assert Task.objects.get(pk=task.pk).current_timeliness(today=TODAY) == expected
    assert Task.objects.with_timeliness(TODAY).get(pk=task.pk).timeliness == expected


def test_lists_filter_and_count_timeliness_in_sql(django_assert_num_queries):
    for _name, status, due, completed, _expected in CASES:
        factories.TaskFactory(
            status=status,
            due_date=due,
            start_date=None,
            completed_on=completed,
            progress=100 if status == Status.COMPLETED else 10,
        )
    with django_assert_num_queries(1):
        overdue = list(Task.objects.with_timeliness(TODAY).filter(timeliness=Timeliness.OVERDUE))
    assert len(overdue) == 2
    expected_counts: dict[str, int] = {}
    for case in CASES:
        expected_counts[case[4]] = expected_counts.get(case[4], 0) + 1
    from django.db.models import Count

    rows = Task.objects.with_timeliness(TODAY).values("timeliness").annotate(n=Count("pk"))
    assert {r["timeliness"]: r["n"] for r in rows} == expected_counts


def test_annotated_row_uses_the_sql_answer_for_display():
    factories.TaskFactory(due_date=TODAY - DAY, start_date=None)
    task = Task.objects.with_timeliness(TODAY).get()
    assert task.current_timeliness() == Timeliness.OVERDUE
    assert task.get_timeliness_display() == Timeliness.OVERDUE.label


def test_filter_by_class_is_the_rule_as_plain_conditions():
    """`in_timeliness` (the filter the task list, the admin and "most overdue" use, which the indexes serve) picks
    exactly the tasks `timeliness_of` and the CASE put in each class, over every status, due date and completion
    date around today and the due date."""
    dues = [None, TODAY - 2 * DAY, TODAY, TODAY + 2 * DAY]
    expected: dict[str, set[int]] = {cls: set() for cls in Timeliness.values}
    for status in Status.values:
        for due in dues:
            completions = [TODAY] if due is None else [due - DAY, due, due + DAY]
            for completed in completions if status == Status.COMPLETED else [None]:
                done = status == Status.COMPLETED
                task = factories.TaskFactory(
                    status=status, due_date=due, start_date=None, completed_on=completed, progress=100 if done else 50
                )
                cls = timeliness_of(status=status, due_date=due, completed_on=completed, today=TODAY)
                expected[cls].add(task.pk)
    assert all(expected.values())
    for cls in Timeliness.values:
        assert set(Task.objects.in_timeliness(cls, TODAY).values_list("pk", flat=True)) == expected[cls], cls
        annotated = Task.objects.with_timeliness(TODAY).filter(timeliness=cls).values_list("pk", flat=True)
        assert set(annotated) == expected[cls], cls
