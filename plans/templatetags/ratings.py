"""Ratings green / amber / red on the progress pages: colour and text, never colour alone (plans/ratings.py)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext

from plans.ratings import Rating, TaskState, quarter_start, rate_task, thresholds

register = template.Library()

BADGE = '<span class="badge rating-{} {}">{}</span>'
GROUP_BADGE = (
    '<span data-testid="{}" data-rating="{}">{} <span class="small">({})</span> '
    '<a class="small" href="{}">{}</a></span>'
)
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


@register.simple_tag
def group_rating(summary: dict | None, testid: str = "group-rating") -> str:
    """A unit's, head's, pillar's or plan's rating (`plans.ratings.group_summary`): the badge, its tasks counted
    by rating in words, and the link to how ratings work."""
    if not summary or not summary.get("rating"):
        text = gettext("Not rated (no rated task).")
        return format_html('<span data-testid="{}">{} <a href="{}">{}</a></span>', testid, text, _help(), _how())
    counts = summary["counts"]
    words = gettext("%(red)s red, %(amber)s amber, %(green)s green of %(total)s rated tasks") % {
        "red": counts.get(Rating.RED, 0),
        "amber": counts.get(Rating.AMBER, 0),
        "green": counts.get(Rating.GREEN, 0),
        "total": summary["total"],
    }
    html = GROUP_BADGE
    return format_html(
        html,
        testid,
        summary["rating"],
        rating_badge(summary["rating"]),
        words,
        _help(),
        _how(),
    )


@register.simple_tag
def ratings_help_link() -> str:
    return format_html('<a class="small" href="{}">{}</a>', _help(), _how())


def _help() -> str:
    return reverse("plans:ratings_help")


def _how() -> str:
    return gettext("How ratings work")
