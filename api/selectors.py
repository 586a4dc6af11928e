"""Reads of the API: the querysets its views serve (views never query: tests/test_views_shape.py)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from rest_framework.generics import get_object_or_404  # turns a malformed id into a 404

from plans.models import Leader, Task, TaskUpdate
from plans.rollup import TaskRow, rollup

# The author's posts, newest first: an update shows its author by position, never by username.
AUTHOR_POSTS = Prefetch("author__leader_posts", queryset=Leader.objects.order_by("-term_start"))


def rolled_up_progress(tasks) -> dict[int, float]:
    """Each task's rolled-up progress, from one query over the task rows of the plans on the page."""
    plan_ids = {task.plan_id for task in tasks}
    if not plan_ids:
        return {}
    rows = [
        TaskRow(*r)
        for r in Task.objects.filter(plan_id__in=plan_ids).values_list(
            "pk", "parent_id", "progress", "weight", "status"
        )
    ]
    return rollup(rows).task_progress


def tasks() -> QuerySet[Task]:
    return (
        Task.objects.with_timeliness()
        .select_related("responsible_leader")
        .prefetch_related("cooperating_units")
        .order_by("plan_id", "code", "pk")
    )


def public_updates() -> QuerySet[TaskUpdate]:
    return TaskUpdate.objects.select_related("author").prefetch_related(AUTHOR_POSTS).newest_first()


def task_updates(task_id: int) -> QuerySet[TaskUpdate]:
    return public_updates().filter(task_id=task_id)


def task_or_404(pk) -> Task:
    """The task of a nested URL; any id that is not a task's (text, too large) is a 404, never a 500."""
    return get_object_or_404(Task, pk=pk)
