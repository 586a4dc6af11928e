"""Template filters that ask the rules (plans/rules.py), so pages show a write action only to who may use it.

{% load workflow %}
{% if user|can_report_on:task %}<a href="{% url 'plans:task_update' task.pk %}">…</a>{% endif %}
"""

from django import template

from plans import rules

register = template.Library()


@register.filter
def can_report_on(user, task) -> bool:
    """Whether the user may open the task's update form (full update, or a note for a co-operating unit)."""
    return user is not None and task is not None and user.has_perm(rules.REPORT_ON_TASK, task)


@register.filter
def can_review_updates(user) -> bool:
    return user is not None and user.has_perm(rules.REVIEW_UPDATE)
