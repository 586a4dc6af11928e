"""Plotly figures for the progress pages: plain data in, a Plotly figure out; no ORM, no request.

One colour per timeliness class everywhere (the same hex values as the CSS variables in
static/css/dxtracker.css). Labels come from the active language; numbers use its separators
(Vietnamese: 1.234,5). Figures are built without plotly's per-property validation, which costs ~10 ms a
figure on this machine; tests/plans/test_charts.py re-validates every figure through `go.Figure(fig.to_dict())`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import plotly.graph_objects as go
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plans.models import Timeliness

# Must match the --dxt-* variables in static/css/dxtracker.css (tests hold them equal).
TIMELINESS_COLORS: dict[str, str] = {
    Timeliness.DONE_ON_TIME: "#2e7d32",
    Timeliness.DONE_LATE: "#f9a825",
    Timeliness.ON_TRACK: "#1565c0",
    Timeliness.OVERDUE: "#c62828",
    Timeliness.NO_DEADLINE: "#757575",
    Timeliness.CANCELLED: "#bdbdbd",
}
# The order in which classes are stacked and listed: finished first, then open, then the rest.
TIMELINESS_ORDER: list[str] = [
    Timeliness.DONE_ON_TIME,
    Timeliness.DONE_LATE,
    Timeliness.ON_TRACK,
    Timeliness.OVERDUE,
    Timeliness.NO_DEADLINE,
    Timeliness.CANCELLED,
]
PROGRESS_COLOR = "#1565c0"
GRID = "#e9ecef"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def separators() -> str:
    """Plotly's decimal then thousands separator for the active language (Vietnamese: "," then ".")."""
    return ".," if (translation.get_language() or "vi").startswith("en") else ",."


def _layout(**extra) -> dict:
    layout = {
        "separators": separators(),
        "font": {"family": FONT, "size": 13},
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.25},
        "hoverlabel": {"namelength": -1},
        # No plotly.py default template: it would add ~7 kB of trace defaults to every figure's JSON.
        "template": {},
    }
    layout.update(extra)
    return layout


def _figure(data: list[dict], layout: dict) -> go.Figure:
    return go.Figure(data=data, layout=layout, _validate=False)


def as_data(fig: go.Figure) -> dict:
    """The figure as plain JSON-able data, for `json_script` in a template."""
    return fig.to_dict()


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
            "texttemplate": "%{x:.1f}%",
            "textposition": "auto",
            "hovertemplate": "%{y}: %{x:.1f}%<extra></extra>",
            "name": _("Progress"),
        }
    ]
    layout = _layout(
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
    return _figure(data, layout)


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
                "hovertemplate": "%{y}<br>%{fullData.name}: %{x:,d}<extra></extra>",
            }
        )
    layout = _layout(
        meta={"title": title},
        barmode="stack",
        xaxis={"title": {"text": _("Tasks")}, "tickformat": ",d", "gridcolor": GRID, "automargin": True},
        yaxis={"autorange": "reversed", "automargin": True},
        height=max(260, 110 + 30 * len(rows)),
    )
    return _figure(data, layout)


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
            "texttemplate": "%{value:,d}<br>%{percent:.1%}",
            "hovertemplate": "%{label}: %{value:,d} (%{percent:.1%})<extra></extra>",
        }
    ]
    layout = _layout(meta={"title": title}, height=340)
    return _figure(data, layout)


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
            "hovertemplate": "%{x}<br>%{fullData.name}: %{y:,d}<extra></extra>",
        }
        for cls, values in series
    ]
    layout = _layout(
        meta={"title": title},
        barmode="stack",
        xaxis={"type": "category", "title": {"text": _("Month")}, "automargin": True},
        yaxis={"title": {"text": _("Tasks completed")}, "tickformat": ",d", "gridcolor": GRID, "automargin": True},
        height=340,
    )
    return _figure(data, layout)
