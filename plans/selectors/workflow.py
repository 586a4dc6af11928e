"""The update workflow's pages: "my tasks" (a head's tasks, their returned updates), the update form, the DX
office's review queue.

Each function runs a fixed number of queries whatever the number of rows (annotations and subqueries in SQL).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, F, Max, OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from plans import rules
from plans.models import Task, TaskUpdate, Timeliness
from plans.selectors.common import with_people_posts

# The order in which "my tasks" shows the timeliness groups: what needs action first.
GROUP_ORDER = [
    Timeliness.OVERDUE,
    Timeliness.ON_TRACK,
    Timeliness.NO_DEADLINE,
    Timeliness.DONE_LATE,
    Timeliness.DONE_ON_TIME,
    Timeliness.CANCELLED,
]


@dataclass
class TaskGroup:
    timeliness: str
    label: str
    tasks: list[Task] = field(default_factory=list)


def my_tasks_page(user, unit=None) -> dict:
    """ "My tasks": the head's tasks by timeliness, co-operations, returned updates, and the review queue for
    the DX office (only `unit`'s tasks when given)."""
    context = {
        "groups": my_task_groups(user),
        "cooperating": my_cooperating_tasks(user),
        "returned": returned_updates_for(user),
        "is_head": bool(rules.headed_unit_ids(user)),
        "can_review": user.has_perm(rules.REVIEW_UPDATE),
    }
    if context["can_review"]:
        context["pending"] = pending_reviews(unit=unit)
        context["pending_total"] = pending_count()
    return context


def _with_latest_update(qs):
    latest = TaskUpdate.objects.filter(task=OuterRef("pk")).newest_first()
    return qs.annotate(
        last_update_at=Max("updates__created_at"),
        latest_review_state=Subquery(latest.values("review_state")[:1]),
    )


def my_task_groups(user, today: dt.date | None = None) -> list[TaskGroup]:
    """The tasks the head's units lead, grouped by timeliness, soonest due first in each group (one query)."""
    units = rules.headed_unit_ids(user)
    if not units:
        return []
    today = today or timezone.localdate()
    rows = _with_latest_update(
        Task.objects.filter(lead_unit_id__in=units).with_timeliness(today).select_related("lead_unit", "plan")
    ).order_by(F("due_date").asc(nulls_last=True), "code", "pk")
    groups = {value: TaskGroup(value, Timeliness(value).label) for value in GROUP_ORDER}
    for task in rows:
        groups[task.timeliness].tasks.append(task)
    return [g for g in groups.values() if g.tasks]


def my_cooperating_tasks(user, today: dt.date | None = None) -> list[Task]:
    """Open tasks where the head's units co-operate but do not lead (a note only)."""
    units = rules.headed_unit_ids(user)
    if not units:
        return []
    today = today or timezone.localdate()
    return list(
        Task.objects.filter(cooperating_units__in=units)
        .exclude(lead_unit_id__in=units)
        .open()
        .distinct()
        .with_timeliness(today)
        .select_related("lead_unit")
        .order_by(F("due_date").asc(nulls_last=True), "code", "pk")
    )


def returned_updates_for(user) -> list[TaskUpdate]:
    """Returned updates on the head's tasks that are still the task's latest word (not yet answered)."""
    units = rules.headed_unit_ids(user)
    if not units:
        return []
    newer = TaskUpdate.objects.filter(task=OuterRef("task"), created_at__gt=OuterRef("created_at"))
    rows = list(
        TaskUpdate.objects.filter(task__lead_unit_id__in=units, review_state=TaskUpdate.Review.RETURNED)
        .exclude(Exists(newer))
        .select_related("task", "author", "reviewed_by")
        .order_by("-reviewed_at", "-pk")
    )
    return with_people_posts(rows, "reviewed_by")


def pending_reviews(limit: int = 200, unit=None) -> list[TaskUpdate]:
    """Updates waiting for the DX office, oldest first; only those on tasks `unit` leads when given."""
    rows = TaskUpdate.objects.filter(review_state=TaskUpdate.Review.PENDING)
    if unit is not None:
        rows = rows.filter(task__lead_unit=unit)
    rows = rows.select_related("task", "task__lead_unit", "author").order_by("created_at", "pk")
    return with_people_posts(list(rows[:limit]), "author")


def pending_count() -> int:
    """How many updates wait for the DX office (the badge of "My tasks" in the navigation bar)."""
    return TaskUpdate.objects.filter(review_state=TaskUpdate.Review.PENDING).count()


def recent_updates(task: Task, limit: int = 5) -> list[TaskUpdate]:
    updates = list(task.updates.newest_first().select_related("author", "reviewed_by")[:limit])
    return with_people_posts(updates, "author", "reviewed_by")


def task_for_update_or_404(pk: int) -> Task:
    return get_object_or_404(Task.objects.select_related("lead_unit", "plan"), pk=pk)


def update_for_review_or_404(pk: int) -> TaskUpdate:
    return get_object_or_404(TaskUpdate.objects.select_related("task", "task__lead_unit", "author"), pk=pk)


def update_for_evidence_or_404(pk: int) -> TaskUpdate:
    return get_object_or_404(TaskUpdate.objects.select_related("task"), pk=pk)
