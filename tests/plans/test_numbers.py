"""One rounding rule (plans/numbers.py): round half up, one decimal, decimal comma; the same text in a chart, the
figures table beside it, and the export."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from plans import charts
from plans.exports import table_rows
from plans.models import Pillar, Status, Timeliness
from plans.numbers import percent_text, round_half_up, rounded, share
from plans.selectors import plans as plan_selectors
from plans.tables import PlanTable
from plans.templatetags.pages import pct
from tests import factories


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (62.75, "62,8%", "62.8%"),  # Django's number_format cut it to 62,7 (the pillar chart's mismatch)
        (62.25, "62,3%", "62.3%"),  # Python's round() gives 62.2 (half to even)
        (0.05, "0,1%", "0.1%"),
        (5.4545, "5,5%", "5.5%"),  # 6 of 110: the donut's mismatch (table 5,4%)
        (99.95, "100,0%", "100.0%"),
        (Decimal("1.15"), "1,2%", "1.2%"),
        (None, "—", "—"),
    ],
)
def test_percentages_round_half_up_in_the_active_language(value, vi, en):
    with translation.override("vi"):
        assert percent_text(value) == vi
        assert pct(value) == vi  # the template filter of every page
    with translation.override("en"):
        assert percent_text(value) == en


def test_rounding_keeps_a_written_half_a_half():
    # 1.005 is stored as 1.00499999…; the rule rounds the number as written, like a person would.
    assert round_half_up(1.005, 2) == Decimal("1.01")
    assert rounded(2.675, 2) == 2.68
    assert rounded(45.5, 0) == 46 and rounded(44.5, 0) == 45  # round() gives 46 and 44
    assert share(6, 110) == pytest.approx(5.4545, abs=1e-4)
    assert share(1, 16) == 6.25 and share(3, 0) is None


def cell(text: str, label: str) -> str:
    """The figure printed next to `label` in a figures table (`<th scope="row">label</th><td …>figure</td>`)."""
    found = re.search(rf'<th scope="row">{re.escape(html.escape(label))}</th><td class="text-end">([^<]*)</td>', text)
    assert found, f"no figures row for {label}"
    return found.group(1)


@pytest.fixture
def pillar_at_62_25(db):
    """Four top-level tasks of one pillar at 62, 62, 62 and 63 %: a mean of 62.25 (half up: 62,3%; half to even
    and truncation: 62,2%)."""
    plan = factories.PlanFactory()
    for progress in (62, 62, 62, 63):
        factories.TaskFactory(plan=plan, pillar=Pillar.DIGITAL_GOVERNMENT, progress=progress)
    return plan


def test_pillar_chart_its_figures_table_and_the_plan_export_print_the_same_figure(client, pillar_at_62_25):
    response = client.get(reverse("plans:overview"))
    text = response.content.decode()
    label = str(Pillar.DIGITAL_GOVERNMENT.label)
    bar = response.context["charts"]["pillar"]["data"][0]
    on_chart = bar["text"][bar["y"].index(label)]
    assert bar["texttemplate"] == "%{text}" and "%{text}" in bar["hovertemplate"]
    assert on_chart == cell(text, label) == "62,3%"
    # The plans list and its export: the same rounding, a number in the export.
    rows = plan_selectors.plan_rows()
    exported = list(table_rows(PlanTable(rows)))
    column = exported[0].index("Tiến độ")
    assert exported[1][column] == 62.3
    assert PlanTable(rows).render_progress(rows[0]["progress"]) == "62,3%"


@pytest.fixture
def one_overdue_of_sixteen(db):
    """16 tasks of one plan, one overdue: a share of 6.25 % exactly (half up: 6,3%; d3 and round() differ)."""
    plan = factories.PlanFactory()
    unit = factories.UnitFactory()
    for _ in range(15):
        factories.TaskFactory(plan=plan, lead_unit=unit)
    factories.TaskFactory(
        plan=plan,
        lead_unit=unit,
        start_date=dt.date(2019, 1, 1),
        due_date=dt.date(2020, 1, 1),
        status=Status.IN_PROGRESS,
    )
    return plan, unit


@pytest.mark.parametrize("page", ["plans:plan_detail", "plans:unit_detail"])
def test_donut_and_its_timeliness_table_print_the_same_share(client, one_overdue_of_sixteen, page):
    plan, unit = one_overdue_of_sixteen
    response = client.get(reverse(page, args=[plan.pk if page == "plans:plan_detail" else unit.pk]))
    pie = response.context["chart"]["data"][0]
    overdue = str(Timeliness.OVERDUE.label)
    on_chart = pie["text"][pie["labels"].index(overdue)]
    assert "%{text}" in pie["texttemplate"] and "%{percent" not in pie["texttemplate"] + pie["hovertemplate"]
    in_table = re.search(
        r'tl-overdue">[^<]*</span></td><td class="text-end">1</td><td class="text-end">([^<]*)</td>',
        response.content.decode(),
    )
    assert on_chart == in_table.group(1) == "6,3%"
    on_track = pie["text"][pie["labels"].index(str(Timeliness.ON_TRACK.label))]
    assert on_track == "93,8%"  # 15 of 16 = 93.75


def test_donut_of_six_in_a_hundred_and_ten_says_5_5_percent_like_its_table():
    with translation.override("vi"):
        fig = charts.timeliness_donut({"overdue": 6, "on_track": 104}, title="t").to_dict()
        assert fig["data"][0]["text"][1] == pct(share(6, 110)) == "5,5%"


def test_dti_hover_prints_index_values_as_the_tables_do():
    from indicators import charts as index_charts

    labels = {"value": "Giá trị", "rank": "Hạng", "published_rank": "Hạng công bố", "target": "Mục tiêu", "year": "Năm"}
    with translation.override("vi"):
        trend = index_charts.trend(
            years=[2023, 2024],
            values=[0.928699, 0.41235],
            ranks=[3, 2],
            published_ranks=[3, None],
            target_rank=1,
            labels=labels,
        ).to_dict()
        radar = index_charts.radar(labels=["A", "B"], series=[("Tỉnh", [0.928699, 0.5])]).to_dict()
        spread = index_charts.distribution(
            names=["X", "Y"], values=[0.928699, 0.1], highlight="X", labels={"value": "Giá trị", "average": "TB"}
        ).to_dict()
    assert trend["data"][0]["text"] == ["0,9287", "0,4124"]  # 0.41235 → half up
    assert "%{text}" in trend["data"][0]["hovertemplate"]
    assert radar["data"][0]["text"][:2] == ["0,9287", "0,5000"]
    assert "%{text}" in radar["data"][0]["hovertemplate"]
    assert spread["data"][0]["text"] == ["0,9287", "0,1000"]
    for fig in (trend, radar, spread):
        for trace in fig["data"]:
            assert "hovertemplate" in trace, "a trace without a hover template prints plotly.js's raw value"


@pytest.mark.parametrize(("value", "text"), [(62.25, "62,3"), (62.75, "62,8"), (5.4545, "5,5"), (99.95, "100,0")])
def test_the_report_documents_round_as_the_pages_do(value, text):
    from reports.formatting import number

    assert number(value) == text
    with translation.override("vi"):
        assert percent_text(value) == f"{text}%"
