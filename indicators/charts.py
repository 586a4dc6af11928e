"""Plotly figures of the DX index, from plain data (no ORM). Views pass `figure_json(fig)` to the template."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

PROVINCE_COLOUR = "#c62828"
AVERAGE_COLOUR = "#757575"
LEADER_COLOUR = "#1565c0"
TARGET_COLOUR = "#2e7d32"


def _layout(fig: go.Figure, **kwargs) -> go.Figure:
    fig.update_layout(
        margin={"l": 40, "r": 20, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.15},
        font={"family": "system-ui, sans-serif", "size": 13},
        **kwargs,
    )
    return fig


def radar(*, labels: list[str], series: list[tuple[str, list[float | None]]], title: str = "") -> go.Figure:
    """Main-indicator values (0-1) of several series (the province first) on one radar."""
    colours = [PROVINCE_COLOUR, AVERAGE_COLOUR, LEADER_COLOUR, TARGET_COLOUR]
    fig = go.Figure()
    for i, (name, values) in enumerate(series):
        closed = [*values, values[0]] if values else values
        fig.add_trace(
            go.Scatterpolar(
                r=closed,
                theta=[*labels, labels[0]] if labels else labels,
                name=name,
                fill="toself" if i == 0 else None,
                line={"color": colours[i % len(colours)], "width": 3 if i == 0 else 2},
                opacity=0.9,
                connectgaps=False,
            )
        )
    return _layout(fig, title=title, polar={"radialaxis": {"range": [0, 1], "tickformat": ".1f"}}, height=460)


def trend(
    *,
    years: list[int],
    values: list[float | None],
    ranks: list[int | None],
    published_ranks: list[int | None],
    target_rank: int,
    labels: dict[str, str],
) -> go.Figure:
    """Value (left axis) and rank (right axis, 1 at the top) over the years, with the target rank as a line."""
    fig = go.Figure()
    fig.add_trace(go.Bar(x=years, y=values, name=labels["value"], marker_color="#90caf9", yaxis="y", opacity=0.8))
    fig.add_trace(
        go.Scatter(
            x=years,
            y=ranks,
            name=labels["rank"],
            mode="lines+markers",
            yaxis="y2",
            line={"color": PROVINCE_COLOUR, "width": 3},
            connectgaps=False,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=published_ranks,
            name=labels["published_rank"],
            mode="markers",
            yaxis="y2",
            marker={"symbol": "diamond", "size": 11, "color": "#212121"},
        )
    )
    if years:
        fig.add_trace(
            go.Scatter(
                x=[min(years) - 0.4, max(years) + 0.4],
                y=[target_rank, target_rank],
                name=labels["target"],
                mode="lines",
                yaxis="y2",
                line={"color": TARGET_COLOUR, "dash": "dash", "width": 2},
            )
        )
    all_ranks = [r for r in [*ranks, *published_ranks, target_rank] if r]
    return _layout(
        fig,
        height=380,
        xaxis={"tickmode": "array", "tickvals": years, "title": labels["year"]},
        yaxis={"range": [0, 1], "title": labels["value"]},
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "title": labels["rank"],
            "range": [max(all_ranks + [1]) + 3, 0],
            "tickformat": "d",
            "dtick": 5,
            "showgrid": False,
        },
    )


def distribution(*, names: list[str], values: list[float], highlight: str | None, labels: dict[str, str]) -> go.Figure:
    """Every province's value of one indicator, highest first, the dashboard province highlighted."""
    colours = [PROVINCE_COLOUR if n == highlight else "#90caf9" for n in names]
    fig = go.Figure(go.Bar(x=names, y=values, marker_color=colours, name=labels["value"]))
    if values:
        mean = sum(values) / len(values)
        fig.add_hline(y=mean, line_dash="dot", line_color=AVERAGE_COLOUR, annotation_text=labels["average"])
    return _layout(fig, height=420, yaxis={"range": [0, 1], "title": labels["value"]}, xaxis={"tickangle": -60})


def figure_data(fig: go.Figure) -> dict:
    """Plain JSON-able data for templates/plans/_chart.html (rendered by static/js/charts.js)."""
    return json.loads(pio.to_json(fig, validate=False, pretty=False))
