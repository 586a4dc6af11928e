"""Every chart of every page, in Vietnamese: plotly.js's Vietnamese locale served from our static files, a mode bar
with the download button only (no "Share chart", no cloud, no link that sends data off the server), Vietnamese
labels, separators "," and "." and a hover template on every trace (never plotly.js's raw 0.928699)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from indicators import demo
from indicators.models import Indicator, Province
from plans import chart_style
from tests.conftest import client_for
from tests.plans.pages_data import build_programme

# English words that would leak from plotly.js or from an untranslated label into a Vietnamese chart.
ENGLISH = re.compile(
    r"\b(Download plot|Share chart|Share|Chart Studio|Zoom|Pan|Autoscale|Reset axes|Produced with|Edit chart|"
    r"Progress|Tasks?|Month|Today|Overdue|Completed|Not yet due|No deadline|Ongoing|Start date|Due date|Value|"
    r"Rank|Average|Target|Year)\b"
)
CLOUD = re.compile(r"sendDataToCloud|editInChartStudio|plot\.ly|chart-studio|plotly\.com", re.IGNORECASE)
JSON_SCRIPT = re.compile(r'<script id="([^"]+)" type="application/json">(.*?)</script>', re.DOTALL)


def strings(value):
    """Every string value in a JSON document (not its keys)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def english(value) -> list[str]:
    return [text for text in strings(value) if ENGLISH.search(text)]


@pytest.fixture
def pages(db):
    cache.clear()
    demo.load()
    programme = build_programme()
    province = Province.objects.get(name="Nam Định", group="63")
    indicator = Indicator.objects.get(framework__code="922/QĐ-BTTTT", code="CQS")
    return [
        reverse("plans:overview"),
        reverse("plans:plan_detail", args=[programme["plans"][0].pk]),
        reverse("plans:unit_detail", args=[programme["units"][0].pk]),
        reverse("plans:leader_detail", args=[programme["heads"][0].pk]),
        reverse("indicators:province", args=[province.pk]),
        reverse("indicators:indicator", args=[indicator.pk]),
        reverse("indicators:ranking"),
    ]


def test_the_config_has_one_download_button_in_vietnamese_and_nothing_that_leaves_the_server():
    with translation.override("vi"):
        config = chart_style.plotly_config()
    assert config["modeBarButtons"] == [["toImage"]]
    assert config["showSendToCloud"] is False and config["showEditInChartStudio"] is False
    assert config["showLink"] is False and config["plotlyServerURL"] == "" and config["displaylogo"] is False
    assert config["locale"] == "vi"
    dictionary = config["locales"]["vi"]["dictionary"]
    assert dictionary["Download plot as a PNG"] == "Tải biểu đồ về dạng ảnh PNG"
    assert not english(dictionary), "a mode bar label is not translated"
    with translation.override("en"):
        assert chart_style.plotly_config()["locale"] == "en"


def test_every_chart_on_every_page_is_vietnamese_and_keeps_its_data_home(pages):
    client = client_for(None)
    seen_charts = 0
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        blocks = {name: json.loads(text) for name, text in JSON_SCRIPT.findall(html)}
        charts = {name: fig for name, fig in blocks.items() if name.startswith("chart-")}
        if not charts:
            continue
        seen_charts += len(charts)
        assert "/static/vendor/plotly-locale-vi.js" in html, url
        config = blocks["plotly-config"]
        assert config["modeBarButtons"] == [["toImage"]] and config["locale"] == "vi", url
        assert not [text for text in strings(config) if CLOUD.search(text)], url
        for name, fig in charts.items():
            where = f"{url} {name}"
            assert fig["layout"]["separators"] == ",.", where
            assert not english(fig), f"{where}: English in the chart: {english(fig)}"
            assert not [text for text in strings(fig) if CLOUD.search(text)], where
            for trace in fig["data"]:
                assert trace.get("hovertemplate"), f"{where}: a trace without a hover template"
    # The pages above carry at least the overview's four charts, a donut and a timeline on the plan and unit
    # pages, the head's donut, the radar and trend, the distribution.
    assert seen_charts >= 12


def test_charts_js_hands_plotly_the_page_config_and_no_cloud_option():
    script = (Path(settings.BASE_DIR) / "static" / "js" / "charts.js").read_text()
    assert 'getElementById("plotly-config")' in script
    assert "showSendToCloud: true" not in script and "sendDataToCloud" not in script
    locale = (Path(settings.BASE_DIR) / "static" / "vendor" / "plotly-locale-vi.js").read_text()
    assert '"name":"vi"' in locale and "Tháng 1" in locale and "sourceMappingURL" not in locale
    assert (Path(settings.BASE_DIR) / "static" / "vendor" / "plotly.js-locales.LICENSE").exists()
