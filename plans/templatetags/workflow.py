"""Template filters that ask plans/permissions.py, so pages show a write action only to who may use it.

{% load workflow %}
{% if user|can_report_on:task %}<a href="{% url 'plans:task_update' task.pk %}">…</a>{% endif %}
"""

from django import template

from plans import permissions

register = template.Library()


@register.filter
def can_report_on(user, task) -> bool:
    """Whether the user may open the task's update form (full update, or a note for a co-operating unit)."""
    return user is not None and task is not None and permissions.can_note_task(user, task)


@register.filter
def can_review_updates(user) -> bool:
    return user is not None and permissions.can_review_updates(user)
