"""Plotly figures of the DX index, from plain data (no ORM). Views pass `figure_data(fig)` to the template.

Colours, number formats and the layout are the shared ones of plans/chart_style.py. Hover texts carry values
written by plans/numbers.py (the DTI tables' four decimals, decimal comma), never plotly.js's raw 0.928699.
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from plans import chart_style as style
from plans.chart_style import AVERAGE_COLOR, LEADER_COLOR, PROVINCE_COLOR, TARGET_COLOR, VALUE_COLOR
from plans.numbers import INDEX_PLACES, number_text

figure_data = style.as_data


def value_texts(values) -> list[str]:
    """DX index values as the tables write them (0,9287), for hover texts."""
    return [number_text(value, INDEX_PLACES) for value in values]


def _wrapped(label: str, width: int = 10) -> str:
    """A long axis label on several short lines, so that the radar fits a phone."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def radar(*, labels: list[str], series: list[tuple[str, list[float | None]]], title: str = "") -> go.Figure:
    """Main-indicator values (0-1) of several series (the province first) on one radar."""
    labels = [_wrapped(label) for label in labels]
    colours = [PROVINCE_COLOR, AVERAGE_COLOR, LEADER_COLOR, TARGET_COLOR]
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
                text=value_texts(closed),
                hovertemplate="%{fullData.name}<br>%{theta}: %{text}<extra></extra>",
            )
        )
    return style.styled(
        fig,
        title=title,
        polar={"radialaxis": {"range": [0, 1], "tickformat": style.INDEX_VALUE}},
        height=460,
        # Room beside the circle for the axis labels, which Plotly writes outside the plot area.
        margin={"l": 80, "r": 80, "t": 40, "b": 40},
    )


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
    fig.add_trace(
        go.Bar(
            x=years,
            y=values,
            name=labels["value"],
            marker_color=VALUE_COLOR,
            yaxis="y",
            opacity=0.8,
            text=value_texts(values),
            textposition="none",
            hovertemplate="%{fullData.name} %{x}: %{text}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=ranks,
            name=labels["rank"],
            mode="lines+markers",
            yaxis="y2",
            line={"color": PROVINCE_COLOR, "width": 3},
            connectgaps=False,
            hovertemplate=f"%{{fullData.name}} %{{x}}: %{{y:{style.RANK}}}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=published_ranks,
            name=labels["published_rank"],
            mode="markers",
            yaxis="y2",
            marker={"symbol": "diamond", "size": 11, "color": style.PUBLISHED_COLOR},
            hovertemplate=f"%{{fullData.name}} %{{x}}: %{{y:{style.RANK}}}<extra></extra>",
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
                line={"color": TARGET_COLOR, "dash": "dash", "width": 2},
                hovertemplate=f"%{{fullData.name}}: %{{y:{style.RANK}}}<extra></extra>",
            )
        )
    all_ranks = [r for r in [*ranks, *published_ranks, target_rank] if r]
    return style.styled(
        fig,
        height=380,
        xaxis={"tickmode": "array", "tickvals": years, "title": labels["year"]},
        yaxis={"range": [0, 1], "title": labels["value"]},
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "title": labels["rank"],
            "range": [max(all_ranks + [1]) + 3, 0],
            "tickformat": style.RANK,
            "dtick": 5,
            "showgrid": False,
        },
    )


def distribution(*, names: list[str], values: list[float], highlight: str | None, labels: dict[str, str]) -> go.Figure:
    """Every province's value of one indicator, highest first, the dashboard province highlighted."""
    colours = [PROVINCE_COLOR if n == highlight else VALUE_COLOR for n in names]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=values,
            marker_color=colours,
            name=labels["value"],
            text=value_texts(values),
            textposition="none",
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    if values:
        mean = sum(values) / len(values)
        average = f"{labels['average']}: {number_text(mean, INDEX_PLACES)}"
        fig.add_hline(y=mean, line_dash="dot", line_color=AVERAGE_COLOR, annotation_text=average)
    return style.styled(fig, height=420, yaxis={"range": [0, 1], "title": labels["value"]}, xaxis={"tickangle": -60})


def rank_intervals(
    *,
    names: list[str],
    ranks: list[int],
    p5: list[int],
    p95: list[int],
    highlight: str | None,
    labels: dict[str, str],
) -> go.Figure:
    """Each province's computed rank (a dot) and its 5-95 % rank interval under perturbed weights (a bar), rank 1
    at the top; the highlighted province in its own colour."""
    colours = [PROVINCE_COLOR if n == highlight else LEADER_COLOR for n in names]
    fig = go.Figure(
        go.Scatter(
            x=names,
            y=ranks,
            mode="markers",
            name=labels["rank"],
            marker={"color": colours, "size": [11 if n == highlight else 7 for n in names]},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [hi - r for r, hi in zip(ranks, p95, strict=True)],
                "arrayminus": [r - lo for r, lo in zip(ranks, p5, strict=True)],
                "color": AVERAGE_COLOR,
                "thickness": 1.5,
            },
            customdata=list(zip(p5, p95, strict=True)),
            hovertemplate="%{x}: %{y} (%{customdata[0]}–%{customdata[1]})<extra></extra>",
        )
    )
    return style.styled(
        fig,
        height=380,
        showlegend=False,
        xaxis={"tickangle": -60, "tickfont": {"size": 9}},
        yaxis={"title": labels["axis"], "range": [max(p95 + [1]) + 1, 0], "tickformat": style.RANK, "dtick": 5},
    )
