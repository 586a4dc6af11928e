"""Summaries kept on write: every figure the progress pages show, stored, so that no page reads every task.

What is stored:
- on each task, `rollup_progress` (a parent's weighted mean of its non-cancelled children's, `plans.rollup`; a
  leaf's own progress) and `last_update_at` (its latest TaskUpdate);
- on each unit, `last_update_at` (the latest update on a task it leads);
- `TaskCount` rows: tasks counted per unit, head, plan, pillar and field by timeliness bucket. The buckets
  that do not depend on today are the timeliness classes themselves; an open task with a deadline is counted
  under "open" on its due date, and a page splits those into on track and overdue with `day < today` when it
  reads them, so a task turns overdue at midnight with no job having run. "rollup" rows hold the weight and
  weighted roll-up of the top-level tasks (a plan's, pillar's and field's progress), "month" rows the
  completions per month, "open_upd" rows a unit's open tasks by the day of their last update (staleness);
  ratings green / amber / red (plans/ratings.py), which move with today's date, are counted by the day a task
  stops being green: "amber:<thresholds>" rows hold open tasks by the day they turn amber (or red, the day after
  their due date, if that comes first), "late" rows tasks completed late by their completion day (red while the
  quarter holds it). A page rates a group from those days and the due days (`selectors.aggregates.ratings_of`),
  if the "meta" row says the rows were built with the thresholds in force (else it rates the tasks in SQL).

Who keeps them: the signal handlers below, on every save and delete of a task (the update service, the admin,
the imports) and every new TaskUpdate, in the same transaction as the write. A task's contribution to the
counts is a function of its row (`contributions`): a change subtracts the old contribution and adds the new
one, then walks up the parents (O(depth)), each locked, recomputing its roll-up from its children's stored
ones, until one does not move. Writes that bypass signals (bulk_create, QuerySet.update of these columns,
raw fixtures) are repaired by `rebuild`, which `manage.py rebuild_summaries`, `load_demo` and the nightly
job (`plans.tasks.refresh_summaries`, just after midnight) run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import threading
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import F, FloatField, Max, Q, Sum
from django.db.models.functions import Cast
from django.db.models.signals import post_save, pre_delete, pre_save
from django.utils import timezone

from common import page_cache
from plans import ratings
from plans.models import CLOSED_STATUSES, Leader, Status, Task, TaskCount, TaskUpdate, Timeliness, Unit, timeliness_of
from plans.rollup import TaskRow, rollup

OPEN = "open"  # an open task with a deadline, counted on its due date
ROLLUP = "rollup"  # top-level tasks: weight and weighted roll-up
OPEN_UPDATED = "open_upd"  # open tasks by the day of their last update (or none)
# Undated totals of the two dated buckets above, so that a page reads only the days it compares (with the index
# on scope, bucket and day) and never every due day of every group.
OPEN_N = "open_n"
OPEN_UPDATED_N = "open_upd_n"
PAST = dt.date(1, 1, 1)  # the day the nightly rebuild gives the rows whose day is past (`compacted`)
MONTH = "month"
LATE = "late"  # tasks completed late, by completion day: red within the period (quarter) that holds it
AMBER = "amber:"  # + ratings.basis(): open tasks by the day they turn amber (`ratings.amber_from`) or red
META = "meta"  # one row: the thresholds the rating rows were built with (`rating_marker`)


def rating_marker(limits: ratings.Thresholds) -> Key:
    """The row saying which thresholds every rating row was computed with: written by `rebuild` (and by the
    migration on an empty database). Without it, or with other thresholds in force, pages rate the tasks in SQL."""
    return (META, "ratings", AMBER + ratings.basis(limits), None)


FIELDS = (
    "pk",
    "plan_id",
    "parent_id",
    "lead_unit_id",
    "responsible_leader_id",
    "pillar",
    "field",
    "status",
    "due_date",
    "completed_on",
    "weight",
    "progress",
    "rollup_progress",
    "last_update_at",
    "start_date",
    "created_at",
)


class State(NamedTuple):
    """What of a task the summaries depend on."""

    pk: int
    plan_id: int
    parent_id: int | None
    lead_unit_id: int
    responsible_leader_id: int | None
    pillar: str
    field: str
    status: str
    due_date: dt.date | None
    completed_on: dt.date | None
    weight: Decimal
    progress: int
    rollup_progress: float
    last_update_at: dt.datetime | None
    start_date: dt.date | None
    created_at: dt.datetime | None

    @classmethod
    def of(cls, task: Task) -> State:
        return cls(*(getattr(task, name) for name in FIELDS))


Key = tuple[str, str, str, "dt.date | None"]


def timeliness_bucket(state: State) -> tuple[str, dt.date | None]:
    """The task's timeliness class when it does not depend on today, else ("open", due date)."""
    cls = timeliness_of(
        status=state.status, due_date=state.due_date, completed_on=state.completed_on, today=dt.date.min
    )
    return (OPEN, state.due_date) if cls == Timeliness.ON_TRACK else (str(cls), None)


