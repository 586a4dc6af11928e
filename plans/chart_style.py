"""The look every chart shares: colours, number formats and layout (plans/charts.py, indicators/charts.py).

Colours are the hex values of the --dxt-* variables in static/css/dxtracker.css (tests hold them equal), so a
class or a series has the same colour in a chart, a badge and a table. Numbers use the active language's
separators (Vietnamese: 1.234,5). Figures carry no plotly.py default template: it would add ~7 kB of trace
defaults to every figure's JSON.
"""

from __future__ import annotations

import plotly.graph_objects as go
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from plans.models import Timeliness

# The palette.
GREEN = "#2e7d32"
AMBER = "#f9a825"
BLUE = "#1565c0"
RED = "#c62828"
GREY = "#757575"
LIGHT_GREY = "#bdbdbd"
LIGHT_BLUE = "#90caf9"
INK = "#212121"
GRID = "#e9ecef"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

# One colour per timeliness class everywhere.
TIMELINESS_COLORS: dict[str, str] = {
    Timeliness.DONE_ON_TIME: GREEN,
    Timeliness.DONE_LATE: AMBER,
    Timeliness.ON_TRACK: BLUE,
    Timeliness.OVERDUE: RED,
    Timeliness.NO_DEADLINE: GREY,
    Timeliness.CANCELLED: LIGHT_GREY,
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
PROGRESS_COLOR = BLUE
# The DX index series: the province, the average, the leader, the target-rank province.
PROVINCE_COLOR = RED
AVERAGE_COLOR = GREY
LEADER_COLOR = BLUE
TARGET_COLOR = GREEN
VALUE_COLOR = LIGHT_BLUE  # bars of values behind a highlighted province
PUBLISHED_COLOR = INK

# Number formats (d3-format, as Plotly reads them; the separators come from `separators()`).
COUNT = ",d"  # 1.234 tasks
PERCENT = ".1f"  # progress on a 0-100 scale: 45,3 (the "%" is printed after it)
SHARE = ".1%"  # a share of a whole: 12,5%
INDEX_VALUE = ".1f"  # a DX index value on the 0-1 scale
RANK = "d"


# plotly.js's own interface strings that a reader of our charts can meet (the mode bar, the double-click hints),
# translated through the .po catalogues and handed to plotly.js as its locale dictionary (`plotly_config`). The
# Vietnamese date format (month and day names) comes from the vendored locale, static/vendor/plotly-locale-vi.js.
PLOTLY_STRINGS: dict[str, str] = {
    "Download plot as a PNG": _("Download the chart as a PNG image"),
    "Download plot as a png": _("Download the chart as a PNG image"),
    "Download plot": _("Download the chart"),
    "Double-click to zoom back out": _("Double-click to zoom back out"),
    "Double-click on legend to isolate one trace": _("Double-click a legend entry to show it alone"),
    "Zoom": _("Zoom"),
    "Pan": _("Pan"),
    "Zoom in": _("Zoom in"),
    "Zoom out": _("Zoom out"),
    "Autoscale": _("Fit to the data"),
    "Reset axes": _("Reset the axes"),
    "Reset": _("Reset"),
    "Box Select": _("Select with a box"),
    "Lasso Select": _("Select freehand"),
    "Show closest data on hover": _("Show the closest value on hover"),
    "Compare data on hover": _("Compare values on hover"),
    "Toggle Spike Lines": _("Show or hide guide lines"),
    "Toggle show closest data on hover": _("Show or hide the closest value on hover"),
}
# The mode bar holds one button: download as PNG. No "Share chart" / Chart Studio button and no link: nothing in
# a chart sends data off the server.
MODEBAR_BUTTONS = [["toImage"]]


def plotly_locale() -> str:
    """plotly.js's locale for the active language: "vi" (the vendored locale) or its built-in "en"."""
    return "en" if (translation.get_language() or "vi").startswith("en") else "vi"


def plotly_config() -> dict:
    """The plotly.js config of every chart (static/js/charts.js reads it from the page): the active language's
    locale and labels, the download button only, no cloud, no link out."""
    locale = plotly_locale()
    return {
        "locale": locale,
        "locales": {locale: {"dictionary": {key: str(label) for key, label in PLOTLY_STRINGS.items()}}},
        "responsive": True,
        "displaylogo": False,
        "modeBarButtons": MODEBAR_BUTTONS,
        "showLink": False,
        "linkText": "",
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "plotlyServerURL": "",
        "toImageButtonOptions": {"format": "png", "filename": "dxtracker"},
    }


# A date axis's ticks as Vietnamese writes dates, level and narrow: "15/11" over "2026" for days and weeks,
# "11/2026" for months, "2026" for years.
DATE_TICKS = [
    {"dtickrange": [None, 14 * 24 * 60 * 60 * 1000], "value": "%d/%m<br>%Y"},  # ticks up to two weeks apart
    {"dtickrange": ["M1", "M6"], "value": "%m/%Y"},
    {"dtickrange": ["M12", None], "value": "%Y"},
]
# At most this many labelled date ticks: four fit side by side, level, on a phone's 390 px beside the tasks'
# labels (plotly.js's own choice is four to nine, which it then turns sideways to fit). Dotted unlabelled lines
# between them keep a wide screen's chart easy to read.
DATE_TICK_COUNT = 4


def date_axis(**extra) -> dict:
    """A date axis readable on a phone: level labels (never turned sideways), few of them, short dates."""
    return {
        "type": "date",
        "gridcolor": GRID,
        "automargin": True,
        "tickangle": 0,
        "nticks": DATE_TICK_COUNT,
        "tickformatstops": DATE_TICKS,
        "tickfont": {"size": 11},
        "minor": {"showgrid": True, "gridcolor": GRID, "griddash": "dot"},
        **extra,
    }


def separators() -> str:
    """Plotly's decimal then thousands separator for the active language (Vietnamese: "," then ".")."""
    return ".," if (translation.get_language() or "vi").startswith("en") else ",."


def layout(**extra) -> dict:
    """The shared layout, with `extra` (axes, height, a chart's own margin) over it."""
    base = {
        "separators": separators(),
        "font": {"family": FONT, "size": 13},
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.25},
        "hoverlabel": {"namelength": -1},
        "template": {},
    }
    base.update(extra)
    return base


def titled_layout(**extra) -> dict:
    """The shared layout for a chart with a title and axis titles of its own (the DX index pages): room for
    them around the plot, and the legend closer below it. The progress pages' charts are titled by the page."""
    return layout(
        **{"margin": {"l": 40, "r": 20, "t": 40, "b": 40}, "legend": {"orientation": "h", "y": -0.15}, **extra}
    )


def styled(fig: go.Figure, **extra) -> go.Figure:
    """A figure built with plotly's graph objects, given the titled layout (in place)."""
    # On an existing figure, `template={}` would merge into plotly's default template; None removes it.
    fig.update_layout(**{**titled_layout(**extra), "template": None})
    return fig


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A figure built without plotly's per-property validation (~10 ms a figure on this machine); the tests
    re-validate every figure through `go.Figure(fig.to_dict())`."""
    return go.Figure(data=data, layout=layout, _validate=False)


def as_data(fig: go.Figure) -> dict:
    """The figure as plain JSON-able data, for `json_script` in templates/plans/_chart.html."""
    return fig.to_dict()
