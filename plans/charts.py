"""Plotly figures for the progress pages: plain data in, a Plotly figure out; no ORM, no request.

Colours, number formats and the layout are the shared ones of plans/chart_style.py; labels come from the
active language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import plotly.graph_objects as go
from django.utils import dateformat
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _

from plans.chart_style import (
    COUNT,
    GREY,
    GRID,
    INK,
    PROGRESS_COLOR,
    TIMELINESS_COLORS,
    TIMELINESS_ORDER,
    as_data,
    date_axis,
    figure,
    layout,
)
from plans.models import Status, Timeliness, timeliness_label
from plans.numbers import percent_text, rounded, share

__all__ = [
    "TIMELINESS_COLORS",
    "TIMELINESS_ORDER",
    "as_data",
    "completions_per_month",
    "progress_bars",
    "timeliness_donut",
    "timeliness_stacked_bars",
    "timeline",
]


def progress_bars(rows: Sequence[tuple[str, float | None]], *, title: str) -> go.Figure:
    """Horizontal bars of progress (0-100 %), one per label, with the value printed on each bar: the text of
    plans/numbers.py, the same as the figures table's, never Plotly's own rounding."""
    labels = [label for label, _value in rows]
    values = [rounded(value) if value is not None else 0 for _label, value in rows]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "x": values,
            "y": labels,
            "marker": {"color": PROGRESS_COLOR},
            "text": [percent_text(value) for _label, value in rows],
            "texttemplate": "%{text}",
            "textposition": "auto",
            "hovertemplate": "%{y}: %{text}<extra></extra>",
            "name": _("Progress"),
        }
    ]
    fig_layout = layout(
        meta={"title": title},
        xaxis={
            "range": [0, 100],
            "ticksuffix": "%",
            "title": {"text": _("Progress (%)")},
            "gridcolor": GRID,
            "automargin": True,
        },
        yaxis={"autorange": "reversed", "automargin": True},
        height=max(220, 80 + 34 * len(rows)),
        showlegend=False,
    )
    return figure(data, fig_layout)


def timeliness_stacked_bars(rows: Sequence[tuple[str, Mapping[str, int]]], *, title: str) -> go.Figure:
    """One horizontal bar per label (a unit, a plan), stacked by timeliness class, in the class colours."""
    labels = [label for label, _counts in rows]
    data = []
    for cls in TIMELINESS_ORDER:
        values = [int(counts.get(cls, 0)) for _label, counts in rows]
        if not any(values):
            continue
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": str(Timeliness(cls).label),
                "x": values,
                "y": labels,
                "marker": {"color": TIMELINESS_COLORS[cls]},
                "hovertemplate": f"%{{y}}<br>%{{fullData.name}}: %{{x:{COUNT}}}<extra></extra>",
            }
        )
    fig_layout = layout(
        meta={"title": title},
        barmode="stack",
        xaxis={"title": {"text": _("Tasks")}, "tickformat": COUNT, "gridcolor": GRID, "automargin": True},
        yaxis={"autorange": "reversed", "automargin": True},
        height=max(260, 110 + 30 * len(rows)),
    )
    return figure(data, fig_layout)


def timeliness_donut(counts: Mapping[str, int], *, title: str) -> go.Figure:
    """Tasks by timeliness class as a ring, with counts and shares printed on it (shares computed and written
    by plans/numbers.py, as in the table beside the ring)."""
    classes = [cls for cls in TIMELINESS_ORDER if counts.get(cls)]
    total = sum(int(counts[cls]) for cls in classes)
    data = [
        {
            "type": "pie",
            "hole": 0.5,
            "sort": False,
            "direction": "clockwise",
            "labels": [str(Timeliness(cls).label) for cls in classes],
            "values": [int(counts[cls]) for cls in classes],
            "marker": {"colors": [TIMELINESS_COLORS[cls] for cls in classes]},
            "text": [percent_text(share(int(counts[cls]), total)) for cls in classes],
            "texttemplate": f"%{{value:{COUNT}}}<br>%{{text}}",
            "hovertemplate": f"%{{label}}: %{{value:{COUNT}}} (%{{text}})<extra></extra>",
        }
    ]
    fig_layout = layout(meta={"title": title}, height=340)
    return figure(data, fig_layout)


def completions_per_month(rows: Iterable[tuple[dt.date, int, int]], *, title: str) -> go.Figure:
    """Completed tasks per month (first day of the month, on time, late), stacked in the class colours."""
    rows = list(rows)
    months = [date_format(month, "m/Y") for month, _on_time, _late in rows]
    series = [
        (Timeliness.DONE_ON_TIME, [on_time for _m, on_time, _late in rows]),
        (Timeliness.DONE_LATE, [late for _m, _on_time, late in rows]),
    ]
    data = [
        {
            "type": "bar",
            "name": str(Timeliness(cls).label),
            "x": months,
            "y": values,
            "marker": {"color": TIMELINESS_COLORS[cls]},
            "hovertemplate": f"%{{x}}<br>%{{fullData.name}}: %{{y:{COUNT}}}<extra></extra>",
        }
        for cls, values in series
    ]
    fig_layout = layout(
        meta={"title": title},
        barmode="stack",
        xaxis={"type": "category", "title": {"text": _("Month")}, "automargin": True},
        yaxis={"title": {"text": _("Tasks completed")}, "tickformat": COUNT, "gridcolor": GRID, "automargin": True},
        height=340,
    )
    return figure(data, fig_layout)


DAY_MS = 24 * 60 * 60 * 1000
ONGOING = "ongoing"


def _timeline_label(row: Mapping) -> str:
    """A row's label on the axis: code and short title, a subtask indented under its parent."""
    title = row["title"] if len(row["title"]) <= 30 else row["title"][:29] + "…"  # fits a phone beside its bar
    indent = "\u00a0\u00a0\u00a0" * row["depth"] + ("↳ " if row["depth"] else "")
    return f"{indent}{row['code']} {title}"