def rating_bucket(state: State, limits: ratings.Thresholds) -> tuple[str, dt.date] | None:
    """Where the task's rating is counted, as a day from which it is no longer green: an open task by the day it
    turns amber, or red (the day after its due date) if that comes first; a task completed late by its completion
    day (red while the period holds that day). None: green whatever the day (or not rated: cancelled)."""
    if state.status == Status.CANCELLED:
        return None
    if state.status == Status.COMPLETED:
        late = state.due_date and state.completed_on and state.completed_on > state.due_date
        return (LATE, state.completed_on) if late else None
    activity = state.last_update_at or state.created_at
    task = ratings.TaskState(
        status=state.status,
        progress=state.progress,
        start_date=state.start_date,
        due_date=state.due_date,
        completed_on=None,
        last_update_on=timezone.localdate(activity) if activity else None,
    )
    day = ratings.amber_from(task, limits)
    if state.due_date:
        red = state.due_date + dt.timedelta(days=1)
        day = min(day, red) if day else red
    return (AMBER + ratings.basis(limits), day) if day else None


def contributions(state: State, limits: ratings.Thresholds | None = None) -> dict[Key, tuple[int, Decimal, float]]:
    """What one task adds to the TaskCount rows: (count, weight, weighted progress) per row."""
    out: dict[Key, tuple[int, Decimal, float]] = {}
    groups = [("unit", state.lead_unit_id), ("plan", state.plan_id), ("pillar", state.pillar), ("field", state.field)]
    if state.responsible_leader_id:
        groups.append(("leader", state.responsible_leader_id))
    bucket, day = timeliness_bucket(state)
    rated = rating_bucket(state, limits or ratings.thresholds())
    for scope, key in groups:
        out[(scope, str(key), bucket, day)] = (1, Decimal(0), 0.0)
        if bucket == OPEN:
            out[(scope, str(key), OPEN_N, None)] = (1, Decimal(0), 0.0)
        if rated:
            out[(scope, str(key), *rated)] = (1, Decimal(0), 0.0)
    if state.parent_id is None and state.status != Status.CANCELLED:
        weight = Decimal(state.weight)
        for scope, key in groups[1:4]:  # plan, pillar, field
            out[(scope, str(key), ROLLUP, None)] = (1, weight, float(weight) * state.rollup_progress)
    if state.status == Status.COMPLETED and state.completed_on:
        late = state.due_date is not None and state.completed_on > state.due_date
        cls = Timeliness.DONE_LATE if late else Timeliness.DONE_ON_TIME
        out[(MONTH, state.completed_on.strftime("%Y-%m"), str(cls), None)] = (1, Decimal(0), 0.0)
    if state.status not in CLOSED_STATUSES:
        updated = timezone.localdate(state.last_update_at) if state.last_update_at else None
        out[("unit", str(state.lead_unit_id), OPEN_UPDATED, updated)] = (1, Decimal(0), 0.0)
        out[("unit", str(state.lead_unit_id), OPEN_UPDATED_N, None)] = (1, Decimal(0), 0.0)
    return out


class Delta:
    """Changes to the TaskCount rows, collected during one write and applied at its end in a fixed order (so that
    two concurrent writers lock the rows in the same order)."""

    def __init__(self):
        self.rows: dict[Key, list] = defaultdict(lambda: [0, Decimal(0), 0.0])

    def add(self, state: State | None, sign: int) -> None:
        if state is None:
            return
        for key, (n, weight, progress) in contributions(state).items():
            row = self.rows[key]
            row[0] += sign * n
            row[1] += sign * weight
            row[2] += sign * progress

    def apply(self) -> None:
        """One upsert per kind of row (dated, undated), whatever the number of rows the write moves: each row
        is added to, or created with its change."""
        order = sorted(self.rows, key=lambda k: (k[0], k[1], k[2], k[3] or dt.date.min))
        rows = [(key, self.rows[key]) for key in order if any(self.rows[key])]
        self.rows.clear()
        for dated in (True, False):
            chunk = [(key, values) for key, values in rows if (key[3] is not None) == dated]
            if chunk:
                _upsert(chunk, dated=dated)


