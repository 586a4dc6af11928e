"""Reads of the API: the querysets its views serve (views never query: tests/test_views_shape.py)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from rest_framework.generics import get_object_or_404  # turns a malformed id into a 404

from plans.models import Leader, Task, TaskUpdate

# The author's posts, newest first: an update shows its author by position, never by username.
AUTHOR_POSTS = Prefetch("author__leader_posts", queryset=Leader.objects.order_by("-term_start"))


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