def _timeline_span(row: Mapping, end: dt.date) -> tuple[str, dt.date, dt.date] | None:
    """(series, first day, day after the last) of a row's bar: its class from start to due; an ongoing task from
    its start to the chart's end; a task with a due date only, its due day. None: nothing to draw."""
    start, due = row["start_date"], row["due_date"]
    if due is not None:
        return row["timeliness"], start or due, due + dt.timedelta(days=1)
    if start is not None and row["status"] not in (Status.COMPLETED, Status.CANCELLED):
        return ONGOING, start, max(end, start + dt.timedelta(days=1))
    if start is not None:
        return row["timeliness"], start, start + dt.timedelta(days=1)
    return None


def timeline(rows: Sequence[Mapping], *, today: dt.date, title: str) -> go.Figure:
    """A plan's (or a unit's) tasks as bars from start to due date (Gantt-style), one row per task, subtasks under
    their parent, coloured by timeliness class; an ongoing task (no due date) as a hatched grey bar to the end of
    the chart; a line at today. `rows` come from plans.selectors.common.task_timeline."""
    drawn = [(row, _timeline_label(row)) for row in rows]
    dues = [r["due_date"] for r in rows if r["due_date"]] + [today]
    end = max(dues) + dt.timedelta(days=30)
    series: dict[str, list] = {}
    short_date = get_format("SHORT_DATE_FORMAT")  # dd/mm/yyyy, looked up once rather than twice a row
    for row, label in drawn:
        span = _timeline_span(row, end)
        if span is None:
            continue
        key, first, after = span
        dates = [dateformat.format(d, short_date) if d else "—" for d in (row["start_date"], row["due_date"])]
        state = timeliness_label(row["timeliness"], row["status"])
        series.setdefault(key, []).append((label, first, (after - first).days * DAY_MS, [*dates, state]))
    data = [_timeline_trace(key, series[key]) for key in [*TIMELINESS_ORDER, ONGOING] if key in series]
    height = max(220, 110 + 24 * len(drawn))
    fig_layout = layout(
        meta={"title": title},
        barmode="overlay",
        xaxis=date_axis(range=[min(_starts(series, today)).isoformat(), end.isoformat()]),
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [label for _row, label in drawn],
            "autorange": "reversed",
            "automargin": True,
            "tickfont": {"size": 11},
        },
        height=height,
        # The legend at the foot of the figure (not below the plot by a share of its height), so that it never
        # runs into the date ticks, however many lines the legend takes on a phone.
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0},
        shapes=[
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": today.isoformat(),
                "x1": today.isoformat(),
                "y0": 0,
                "y1": 1,
                "line": {"color": INK, "width": 2, "dash": "dot"},
            }
        ],
        annotations=[
            {
                "x": today.isoformat(),
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "text": _("Today"),
                "showarrow": False,
                "font": {"color": INK, "size": 12},
            }
        ],
    )
    fig_layout["margin"] = {**fig_layout["margin"], "t": 24}
    return figure(data, fig_layout)


def _starts(series: Mapping[str, list], today: dt.date) -> list[dt.date]:
    return [first for bars in series.values() for _label, first, _ms, _custom in bars] + [today]


def _timeline_trace(key: str, bars: list) -> dict:
    ongoing = key == ONGOING
    return {
        "type": "bar",
        "orientation": "h",
        "name": _("Ongoing (no due date)") if ongoing else str(Timeliness(key).label),
        "y": [label for label, _first, _ms, _custom in bars],
        "base": [first.isoformat() for _label, first, _ms, _custom in bars],
        "x": [ms for _label, _first, ms, _custom in bars],
        "customdata": [custom for _label, _first, _ms, custom in bars],
        "marker": {"color": GREY, "pattern": {"shape": "/", "bgcolor": GREY, "fgcolor": "#ffffff"}}
        if ongoing
        else {"color": TIMELINESS_COLORS[key]},
        "hovertemplate": (
            "%{y}<br>" + _("Start date") + ": %{customdata[0]} · " + _("Due date") + ": %{customdata[1]}<br>"
            "%{customdata[2]}<extra></extra>"
        ),
    }
