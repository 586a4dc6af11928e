"""`{% load dti %}{% dti_rank_card %}`: the dashboard province's latest DTI rank against the goal (three queries)."""

from django import template

from indicators import selectors

register = template.Library()


@register.inclusion_tag("indicators/_rank_card.html")
def dti_rank_card() -> dict:
    return selectors.latest_rank_card()


@register.inclusion_tag("indicators/_task_indicators.html")
def task_indicators(task) -> dict:
    """The DTI indicators a task improves (one query), for the task page."""
    return {
        "indicators": list(task.indicators.select_related("framework").order_by("framework__first_year", "position"))
    }
