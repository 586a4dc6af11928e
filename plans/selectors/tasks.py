"""The task list, its export and the task page: rows with timeliness in SQL, one task with its updates."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from plans.models import Task, TaskUpdate, Timeliness
from plans.selectors.common import today, with_people_posts
from plans.selectors.plans import plan_rollup


def for_export(tasks: QuerySet) -> QuerySet:
    """The rows of a task export: `tasks` with their co-operating units, by plan and code."""
    return tasks.prefetch_related("cooperating_units").order_by("plan__title", "code")


def task_detail(pk: int, *, on: dt.date | None = None) -> Task:
    return (
        Task.objects.with_timeliness(on)
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
    """The task page's context: the task, its roll-up, the path down to it, its subtasks and updates."""
    try:
        task = task_detail(pk)
    except Task.DoesNotExist as exc:
        raise Http404(_("No task with this number.")) from exc
    result, info = plan_rollup(task.plan_id)
    ancestors = _ancestors(task, info)
    updates = task_updates(task)
    children = task_children(task)
    for child in children:
        child.rolled_up = result.task_progress.get(child.pk)
    return {
        "task": task,
        "rolled_up": result.task_progress.get(task.pk, float(task.progress)),
        "plan_progress": result.plan_progress,
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
        .filter(timeliness=Timeliness.OVERDUE)
        .select_related("lead_unit", "responsible_leader", "plan")
        .order_by("due_date", "pk")[:limit]
    )
    for task in found:
        task.days_overdue = (on - task.due_date).days
    return found