def _upsert(rows: list[tuple[Key, list]], *, dated: bool) -> None:
    """INSERT … ON CONFLICT DO UPDATE adding to the counts (PostgreSQL and SQLite alike), on the partial unique
    index of dated or of undated rows; rows come in a fixed order, so concurrent writers lock them alike."""
    quote = connection.ops.quote_name
    table = quote(TaskCount._meta.db_table)
    keys, sums = ("scope", "key", "bucket", "day"), ("n", "weight", "weighted_progress")
    target = ", ".join(quote(c) for c in (keys if dated else keys[:3]))
    where = "day IS NOT NULL" if dated else "day IS NULL"
    added = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in sums)
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in keys + sums)}) VALUES {values} "
        f"ON CONFLICT ({target}) WHERE {where} DO UPDATE SET {added}"
    )
    params = [
        p
        for (scope, name, bucket, day), (n, weight, progress) in rows
        for p in (scope, name, bucket, day, n, weight, progress)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def fetch(pk: int | None, *, lock: bool = False) -> State | None:
    if pk is None:
        return None
    rows = Task.objects.select_for_update() if lock else Task.objects.all()
    row = rows.filter(pk=pk).values_list(*FIELDS).first()
    return State(*row) if row else None


def own_rollup(state: State) -> float:
    """One query: the weighted mean of the children's stored roll-ups (cancelled left out); own progress if none."""
    agg = (
        Task.objects.filter(parent_id=state.pk)
        .exclude(status=Status.CANCELLED)
        .aggregate(
            w=Sum("weight"), wp=Sum(Cast("weight", FloatField()) * F("rollup_progress"), output_field=FloatField())
        )
    )
    if not agg["w"] or agg["w"] <= 0:
        return float(state.progress)
    return agg["wp"] / float(agg["w"])


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def _walk_up(parent_id: int | None, delta: Delta, seen: set[int]) -> None:
    """Recompute each ancestor's roll-up from its children's, locked, until one does not move."""
    while parent_id is not None and parent_id not in seen:
        seen.add(parent_id)
        old = fetch(parent_id, lock=True)
        if old is None:  # deleted in the same cascade
            return
        value = own_rollup(old)
        if _same(value, old.rollup_progress):
            return
        # updated_at moves too: the API's Last-Modified of the parent follows its progress.
        Task.objects.filter(pk=old.pk).update(rollup_progress=value, updated_at=timezone.now())
        new = old._replace(rollup_progress=value)
        delta.add(old, -1)
        delta.add(new, +1)
        parent_id = old.parent_id


def _moves_parent(old: State | None, new: State | None) -> bool:
    """Whether the change can move the parent's roll-up."""
    if old is None or new is None:
        return True
    return (
        old.parent_id != new.parent_id
        or old.weight != new.weight
        or (old.status == Status.CANCELLED) != (new.status == Status.CANCELLED)
        or not _same(old.rollup_progress, new.rollup_progress)
    )


def task_changed(old: State | None, new: State | None) -> None:
    """Move every summary from the task's `old` state to its `new` one (None: created, or deleted).

    Inside the write's transaction (the service's, the admin's, the import's); a save made in autocommit gets
    a transaction of its own for its summaries."""
    with transaction.atomic(savepoint=False):
        delta = Delta()
        delta.add(old, -1)
        delta.add(new, +1)
        if _moves_parent(old, new):
            seen = {s.pk for s in (old, new) if s}
            for parent_id in dict.fromkeys(s.parent_id for s in (old, new) if s):
                _walk_up(parent_id, delta, seen)
        delta.apply()
        _unit_last_update(old, new)


def _unit_last_update(old: State | None, new: State | None) -> None:
    if old and new and old.lead_unit_id == new.lead_unit_id:
        if old.last_update_at == new.last_update_at:
            return
        if new.last_update_at and (old.last_update_at is None or new.last_update_at > old.last_update_at):
            later = Q(last_update_at__isnull=True) | Q(last_update_at__lt=new.last_update_at)
            Unit.objects.filter(later, pk=new.lead_unit_id).update(last_update_at=new.last_update_at)
            return
    for state in (old, new):
        if state and state.last_update_at:
            refresh_unit_last_update(state.lead_unit_id)


def refresh_unit_last_update(unit_id: int) -> None:
    latest = Task.objects.filter(lead_unit_id=unit_id).aggregate(m=Max("last_update_at"))["m"]
    Unit.objects.filter(pk=unit_id).update(last_update_at=latest)


# Signal handlers: connected in PlansConfig.ready().

_state = threading.local()


@contextlib.contextmanager
def deferred():
    """Bulk work (a generated data set, a mass delete): no upkeep per row inside, one rebuild at the end."""
    _state.deferred = True
    try:
        yield
    finally:
        _state.deferred = False
    rebuild()


def _off() -> bool:
    return getattr(_state, "deferred", False)


def task_pre_save(sender, instance: Task, raw=False, **kwargs) -> None:
    if raw or _off():
        return
    old = fetch(instance.pk) if instance.pk else None
    instance._summary_old = old
    # The summary columns belong to this module: a save never writes back what an instance loaded earlier.
    if old is not None:
        instance.rollup_progress, instance.last_update_at = old.rollup_progress, old.last_update_at
    else:
        instance.rollup_progress = float(instance.progress)


def task_post_save(sender, instance: Task, created=False, raw=False, **kwargs) -> None:
    if raw or _off():
        return
    old = getattr(instance, "_summary_old", None)
    instance._summary_old = None
    new = fetch(instance.pk)
    if old is not None and old.progress != new.progress:
        value = own_rollup(new)
        if not _same(value, new.rollup_progress):
            Task.objects.filter(pk=new.pk).update(rollup_progress=value)
            new = new._replace(rollup_progress=value)
    instance.rollup_progress = new.rollup_progress
    task_changed(old, new)


def task_post_delete(sender, instance: Task, **kwargs) -> None:
    if _off():
        return
    task_changed(State.of(instance), None)


def update_post_save(sender, instance: TaskUpdate, created=False, raw=False, **kwargs) -> None:
    """A new update moves its task's (and unit's) last update time."""
    if raw or not created or _off():
        return
    old = fetch(instance.task_id)
    if old is None or (old.last_update_at and old.last_update_at >= instance.created_at):
        return
    Task.objects.filter(pk=old.pk).update(last_update_at=instance.created_at)
    task_changed(old, old._replace(last_update_at=instance.created_at))


def leader_pre_delete(sender, instance: Leader, **kwargs) -> None:
    """The tasks lose their head (SET_NULL, without signals): so do their head's name and the counts."""
    Task.objects.filter(responsible_leader=instance).exclude(head_name="").update(head_name="")
    if _off():
        return
    TaskCount.objects.filter(scope="leader", key=str(instance.pk)).delete()


def connect() -> None:
    from django.db.models.signals import post_delete

    pre_save.connect(task_pre_save, sender=Task, dispatch_uid="summaries-task-pre-save")
    post_save.connect(task_post_save, sender=Task, dispatch_uid="summaries-task-post-save")
    post_delete.connect(task_post_delete, sender=Task, dispatch_uid="summaries-task-post-delete")
    post_save.connect(update_post_save, sender=TaskUpdate, dispatch_uid="summaries-update-post-save")
    pre_delete.connect(leader_pre_delete, sender=Leader, dispatch_uid="summaries-leader-pre-delete")


# Rebuilding from scratch.


def compacted(counts: dict, on: dt.date) -> dict:
    """The TaskCount rows with every day that is past on `on` for its bucket moved to PAST and summed: an open
    task's due day before `on` (overdue from then on), an amber day up to `on`. A page reads those rows by
    comparing their day with today's, on which both days give the same answer from `on` on; so that the pages
    read a row per group for the past, whatever the number of tasks. Writes after it add and subtract on the
    tasks' own days, which sums to the same."""
    out: dict = defaultdict(lambda: [0, Decimal(0), 0.0])
    for (scope, key, bucket, day), values in counts.items():
        past = day is not None and ((bucket == OPEN and day < on) or (bucket.startswith(AMBER) and day <= on))
        row = out[(scope, key, bucket, PAST if past else day)]
        for i in range(3):
            row[i] += values[i]
    return {k: tuple(v) for k, v in out.items()}


def computed(
    compact_on: dt.date | None = None,
) -> tuple[dict[int, float], dict[int, dt.datetime | None], dict[int, dt.datetime | None], dict]:
    """Every summary computed from the tasks and updates: (task roll-ups, task last updates, unit last updates,
    TaskCount rows; with `compact_on`, `compacted` on that day). `rebuild` writes them; the agreement test
    compares them with the stored ones."""
    last = dict(
        TaskUpdate.objects.order_by().values("task_id").annotate(m=Max("created_at")).values_list("task_id", "m")
    )
    states = [State(*r) for r in Task.objects.order_by().values_list(*FIELDS)]
    result = rollup([TaskRow(s.pk, s.parent_id, s.progress, float(s.weight), s.status) for s in states])
    counts: dict[Key, list] = defaultdict(lambda: [0, Decimal(0), 0.0])
    units: dict[int, dt.datetime | None] = dict.fromkeys(Unit.objects.values_list("pk", flat=True))
    limits = ratings.thresholds()
    for s in states:
        s = s._replace(rollup_progress=result.task_progress[s.pk], last_update_at=last.get(s.pk))
        for key, (n, weight, progress) in contributions(s, limits).items():
            row = counts[key]
            row[0], row[1], row[2] = row[0] + n, row[1] + weight, row[2] + progress
        if s.last_update_at and (units.get(s.lead_unit_id) is None or s.last_update_at > units[s.lead_unit_id]):
            units[s.lead_unit_id] = s.last_update_at
    counts[rating_marker(limits)] = [1, Decimal(0), 0.0]
    tasks_last = {s.pk: last.get(s.pk) for s in states}
    rows = {k: tuple(v) for k, v in counts.items()}
    return result.task_progress, tasks_last, units, compacted(rows, compact_on) if compact_on else rows


def stored() -> tuple[dict[int, float], dict[int, dt.datetime | None], dict[int, dt.datetime | None], dict]:
    """The stored summaries, in the shape of `computed()` (rows counting nothing left out)."""
    tasks = Task.objects.order_by().values_list("pk", "rollup_progress", "last_update_at")
    counts = {
        (r.scope, r.key, r.bucket, r.day): (r.n, r.weight, r.weighted_progress)
        for r in TaskCount.objects.all()
        if r.n or r.weight
    }
    return (
        {pk: p for pk, p, _ in tasks},
        {pk: t for pk, _, t in tasks},
        dict(Unit.objects.values_list("pk", "last_update_at")),
        counts,
    )


def _lock_tables() -> None:
    """On PostgreSQL, writers wait while the summaries are rebuilt (readers do not): a write that started before
    is seen whole, one that starts after applies its change on top of the rebuilt figures."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (Task, TaskCount, Unit))
            cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")


def rebuild(*, compact_on: dt.date | None = None) -> dict[str, int]:
    """Every summary from scratch, in one transaction; returns how many rows were corrected. With `compact_on`
    (the nightly job and `rebuild_summaries`: today), the rows are `compacted` on that day: right for any day
    from then on, and read faster; without it, for any day (tests read the past)."""
    with transaction.atomic():
        _lock_tables()
        rollups, tasks_last, units_last, counts = computed(compact_on)
        old_rollups, old_tasks_last, old_units_last, old_counts = stored()
        if compact_on:  # moving days to PAST corrects nothing
            old_counts = compacted(old_counts, compact_on)
        changed_tasks = [
            Task(pk=pk, rollup_progress=rollups[pk], last_update_at=tasks_last[pk])
            for pk in rollups
            if not _same(rollups[pk], old_rollups.get(pk, math.nan)) or tasks_last[pk] != old_tasks_last.get(pk)
        ]
        Task.objects.bulk_update(changed_tasks, ["rollup_progress", "last_update_at"], batch_size=1000)
        changed_units = [Unit(pk=pk, last_update_at=t) for pk, t in units_last.items() if old_units_last.get(pk) != t]
        Unit.objects.bulk_update(changed_units, ["last_update_at"], batch_size=1000)
        heads = Task.objects.repair_head_names()
        TaskCount.objects.all().delete()
        page_cache.bump()  # the rows are rewritten in bulk, around the signals
        # Written group by group (scope, key, then bucket and day): a page reading one scope, or some of its groups,
        # finds their rows side by side on disk until the next rebuild, not scattered over the whole table.
        TaskCount.objects.bulk_create(
            [
                TaskCount(scope=s, key=k, bucket=b, day=d, n=n, weight=w, weighted_progress=p)
                for (s, k, b, d), (n, w, p) in sorted(counts.items(), key=_stored_order)
            ],
            batch_size=1000,
        )
    return {
        "tasks": len(changed_tasks),
        "heads": heads,
        "units": len(changed_units),
        "counts": sum(
            1 for k in counts.keys() | old_counts.keys() if not _count_same(counts.get(k), old_counts.get(k))
        ),
    }


def _stored_order(item: tuple) -> tuple:
    (scope, key, bucket, day), _figures = item
    return scope, key, bucket, day or dt.date.min


def _count_same(a, b) -> bool:
    a, b = a or (0, Decimal(0), 0.0), b or (0, Decimal(0), 0.0)
    return a[0] == b[0] and a[1] == b[1] and math.isclose(a[2], b[2], rel_tol=1e-9, abs_tol=1e-6)
