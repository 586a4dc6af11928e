"""The figures of a period, as of its last day: every task's state, timeliness and rating, the counts, the goals
and the latest DTI. Built here for a snapshot (from the update history) and for an open period (from live data).

History: a task's status and progress on day D are those of its latest TaskUpdate recorded (created_at) by the
end of D, Asia/Ho_Chi_Minh; before its first update, the state that update started from (previous_status,
previous_progress); with no update at all, its current state. An update entered after a period was closed does
not change the snapshot: the figures stay those the report was made from. When an update entered late should
count for a closed period, the DX office rebuilds that period's snapshot on purpose (`close_period CODE
--rebuild`, or "rebuild" on the period's page); the snapshot records when it was built.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from types import SimpleNamespace

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from plans.models import Goal, Leader, Plan, Status, Task, TaskUpdate, Unit, timeliness_of
from plans.ratings import TaskState, rate_goal, rate_group, rate_task, thresholds

GROUPS = ("pillar", "field", "unit", "head", "plan")


def end_of_day(day: dt.date) -> dt.datetime:
    start = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(start) - dt.timedelta(microseconds=1)


def _tasks_as_of(on: dt.date):
    cutoff = end_of_day(on)
    upto = TaskUpdate.objects.filter(task=OuterRef("pk"), created_at__lte=cutoff).order_by("-created_at", "-pk")
    after = TaskUpdate.objects.filter(task=OuterRef("pk"), created_at__gt=cutoff).order_by("created_at", "pk")
    return Task.objects.annotate(
        as_status=Subquery(upto.values("status")[:1]),
        as_progress=Subquery(upto.values("progress")[:1]),
        as_updated=Subquery(upto.values("created_at")[:1]),
        as_note=Subquery(upto.values("note")[:1]),
        next_previous_status=Subquery(after.values("previous_status")[:1]),
        next_previous_progress=Subquery(after.values("previous_progress")[:1]),
    )


def _state_as_of(task: SimpleNamespace, on: dt.date, live: bool) -> TaskState:
    if live or task.as_status is None and not task.next_previous_status:
        status, progress, completed_on = task.status, task.progress, task.completed_on
    elif task.as_status is not None:
        status, progress = task.as_status, task.as_progress
        completed_on = None
        if status == Status.COMPLETED:
            done = task.completed_on
            completed_on = done if done and done <= on else timezone.localdate(task.as_updated)
    else:
        status, progress, completed_on = task.next_previous_status, task.next_previous_progress or 0, None
    seen = timezone.localdate(task.as_updated) if task.as_updated else timezone.localdate(task.created_at)
    return TaskState(status, progress, task.start_date, task.due_date, completed_on, min(seen, on))


def task_rows(*, start: dt.date, end: dt.date, on: dt.date, live: bool) -> list[dict]:
    """One plain row per task that has started by `end` (or has no start date), judged on `on`. `in_period`: not
    cancelled and not completed before `start` (the rows of Annex II)."""
    limits = thresholds()
    names = _names()
    rows = []
    for values in _tasks_as_of(on).order_by("plan_id", "code").values(*TASK_FIELDS).iterator(chunk_size=2000):
        task = SimpleNamespace(**values)
        state = _state_as_of(task, on, live)
        rows.append(_row(task, state, on=on, start=start, end=end, limits=limits, names=names))
    return rows


# A task's own columns and the as-of annotations, read as plain values: building 2,000 Task, Unit, Leader and Plan
# instances was most of an open period's page; the names come from `_names`, a few small queries.
TASK_FIELDS = (
    *("pk", "code", "title", "description", "plan_id", "pillar", "field", "lead_unit_id", "responsible_leader_id"),
    *("start_date", "due_date", "status", "progress", "completed_on", "created_at"),
    *("as_status", "as_progress", "as_updated", "as_note", "next_previous_status", "next_previous_progress"),
)


def _names() -> dict:
    """Four queries: plan titles, unit and head names as `str()` gives them, and co-operating units per task."""
    return {
        "plan": dict(Plan.objects.values_list("pk", "title")),
        "unit": {unit.pk: str(unit) for unit in Unit.objects.only("name", "short_name")},
        "head": {leader.pk: str(leader) for leader in Leader.objects.only("position_title", "person_name")},
        "cooperating": cooperating_names(),
    }


def cooperating_names() -> dict[int, str]:
    """One query: every task's co-operating units as the annex writes them (names sorted, comma-separated). A
    plain query on the link table: prefetching the units of 2,000 tasks built a queryset per task (half the time
    of an open period's page)."""
    names: dict[int, list[str]] = defaultdict(list)
    links = Task.cooperating_units.through.objects.values_list("task_id", "unit__short_name", "unit__name")
    for task_id, short_name, name in links.order_by():
        names[task_id].append(short_name or name)  # str(Unit)
    return {task_id: ", ".join(sorted(units)) for task_id, units in names.items()}


def _row(task: SimpleNamespace, state: TaskState, *, on, start, end, limits, names: dict) -> dict:
    kind = timeliness_of(status=state.status, due_date=state.due_date, completed_on=state.completed_on, today=on)
    leader = task.responsible_leader_id
    started = state.start_date is None or state.start_date <= end
    finished_before = state.completed_on is not None and state.completed_on < start
    return {
        "id": task.pk,
        "code": task.code,
        "title": task.title,
        "product": task.description[:500],
        "plan_id": task.plan_id,
        "plan": names["plan"][task.plan_id],
        "pillar": task.pillar,
        "field": task.field,
        "unit_id": task.lead_unit_id,
        "unit": names["unit"][task.lead_unit_id],
        "cooperating": names["cooperating"].get(task.pk, ""),
        "head_id": leader,
        "head": names["head"][leader] if leader else "",
        "start_date": _iso(state.start_date),
        "due_date": _iso(state.due_date),
        "completed_on": _iso(state.completed_on),
        "status": state.status,
        "progress": state.progress,
        "timeliness": kind,
        "rating": rate_task(state, on=on, period_start=start, limits=limits),
        "note": task.as_note or "",
        "in_period": started and not finished_before and state.status != Status.CANCELLED,
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def counts(rows: list[dict]) -> dict:
    """Per pillar, field, unit, head and plan: total, by timeliness, by rating, and the group's rating."""
    limits = thresholds()
    result: dict[str, dict] = {}
    for group in GROUPS:
        buckets: dict = defaultdict(list)
        for row in rows:
            key = row[f"{group}_id"] if f"{group}_id" in row else row[group]
            buckets[key].append(row)
        result[group] = {
            str(key): _bucket(members, group, limits) for key, members in buckets.items() if key is not None
        }
    result["all"] = _bucket(rows, None, limits)
    return result


def _bucket(members: list[dict], group: str | None, limits) -> dict:
    ratings = [m["rating"] for m in members]
    label = members[0].get(group, "") if group and members else ""
    return {
        "label": label,
        "total": len(members),
        "timeliness": dict(Counter(m["timeliness"] for m in members)),
        "ratings": dict(Counter(r for r in ratings if r)),
        "rating": rate_group(ratings, limits),
    }


def goal_rows() -> list[dict]:
    """The goals with their values as they stand now (goals keep no history: a snapshot freezes them)."""
    rows = []
    for goal in Goal.objects.select_related("plan").order_by("plan_id", "deadline", "pk"):
        met = goal.is_met()
        rows.append(
            {
                "id": goal.pk,
                "plan_id": goal.plan_id,
                "owner_id": goal.plan.owner_id,
                "statement": goal.statement,
                "unit": goal.target_unit,
                "target": _number(goal.target_value),
                "value": _number(goal.current_value),
                "met": met,
                "deadline": _iso(goal.deadline),
            }
        )
    return rows


def _number(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def rated_goals(goals: list[dict], by_plan: dict, *, on: dt.date) -> list[dict]:
    """The goals with their rating (`plans.ratings.rate_goal`) from their plan's tasks of the period (`by_plan`:
    `counts(...)["plan"]`)."""
    limits = thresholds()
    return [
        {
            **goal,
            "rating": rate_goal(
                met=goal["met"],
                deadline=dt.date.fromisoformat(goal["deadline"]) if goal.get("deadline") else None,
                tasks_rating=by_plan.get(str(goal["plan_id"]), {}).get("rating"),
                on=on,
                limits=limits,
            ),
        }
        for goal in goals
    ]


def figures(*, start: dt.date, end: dt.date, on: dt.date, live: bool, dti: dict) -> dict:
    rows = task_rows(start=start, end=end, on=on, live=live)
    in_period = [r for r in rows if r["in_period"]]
    grouped = counts(in_period)
    return {
        "as_of": on.isoformat(),
        "tasks": rows,
        "counts": grouped,
        "goals": rated_goals(goal_rows(), grouped["plan"], on=on),
        "dti": dti,
    }
