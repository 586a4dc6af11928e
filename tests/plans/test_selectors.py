"""plans.selectors: counts, rates, roll-ups, staleness and document chains, as the pages show them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from plans import summaries
from plans.models import DocumentLink, Status, Task, TaskUpdate, Timeliness
from plans.rollup import TaskRow, rollup
from plans.selectors import aggregates, common, documents, leaders, overview, tasks, units
from tests import factories

TODAY = dt.date(2025, 6, 15)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def make(status=Status.IN_PROGRESS, due=TODAY, completed=None, **kw):
    progress = 100 if status == Status.COMPLETED else kw.pop("progress", 30)
    return factories.TaskFactory(
        status=status, due_date=due, completed_on=completed, start_date=None, progress=progress, **kw
    )


@pytest.mark.django_db
def test_on_time_rate_counts_on_time_completions_out_of_tasks_already_judged():
    make(Status.COMPLETED, due=TODAY, completed=TODAY)  # on time
    make(Status.COMPLETED, due=TODAY - dt.timedelta(days=5), completed=TODAY)  # late
    make(due=TODAY - dt.timedelta(days=1))  # overdue
    make(due=TODAY + dt.timedelta(days=1))  # on track: not judged yet
    make(due=None)  # no deadline: never judged
    counts = common.timeliness_counts(on=TODAY)
    assert counts.total == 5
    assert counts.judged == 3
    assert counts.on_time_rate == pytest.approx(100 / 3)
    assert counts.share(Timeliness.OVERDUE) == pytest.approx(20.0)
    assert common.TimelinessCounts().on_time_rate is None


@pytest.mark.django_db
def test_overview_counts_sum_units_and_count_open_tasks_due_within_30_days(unit_a, unit_b):
    make(lead_unit=unit_a, due=TODAY + dt.timedelta(days=30))  # due soon
    make(lead_unit=unit_a, due=TODAY + dt.timedelta(days=31))  # too far
    make(lead_unit=unit_b, due=TODAY - dt.timedelta(days=3))  # overdue, not "due soon"
    make(Status.COMPLETED, lead_unit=unit_b, due=TODAY + dt.timedelta(days=3), completed=TODAY)  # done: not due
    o = overview.overview_counts(on=TODAY)
    assert o.total == 4
    assert o.due_soon == 1
    assert o.timeliness.get(Timeliness.ON_TRACK) == 2
    # The unit with overdue tasks comes first in the chart.
    assert [u.pk for u, _c in o.by_unit] == [unit_b.pk, unit_a.pk]
    assert o.by_unit[0][1].get(Timeliness.OVERDUE) == 1


@pytest.mark.django_db
def test_progress_summary_matches_the_rollup_of_each_plan():
    plan = factories.PlanFactory()
    parent = make(plan=plan, progress=0, weight=Decimal("1"))
    make(plan=plan, parent=parent, progress=100, weight=Decimal("3"), pillar="economy")
    make(plan=plan, parent=parent, progress=0, weight=Decimal("1"))
    make(plan=plan, progress=50, weight=Decimal("1"), pillar="economy")
    rows = [TaskRow(*r) for r in plan.tasks.values_list("pk", "parent_id", "progress", "weight", "status")]
    expected = rollup(rows).plan_progress
    summary = aggregates.progress_summary()
    assert summary.plans[plan.pk] == pytest.approx(expected)
    assert expected == pytest.approx((75 + 50) / 2)
    assert summary.overall == pytest.approx(expected)
    # Top-level tasks only: the parent (government, 75 %) and the economy task (50 %).
    assert summary.pillars["government"] == pytest.approx(75)
    assert summary.pillars["economy"] == pytest.approx(50)


@pytest.mark.django_db
def test_progress_summary_follows_every_save_and_a_bulk_write_after_the_rebuild():
    task = make(progress=10)
    assert aggregates.progress_summary().plans[task.plan_id] == pytest.approx(10)
    task.progress = 80
    task.save()
    assert aggregates.progress_summary().plans[task.plan_id] == pytest.approx(80)
    # QuerySet.update() bypasses the signals that keep the summaries: the rebuild (nightly, or by command)
    # repairs them.
    Task.objects.filter(pk=task.pk).update(progress=60)
    assert aggregates.progress_summary().plans[task.plan_id] == pytest.approx(80)
    summaries.rebuild()
    assert aggregates.progress_summary().plans[task.plan_id] == pytest.approx(60)


@pytest.mark.django_db
def test_staleness_days_since_last_update_and_share_of_open_tasks_updated_in_30_days(unit_a):
    now = timezone.now()
    fresh, stale, _never = make(lead_unit=unit_a), make(lead_unit=unit_a), make(lead_unit=unit_a)
    make(Status.COMPLETED, lead_unit=unit_a, completed=TODAY)  # closed: not counted as open
    factories.TaskUpdateFactory(task=fresh, created_at=now - dt.timedelta(days=2))
    factories.TaskUpdateFactory(task=stale, created_at=now - dt.timedelta(days=45))
    s = units.unit_staleness(now=now)[unit_a.pk]
    assert s.days_since == 2
    assert (s.open_recent, s.open_tasks) == (1, 3)
    assert s.recent_share == pytest.approx(100 / 3)


@pytest.mark.django_db
def test_unit_rows_rank_by_on_time_rate_and_carry_the_head(unit_a, unit_b, head_a):
    make(Status.COMPLETED, lead_unit=unit_a, due=TODAY, completed=TODAY + dt.timedelta(days=2))  # late
    make(Status.COMPLETED, lead_unit=unit_b, due=TODAY, completed=TODAY)  # on time
    rows = units.unit_rows(on=TODAY)
    assert [r["pk"] for r in rows][:2] == [unit_b.pk, unit_a.pk]
    assert rows[0]["on_time_rate"] == 100.0 and rows[1]["on_time_rate"] == 0.0
    assert rows[1]["head"].user == head_a
    assert [r["rank"] for r in rows[:2]] == [1, 2]


@pytest.mark.django_db
def test_leader_rows_count_each_heads_tasks(head_a, head_b):
    leader_a = head_a.leader_posts.get()
    make(responsible_leader=leader_a, due=TODAY - dt.timedelta(days=1))
    make(responsible_leader=leader_a, due=TODAY + dt.timedelta(days=1))
    rows = {r["pk"]: r for r in leaders.leader_rows(on=TODAY)}
    assert rows[leader_a.pk]["total"] == 2
    assert rows[leader_a.pk][Timeliness.OVERDUE] == 1
    assert rows[head_b.leader_posts.get().pk]["total"] == 0


@pytest.mark.django_db
def test_document_chain_goes_up_and_down_transitively_and_marks_repeats():
    nq = factories.DocumentFactory(number="09-NQ/TU")
    kh = factories.DocumentFactory(number="122/KH-UBND")
    qd = factories.DocumentFactory(number="1/QĐ-UBND")
    other = factories.DocumentFactory(number="2/KH-UBND")
    top = factories.DocumentFactory(number="749/QĐ-TTg")
    DocumentLink.objects.create(source=kh, target=nq)
    DocumentLink.objects.create(source=qd, target=kh)
    DocumentLink.objects.create(source=other, target=nq)
    DocumentLink.objects.create(source=nq, target=top)
    DocumentLink.objects.create(source=qd, target=other)  # qd reached twice from nq
    up, down = documents.document_chain(kh)
    assert [n.document for n in up.children] == [nq]
    assert [n.document for n in up.children[0].children] == [top]
    assert [n.document for n in down.children] == [qd]
    up, down = documents.document_chain(nq)
    assert {n.document for n in down.children} == {kh, other}
    grandchildren = [c for n in down.children for c in n.children]
    assert [c.document for c in grandchildren] == [qd, qd]
    assert sorted(c.repeated for c in grandchildren) == [False, True]


@pytest.mark.django_db
def test_most_overdue_orders_by_due_date_and_counts_days():
    later = make(due=TODAY - dt.timedelta(days=2))
    earliest = make(due=TODAY - dt.timedelta(days=20))
    make(due=TODAY + dt.timedelta(days=2))
    found = tasks.most_overdue(on=TODAY)
    assert found == [earliest, later]
    assert [t.days_overdue for t in found] == [20, 2]


@pytest.mark.django_db
def test_completions_by_month_split_on_time_and_late():
    make(Status.COMPLETED, due=dt.date(2025, 3, 31), completed=dt.date(2025, 3, 10))
    make(Status.COMPLETED, due=dt.date(2025, 3, 1), completed=dt.date(2025, 3, 20))
    make(Status.COMPLETED, due=dt.date(2025, 5, 1), completed=dt.date(2025, 5, 1))
    # April (nothing completed) and June (this month, nothing yet) are rows of zeros, not gaps.
    assert overview.completions_by_month(on=TODAY) == [
        (dt.date(2025, 3, 1), 1, 1),
        (dt.date(2025, 4, 1), 0, 0),
        (dt.date(2025, 5, 1), 1, 0),
        (dt.date(2025, 6, 1), 0, 0),
    ]


def test_month_range_crosses_the_year_and_is_empty_without_completions():
    assert aggregates.month_range(dt.date(2024, 11, 1), dt.date(2025, 2, 3)) == [
        dt.date(2024, 11, 1),
        dt.date(2024, 12, 1),
        dt.date(2025, 1, 1),
        dt.date(2025, 2, 1),
    ]
    assert aggregates.month_range(None, TODAY) == []


@pytest.mark.django_db
def test_task_update_history_newest_first():
    task = make()
    old = factories.TaskUpdateFactory(task=task, created_at=timezone.now() - dt.timedelta(days=3))
    new = factories.TaskUpdateFactory(task=task)
    assert tasks.task_updates(task) == [new, old]
    assert TaskUpdate.objects.count() == 2


@pytest.mark.django_db
def test_cached_page_aggregates_follow_an_update_through_the_workflow(task_a, head_a):
    """The overview, units and heads counts are cached under the task table's version: a head's update moves it."""
    from plans.services import task_submit_update

    on = timezone.localdate()
    before = overview.overview_counts(on=on)
    assert before.timeliness.get(Timeliness.DONE_ON_TIME) == 0
    staleness_before = {r["pk"]: r["days_since_update"] for r in units.unit_rows(on=on)}
    assert staleness_before[task_a.lead_unit_id] is None
    task_submit_update(
        task=task_a, user=head_a, expected_version=task_a.version, status=Status.COMPLETED, progress=100, note="Xong"
    )
    after = overview.overview_counts(on=on)
    assert after.timeliness.get(Timeliness.DONE_ON_TIME) == 1
    rows = {r["pk"]: r for r in units.unit_rows(on=on)}
    assert rows[task_a.lead_unit_id]["days_since_update"] == 0
    assert rows[task_a.lead_unit_id][Timeliness.DONE_ON_TIME] == 1
    heads = {r["pk"]: r for r in leaders.leader_rows(on=on)}
    assert heads[task_a.responsible_leader_id][Timeliness.DONE_ON_TIME] == 1


@pytest.mark.django_db
def test_cached_aggregates_follow_an_admin_edit_of_the_due_date():
    task = make(due=timezone.localdate() + dt.timedelta(days=5))
    on = timezone.localdate()
    assert overview.overview_counts(on=on).timeliness.get(Timeliness.ON_TRACK) == 1
    task.due_date = on - dt.timedelta(days=1)
    task.save()  # the admin saves the whole row: updated_at moves
    assert overview.overview_counts(on=on).timeliness.get(Timeliness.OVERDUE) == 1
