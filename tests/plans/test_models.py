"""The database itself refuses rows that break the programme's rules, not only the forms."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.models import Leader, Status, Task, TaskUpdate, stale_cutoff, stale_days
from tests import factories

pytestmark = pytest.mark.django_db


def _refused_by_database(**changes) -> bool:
    task = factories.TaskFactory()
    try:
        with transaction.atomic():
            Task.objects.filter(pk=task.pk).update(**changes)
    except IntegrityError:
        return True
    return False


def test_progress_above_100_is_refused_by_the_database():
    assert _refused_by_database(progress=101)


def test_progress_of_100_is_accepted():
    assert not _refused_by_database(progress=100)


def test_due_date_before_start_date_is_refused_by_the_database():
    assert _refused_by_database(start_date=dt.date(2024, 5, 2), due_date=dt.date(2024, 5, 1))


def test_due_date_equal_to_start_date_is_accepted():
    assert not _refused_by_database(start_date=dt.date(2024, 5, 1), due_date=dt.date(2024, 5, 1))


def test_completed_task_without_100_percent_is_refused_by_the_database():
    assert _refused_by_database(status=Status.COMPLETED, progress=90, completed_on=dt.date(2024, 1, 1))


def test_completed_task_without_completion_date_is_refused_by_the_database():
    assert _refused_by_database(status=Status.COMPLETED, progress=100, completed_on=None)


def test_completion_date_on_an_open_task_is_refused_by_the_database():
    assert _refused_by_database(status=Status.IN_PROGRESS, completed_on=dt.date(2024, 1, 1))


def test_zero_weight_is_refused_by_the_database():
    assert _refused_by_database(weight=0)


def test_two_tasks_with_one_code_in_a_plan_are_refused_by_the_database():
    task = factories.TaskFactory(code="1.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(
            plan=task.plan, code="1.1", title="Trùng mã", pillar=task.pillar, field=task.field, lead_unit=task.lead_unit
        )


def test_same_code_in_another_plan_is_allowed():
    task = factories.TaskFactory(code="1.1")
    other_plan = factories.PlanFactory()
    other = Task(plan=other_plan, code="1.1", title="Cùng mã", pillar=task.pillar, field=task.field)
    other.lead_unit = task.lead_unit
    other.full_clean()  # the form's check of the constraint passes too
    other.save()
    assert sorted(Task.objects.filter(code="1.1").values_list("plan_id", flat=True)) == sorted(
        [task.plan_id, other_plan.pk]
    )


def test_form_validation_explains_a_completed_task_without_date():
    task = factories.TaskFactory.build(
        plan=factories.PlanFactory(), lead_unit=factories.UnitFactory(), status=Status.COMPLETED, progress=80
    )
    with pytest.raises(ValidationError) as excinfo:
        task.full_clean()
    assert set(excinfo.value.message_dict) >= {"progress", "completed_on"}


def test_parent_task_must_be_in_the_same_plan():
    parent = factories.TaskFactory()
    child = factories.TaskFactory.build(
        plan=factories.PlanFactory(), lead_unit=parent.lead_unit, parent=parent, code="X"
    )
    with pytest.raises(ValidationError) as excinfo:
        child.full_clean()
    assert "parent" in excinfo.value.message_dict


def test_leader_term_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.LeaderFactory(term_start=dt.date(2024, 1, 2), term_end=dt.date(2024, 1, 1))


def test_plan_period_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PlanFactory(start_year=2025, end_year=2021)


def test_document_cannot_implement_itself():
    doc = factories.DocumentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        doc.implements.add(doc)


class TestHeadOfUnit:
    def test_head_on_a_date_is_the_head_whose_term_covers_it(self):
        unit = factories.UnitFactory()
        old = factories.LeaderFactory(unit=unit, term_start=dt.date(2016, 1, 1), term_end=dt.date(2020, 12, 31))
        new = factories.LeaderFactory(unit=unit, term_start=dt.date(2021, 1, 1))
        factories.LeaderFactory(unit=unit, role=Leader.Role.DEPUTY, term_start=dt.date(2021, 1, 1))
        assert unit.head_on(dt.date(2019, 6, 1)) == old
        assert unit.head_on(dt.date(2021, 1, 1)) == new
        assert unit.head_on(dt.date(2015, 1, 1)) is None

    def test_head_on_is_one_query(self, django_assert_num_queries):
        unit = factories.UnitFactory()
        factories.LeaderFactory(unit=unit)
        with django_assert_num_queries(1):
            unit.head_on(dt.date(2024, 1, 1))

    @pytest.mark.parametrize(
        ("day", "covered"),
        [
            (dt.date(2020, 12, 31), False),  # the day before the term
            (dt.date(2021, 1, 1), True),  # its first day
            (dt.date(2023, 6, 30), True),  # its last day
            (dt.date(2023, 7, 1), False),  # the day after
        ],
    )
    def test_in_office_on_agrees_with_current_on_at_the_term_edges(self, day, covered):
        post = factories.LeaderFactory(term_start=dt.date(2021, 1, 1), term_end=dt.date(2023, 6, 30))
        assert post.in_office_on(day) is covered
        assert Leader.objects.current_on(day).filter(pk=post.pk).exists() is covered

    def test_open_term_covers_every_day_from_its_start(self):
        post = factories.LeaderFactory(term_start=dt.date(2021, 1, 1), term_end=None)
        assert post.in_office_on(dt.date(2099, 1, 1))
        assert not post.in_office_on(dt.date(2020, 12, 31))
        assert list(Leader.objects.current_on(dt.date(2099, 1, 1))) == [post]

    def test_heads_on_for_all_units_at_once(self):
        a, b = factories.LeaderFactory(), factories.LeaderFactory()
        factories.LeaderFactory(term_start=dt.date(2030, 1, 1))
        assert set(Leader.objects.heads_on(dt.date(2024, 1, 1))) == {a, b}


def test_descendant_ids_include_the_unit_and_all_below(unit_a, ward_a):
    grandchild = factories.UnitFactory(parent=ward_a)
    other = factories.UnitFactory()
    ids = unit_a.descendant_ids()
    assert ids == {unit_a.pk, ward_a.pk, grandchild.pk}
    assert other.pk not in ids


def test_task_history_is_recorded():
    task = factories.TaskFactory(progress=10)
    task.progress = 50
    task.save()
    assert [h.progress for h in task.history.order_by("history_date")] == [10, 50]


def test_updates_newest_first_breaks_a_tie_on_time_by_the_later_row():
    task = factories.TaskFactory()
    moment = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
    older = TaskUpdate.objects.create(
        task=task, created_at=moment - dt.timedelta(days=1), status=Status.IN_PROGRESS, progress=10
    )
    first = TaskUpdate.objects.create(task=task, created_at=moment, status=Status.IN_PROGRESS, progress=20)
    second = TaskUpdate.objects.create(task=task, created_at=moment, status=Status.IN_PROGRESS, progress=30)
    other_task = factories.TaskFactory()
    TaskUpdate.objects.create(task=other_task, created_at=moment, status=Status.IN_PROGRESS, progress=5)
    assert list(task.updates.newest_first()) == [second, first, older]


def test_stale_cutoff_follows_the_setting(settings):
    now = dt.datetime(2025, 3, 31, 12, 0, tzinfo=dt.UTC)
    settings.DXT_REMINDER_STALE_DAYS = 10
    assert stale_days() == 10
    assert stale_cutoff(now) == dt.datetime(2025, 3, 21, 12, 0, tzinfo=dt.UTC)
    settings.DXT_REMINDER_STALE_DAYS = 45
    assert stale_cutoff(now) == now - dt.timedelta(days=45)
