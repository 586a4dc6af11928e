"""Template filters for the progress pages: percentages (plans/numbers.py), timeliness badges."""

import html

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import json_script
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from plans import chart_style
from plans.tables import percent, timeliness_badge

register = template.Library()


@register.filter
def pct(value, places: int = 1) -> str:
    """45.25 → "45,3%" in Vietnamese, "45.3%" in English; None → "—"."""
    return percent(value, int(places))


@register.filter
def goal_value(value, goal) -> str:
    """A goal's target or current value with its unit on the right side: "95 %", but "hạng 20"."""
    if value is None:
        return "—"
    number = floatformat(value, "-2")
    unit = goal.target_unit.strip()
    if not unit:
        return number
    return f"{unit} {number}" if goal.unit_goes_first else f"{number} {unit}"


@register.filter
def tl_badge(value: str) -> str:
    """A timeliness class as its coloured badge with the class label (for counts of a class)."""
    return timeliness_badge(value)


@register.filter
def task_tl_badge(task) -> str:
    """A task's timeliness as its coloured badge, with its status when it is not started or paused."""
    return timeliness_badge(task.current_timeliness(), task.status)


@register.filter
def select_options(bound_field) -> str:
    """The <option>s of a choice field, built in Python: a template loop over 300 units costs ~10 ms a select,
    and a national instance lists thousands of units and heads.

    The empty choice is labelled "All" (these are filters); the bound value is selected. Fields of one form that
    list the same rows (the lead and the co-operating unit) read and label them once.
    """
    current = bound_field.value()
    current = "" if current is None else str(current)
    options = _choices(bound_field)
    if current:
        marked = f'<option value="{html.escape(current)}">'
        options = options.replace(marked, f'<option value="{html.escape(current)}" selected>', 1)
    return mark_safe(options)  # noqa: S308 - every value and label escaped in _choices


def _choices(bound_field) -> str:
    field, form = bound_field.field, bound_field.form
    queryset = getattr(field, "queryset", None)
    key = (queryset.model, str(queryset.query)) if queryset is not None else bound_field.name
    cache = form.__dict__.setdefault("_dxt_select_options", {})
    if key not in cache:
        parts = []
        for value, label in field.choices:
            value = "" if value is None else str(value)
            label = _("All") if value == "" else label
            parts.append(f'<option value="{html.escape(value)}">{html.escape(str(label))}</option>')
        cache[key] = "".join(parts)
    return cache[key]


@register.simple_tag
def plotly_config() -> str:
    """The plotly.js config of every chart on the page, as JSON for static/js/charts.js (plans/chart_style.py)."""
    return json_script(chart_style.plotly_config(), "plotly-config")


@register.filter
def row_tl_badge(row: dict) -> str:
    """task_tl_badge for a row of values (a timeline row): its class badge, with the status when not started or
    paused."""
    return timeliness_badge(row["timeliness"], row["status"])
