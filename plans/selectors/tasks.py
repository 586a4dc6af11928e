"""The task list, its export and the task page: rows with timeliness in SQL, one task with its updates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import CharField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext as _

from plans.models import Task, TaskCount, TaskUpdate, Timeliness
from plans.selectors.common import today, with_people_posts
from plans.summaries import ROLLUP

EXPORT_CHUNK = 2000  # tasks read per query, and per query of their co-operating units


def for_export(tasks: QuerySet) -> Iterator[Task]:
    """The rows of a task export, by plan and code, read in chunks so that memory stays flat: each task carries
    `cooperating_names`, its co-operating units' names, read with one plain query per chunk (a prefetch would build
    a model instance and a related manager per task and unit, most of an export's time)."""
    batch: list[Task] = []
    for task in tasks.order_by("plan__title", "code").iterator(chunk_size=EXPORT_CHUNK):
        batch.append(task)
        if len(batch) == EXPORT_CHUNK:
            yield from _with_cooperating_names(batch)
            batch = []
    yield from _with_cooperating_names(batch)


def _with_cooperating_names(batch: list[Task]) -> list[Task]:
    names: dict[int, list[str]] = defaultdict(list)
    through = Task.cooperating_units.through.objects.filter(task_id__in=[t.pk for t in batch])
    for task_id, name in through.order_by("unit__name").values_list("task_id", "unit__name"):
        names[task_id].append(name)
    for task in batch:
        task.cooperating_names = names.get(task.pk, [])
    return batch


def task_detail(pk: int, *, on: dt.date | None = None) -> Task:
    """One query: the task, with what its page shows around it and its plan's stored roll-up sums."""
    plan_sums = TaskCount.objects.filter(scope="plan", bucket=ROLLUP, key=Cast(OuterRef("plan_id"), CharField()))
    return (
        Task.objects.with_timeliness(on)
        .annotate(
            plan_weight=Subquery(plan_sums.values("weight")[:1]),
            plan_weighted=Subquery(plan_sums.values("weighted_progress")[:1]),
        )
        .select_related("plan", "plan__document", "plan__owner", "parent", "lead_unit", "responsible_leader__unit")
        .prefetch_related("cooperating_units")
        .get(pk=pk)
    )


def task_updates(task: Task) -> list[TaskUpdate]:
    updates = list(task.updates.newest_first().select_related("author", "reviewed_by"))
    return with_people_posts(updates, "author", "reviewed_by")


def task_children(task: Task, *, on: dt.date | None = None) -> list[Task]:
    return list(task.children.with_timeliness(on).select_related("lead_unit").order_by("code"))


def task_page(pk: int) -> dict:
    """The task page's context: the task, its stored roll-up, the path down to it, its subtasks and updates."""
    try:
        task = task_detail(pk)
    except Task.DoesNotExist as exc:
        raise Http404(_("No task with this number.")) from exc
    info = (
        {
            pk: (code, title, parent_id)
            for pk, code, title, parent_id in Task.objects.filter(plan_id=task.plan_id).values_list(
                "pk", "code", "title", "parent_id"
            )
        }
        if task.parent_id
        else {}
    )
    ancestors = _ancestors(task, info)
    updates = task_updates(task)
    children = task_children(task)
    for child in children:
        child.rolled_up = child.rollup_progress
    weight = float(task.plan_weight or 0)
    return {
        "task": task,
        "rolled_up": task.rollup_progress,
        "plan_progress": task.plan_weighted / weight if weight > 0 else None,
        "ancestors": ancestors,
        "children": children,
        "updates": updates,
        "latest": updates[0] if updates else None,
    }


def _ancestors(task: Task, info: dict[int, tuple[str, str, int | None]]) -> list[dict]:
    """The path from the plan's top level down to `task`, from the same rows as the roll-up."""
    ancestors, parent_id, seen = [], task.parent_id, set()
    while parent_id and parent_id in info and parent_id not in seen:
        seen.add(parent_id)
        code, title, next_parent = info[parent_id]
        ancestors.insert(0, {"pk": parent_id, "code": code, "title": title})
        parent_id = next_parent
    return ancestors


def most_overdue(*, limit: int = 10, on: dt.date | None = None, tasks: QuerySet | None = None) -> list[Task]:
    """One query: the open tasks furthest past their deadline, with their unit and responsible head."""
    on = on or today()
    tasks = Task.objects.all() if tasks is None else tasks
    found = list(
        tasks.with_timeliness(on)
        .in_timeliness(Timeliness.OVERDUE, on)
        .select_related("lead_unit", "responsible_leader", "plan")
        .order_by("due_date", "pk")[:limit]
    )
    for task in found:
        task.days_overdue = (on - task.due_date).days
    return found
