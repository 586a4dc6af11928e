"""Plotly figures for the progress pages: plain data in, a Plotly figure out; no ORM, no request.

Colours, number formats and the layout are the shared ones of plans/chart_style.py; labels come from the
active language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import plotly.graph_objects as go
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plans.chart_style import (
    COUNT,
    GRID,
    PERCENT,
    PROGRESS_COLOR,
    SHARE,
    TIMELINESS_COLORS,
    TIMELINESS_ORDER,
    as_data,
    figure,
    layout,
)
from plans.models import Timeliness

__all__ = [
    "TIMELINESS_COLORS",
    "TIMELINESS_ORDER",
    "as_data",
    "completions_per_month",
    "progress_bars",
    "timeliness_donut",
    "timeliness_stacked_bars",
]


def progress_bars(rows: Sequence[tuple[str, float | None]], *, title: str) -> go.Figure:
    """Horizontal bars of progress (0-100 %), one per label, with the value printed on each bar."""
    labels = [label for label, _value in rows]
    values = [round(value, 1) if value is not None else 0 for _label, value in rows]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "x": values,
            "y": labels,
            "marker": {"color": PROGRESS_COLOR},
            "text": values,
            "texttemplate": f"%{{x:{PERCENT}}}%",
            "textposition": "auto",
            "hovertemplate": f"%{{y}}: %{{x:{PERCENT}}}%<extra></extra>",
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
    """Tasks by timeliness class as a ring, with counts and shares printed on it."""
    classes = [cls for cls in TIMELINESS_ORDER if counts.get(cls)]
    data = [
        {
            "type": "pie",
            "hole": 0.5,
            "sort": False,
            "direction": "clockwise",
            "labels": [str(Timeliness(cls).label) for cls in classes],
            "values": [int(counts[cls]) for cls in classes],
            "marker": {"colors": [TIMELINESS_COLORS[cls] for cls in classes]},
            "texttemplate": f"%{{value:{COUNT}}}<br>%{{percent:{SHARE}}}",
            "hovertemplate": f"%{{label}}: %{{value:{COUNT}}} (%{{percent:{SHARE}}})<extra></extra>",
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
