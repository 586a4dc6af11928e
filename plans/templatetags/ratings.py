"""Ratings green / amber / red on the progress pages: colour and text, never colour alone (plans/ratings.py)."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import format_html

from plans.ratings import Rating, TaskState, quarter_start, rate_task, thresholds

register = template.Library()

BADGE = '<span class="badge rating-{} {}">{}</span>'
CSS = {Rating.GREEN: "text-bg-success", Rating.AMBER: "text-bg-warning", Rating.RED: "text-bg-danger"}


def rating_badge(value: str | None) -> str:
    return format_html(BADGE, value, CSS[value], Rating(value).label) if value else "—"


@register.filter
def rating(value: str | None) -> str:
    return rating_badge(value)


@register.simple_tag
def task_rating(task, latest=None) -> str:
    """The task's rating today, the live pages' period being the current quarter; `latest` is its latest update
    (already on the page), so no query is made."""
    on = timezone.localdate()
    seen = timezone.localdate(latest.created_at if latest else task.created_at)
    state = TaskState(task.status, task.progress, task.start_date, task.due_date, task.completed_on, min(seen, on))
    value = rate_task(state, on=on, period_start=quarter_start(on), limits=thresholds())
    return format_html('<span data-testid="task-rating">{}</span>', rating_badge(value)) if value else ""
