"""plans.charts: plain data in, a valid Plotly figure out, in the one set of timeliness colours."""

import datetime as dt
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest
from django.conf import settings
from django.utils import translation

from plans import charts
from plans.models import Timeliness

CSS = Path(settings.BASE_DIR) / "static" / "css" / "dxtracker.css"


def valid(fig: go.Figure) -> go.Figure:
    """Re-validate: the charts are built without plotly.py's validation, so a typo would only show here."""
    return go.Figure(fig.to_dict())


def shown(template: str, separators: str, **values) -> str:
    """The text Plotly prints for `template` (its %{name:format} fields, d3-format, which for these formats
    reads as Python's), with the figure's decimal and thousands separators, and no <extra> box."""

    def field(match: re.Match) -> str:
        name, _, spec = match.group(1).partition(":")
        text = format(values[name], spec) if spec else str(values[name])
        return text.translate(str.maketrans({".": separators[0], ",": separators[1]})) if spec else text

    return re.sub(r"%\{([^}]+)\}", field, template).replace("<extra></extra>", "")


def test_timeliness_colours_match_the_css_variables():
    css = CSS.read_text()
    for cls, colour in charts.TIMELINESS_COLORS.items():
        var = "--dxt-" + cls.replace("_", "-")
        found = re.search(rf"{var}:\s*(#[0-9a-fA-F]{{6}})", css)
        assert found, f"{var} missing from dxtracker.css"
        assert found.group(1).lower() == colour.lower(), cls
    assert set(charts.TIMELINESS_COLORS) == set(Timeliness.values) == set(charts.TIMELINESS_ORDER)


def test_stacked_bars_one_trace_per_class_present_in_its_colour():
    rows = [("Sở Y tế", {"overdue": 3, "done_on_time": 5}), ("Sở TT&TT", {"overdue": 1, "on_track": 2})]
    with translation.override("vi"):
        fig = valid(charts.timeliness_stacked_bars(rows, title="Tiến độ"))
        expected = [str(Timeliness(c).label) for c in ("done_on_time", "on_track", "overdue")]
    assert [t.name for t in fig.data] == expected
    by_colour = {t.marker.color: list(t.x) for t in fig.data}
    assert by_colour[charts.TIMELINESS_COLORS["overdue"]] == [3, 1]
    assert by_colour[charts.TIMELINESS_COLORS["done_on_time"]] == [5, 0]
    assert list(fig.data[0].y) == ["Sở Y tế", "Sở TT&TT"]
    assert fig.layout.barmode == "stack"


def test_donut_leaves_out_empty_classes_and_keeps_the_order():
    fig = valid(charts.timeliness_donut({"overdue": 2, "done_on_time": 6, "done_late": 0}, title="t"))
    pie = fig.data[0]
    assert list(pie.values) == [6, 2]
    assert list(pie.marker.colors) == [charts.TIMELINESS_COLORS["done_on_time"], charts.TIMELINESS_COLORS["overdue"]]


def test_progress_bars_print_each_value_on_a_0_100_scale():
    fig = valid(charts.progress_bars([("Chính quyền số", 45.25), ("Kinh tế số", None)], title="t"))
    bar = fig.data[0]
    # Rounded half up (Python's round() would give 45.2), as every table rounds.
    assert list(bar.x) == [45.3, 0]
    assert list(bar.text) == ["45,3%", "—"]
    assert list(bar.y) == ["Chính quyền số", "Kinh tế số"]
    assert tuple(fig.layout.xaxis.range) == (0, 100)


@pytest.mark.parametrize(
    ("language", "label", "hover"), [("vi", "45,3%", "Y tế: 45,3%"), ("en", "45.3%", "Y tế: 45.3%")]
)
def test_progress_bars_read_as_percent_with_one_decimal(language, label, hover):
    with translation.override(language):
        fig = valid(charts.progress_bars([("Y tế", 45.26)], title="t"))
    bar, sep = fig.data[0], fig.layout.separators
    assert shown(bar.texttemplate, sep, x=bar.x[0], text=bar.text[0]) == label
    assert shown(bar.hovertemplate, sep, x=bar.x[0], y=bar.y[0], text=bar.text[0]) == hover


@pytest.mark.parametrize(("language", "count"), [("vi", "1.234"), ("en", "1,234")])
def test_stacked_bars_hover_prints_counts_with_thousands_separators(language, count):
    with translation.override(language):
        fig = valid(charts.timeliness_stacked_bars([("Sở Y tế", {"overdue": 1234})], title="t"))
        overdue = str(Timeliness.OVERDUE.label)
    trace = fig.data[0]
    values = {"x": trace.x[0], "y": trace.y[0], "fullData.name": trace.name}
    assert shown(trace.hovertemplate, fig.layout.separators, **values) == f"Sở Y tế<br>{overdue}: {count}"


def test_donut_prints_count_and_share_of_the_whole():
    with translation.override("vi"):
        fig = valid(charts.timeliness_donut({"overdue": 1, "done_on_time": 7}, title="t"))
        overdue = str(Timeliness.OVERDUE.label)
    pie, sep = fig.data[0], fig.layout.separators
    # The share of the whole (1 of 8) is written in Python, not by Plotly's %{percent}.
    assert shown(pie.texttemplate, sep, value=pie.values[1], text=pie.text[1]) == "1<br>12,5%"
    assert shown(pie.hovertemplate, sep, label=pie.labels[1], value=1, text=pie.text[1]) == f"{overdue}: 1 (12,5%)"


def test_completions_per_month_labels_months_dd_mm_and_stacks_on_time_and_late():
    rows = [(dt.date(2025, 1, 1), 4, 1), (dt.date(2025, 2, 1), 0, 2)]
    fig = valid(charts.completions_per_month(rows, title="t"))
    assert list(fig.data[0].x) == ["01/2025", "02/2025"]
    assert list(fig.data[0].y) == [4, 0] and list(fig.data[1].y) == [1, 2]
    assert fig.data[0].marker.color == charts.TIMELINESS_COLORS["done_on_time"]
    assert fig.data[1].marker.color == charts.TIMELINESS_COLORS["done_late"]


@pytest.mark.parametrize(("language", "separators"), [("vi", ",."), ("en", ".,")])
def test_number_format_follows_the_language(language, separators):
    with translation.override(language):
        fig = charts.timeliness_donut({"overdue": 1234}, title="t")
        label = fig.to_dict()["data"][0]["labels"][0]
        expected = str(Timeliness.OVERDUE.label)
    assert fig.layout.separators == separators
    assert label == expected
    if language == "en":
        assert label == "Overdue"


def test_figures_are_json_ready_without_the_default_template():
    data = charts.as_data(charts.progress_bars([("a", 10.0)], title="t"))
    assert set(data) >= {"data", "layout"}
    assert data["layout"].get("template") in ({}, None)


@pytest.mark.parametrize(("language", "separators"), [("vi", ",."), ("en", ".,")])
def test_index_charts_share_the_progress_charts_look(language, separators):
    from indicators import charts as index_charts

    with translation.override(language):
        radar = index_charts.figure_data(index_charts.radar(labels=["A", "B"], series=[("Nam Định", [0.5, 0.7])]))
        progress = charts.as_data(charts.progress_bars([("a", 1.0)], title="t"))
    assert radar["layout"]["separators"] == separators
    assert radar["layout"]["font"] == progress["layout"]["font"]
    # No plotly.py default template (its ~7 kB would travel with every figure), as on the progress pages.
    assert radar["layout"]["template"] in ({}, None)
    assert len(str(radar)) < 2000
