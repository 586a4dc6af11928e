"""Template filters for the progress pages: percentages (plans/numbers.py), timeliness badges."""

import html

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from plans import chart_style
from plans.filters import CHOICES_LIMIT, RowField
from plans.selectors import choices
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
def filter_control(bound_field) -> str:
    """A filter's <select> or name box, built in Python: a template loop over 300 units costs ~10 ms a select,
    and a national instance lists thousands of units and heads.

    A choice field is a drop-down whose empty choice is labelled "All" (these are filters), the bound value
    selected. A row field (plans/filters.py `RowFilter`) is a drop-down while its rows are at most
    CHOICES_LIMIT (read once per form for fields of one kind), else a search box whose suggestions
    static/js/suggest.js fetches as one types (`plans:suggest`); without JavaScript the typed name filters.
    """
    current = bound_field.value()
    current = "" if current is None else str(current)
    field = bound_field.field
    if isinstance(field, RowField):
        rows = _rows(bound_field.form, field.kind)
        if rows is None:
            return _name_box(bound_field, current)
        options = _options([("", _("All")), *rows])
    else:
        options = _options(field.choices)
    if current:
        marked = f'<option value="{html.escape(current)}">'
        options = options.replace(marked, f'<option value="{html.escape(current)}" selected>', 1)
    invalid = " is-invalid" if bound_field.errors else ""
    return format_html(
        '<select name="{}" id="{}" class="form-select form-select-sm{}">{}</select>',
        bound_field.html_name,
        bound_field.id_for_label,
        invalid,
        mark_safe(options),  # noqa: S308 - every value and label escaped in _options
    )


def _rows(form, kind: str) -> list | None:
    cache = form.__dict__.setdefault("_dxt_rows", {})
    if kind not in cache:
        cache[kind] = choices.options(kind, limit=CHOICES_LIMIT)
    return cache[kind]


def _options(pairs) -> str:
    parts = []
    for value, label in pairs:
        value = "" if value is None else str(value)
        label = _("All") if value == "" else label
        parts.append(f'<option value="{html.escape(value)}">{html.escape(str(label))}</option>')
    return "".join(parts)


def _name_box(bound_field, current: str) -> str:
    field_id = bound_field.id_for_label
    return format_html(
        '<input type="search" name="{}" id="{}" value="{}" class="form-control form-control-sm{}" list="{}-list" '
        'autocomplete="off" maxlength="{}" placeholder="{}" data-suggest="{}" data-id="{}">'
        '<datalist id="{}-list"></datalist>',
        bound_field.html_name,
        field_id,
        choices.label_of(bound_field.field.kind, current) if current else "",
        " is-invalid" if bound_field.errors else "",
        field_id,
        bound_field.field.max_length,
        _("Type a name"),
        reverse("plans:suggest", args=[bound_field.field.kind]),
        choices.as_id(current) or "",
        field_id,
    )


@register.simple_tag
def plotly_config() -> str:
    """The plotly.js config of every chart on the page, as JSON for static/js/charts.js (plans/chart_style.py)."""
    return json_script(chart_style.plotly_config(), "plotly-config")


@register.filter
def row_tl_badge(row: dict) -> str:
    """task_tl_badge for a row of values (a timeline row): its class badge, with the status when not started or
    paused."""
    return timeliness_badge(row["timeliness"], row["status"])
