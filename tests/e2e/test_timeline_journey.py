"""An official opens a plan in Chromium: the timeline draws, its date axis speaks Vietnamese (plotly.js's locale
served from our static files), and every chart's mode bar holds one button, "download as PNG", in Vietnamese.
On a phone (390 × 844) the plan's and the unit's timelines keep their date labels level, apart and inside the
chart."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plans.models import Status
from tests import factories
from tests.plans.pages_data import build_programme

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
# A date tick as Vietnamese writes it: 15/11 over 2026 (its text: "15/112026"), 11/2026 or 2026.
DATE_TICK = re.compile(r"^(\d{2}/\d{2}\d{4}|\d{2}/\d{4}|\d{4})$")
PHONE = {"width": 390, "height": 844}
# Each x tick label: its text, its transform (plotly.js writes "rotate(…)" there to turn a label sideways) and
# its box on the screen.
TICKS_JS = """el => [...el.querySelectorAll('.xtick text')].map(t => {
  const box = t.getBoundingClientRect();
  return {text: t.textContent, transform: t.getAttribute('transform') || '', left: box.left, right: box.right,
          top: box.top, bottom: box.bottom, width: box.width, height: box.height};
})"""
DOWNLOAD = "Tải biểu đồ về dạng ảnh PNG"


@pytest.fixture
def plan(db):
    today = timezone.localdate()
    plan = factories.PlanFactory()
    unit = factories.UnitFactory()
    on = {"plan": plan, "lead_unit": unit}
    # Dates over a year, so that the axis ticks are months; titles as long as plans write them, so that the
    # tasks' labels take on a phone the room they take in real plans.
    title = "Xây dựng nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) và kết nối"
    parent = factories.TaskFactory(code="1", title=title, start_date=today - dt.timedelta(days=200), **on)
    factories.TaskFactory(code="1.1", title=title, parent=parent, due_date=today + dt.timedelta(days=200), **on)
    factories.TaskFactory(code="1.2", title=title, parent=parent, status=Status.NOT_STARTED, **on)
    factories.TaskFactory(code="2", title=title, is_ongoing=True, due_date=None, **on)
    return plan


def assert_one_vietnamese_download_button(page, chart):
    chart.hover()
    buttons = chart.locator(".modebar-btn")
    expect(buttons).to_have_count(1)
    expect(buttons.first).to_have_attribute("data-title", DOWNLOAD)
    assert chart.locator('.modebar-btn[data-title*="Share"], .modebar-btn[data-title*="Download"]').count() == 0
    assert chart.locator("a[href*='plot.ly'], a[href*='plotly.com']").count() == 0


def test_plan_timeline_draws_with_vietnamese_months(live_server, page, plan):
    page.goto(live_server.url + f"/plans/{plan.pk}/")
    chart = page.locator("#chart-timeline")
    expect(chart).to_have_attribute("data-drawn", "true", timeout=20_000)
    # One bar per task with dates (4), the ongoing one hatched; today's dotted line is a layout shape.
    assert chart.locator(".barlayer .point").count() == 4
    ticks = chart.locator(".xtick text").all_text_contents()
    assert ticks and all(DATE_TICK.match(tick) for tick in ticks), ticks
    expect(chart.locator(".annotation-text")).to_contain_text("Hôm nay")
    # The month names come from the Vietnamese locale (static/vendor/plotly-locale-vi.js) where a format names
    # them: the axis asked for one shows "Tháng 11 2026", never "Nov 2026".
    page.evaluate(
        "el => Plotly.relayout(el, {'xaxis.tickformatstops': [], 'xaxis.tickformat': '%b %Y'})", chart.element_handle()
    )
    named = " ".join(chart.locator(".xtick text").all_text_contents())
    assert "Tháng" in named and not ENGLISH_MONTHS.search(named), named
    assert_one_vietnamese_download_button(page, chart)


def assert_level_and_apart(chart) -> None:
    """The date labels are not turned, do not overlap one another, and stay inside the chart."""
    # plotly.js keeps a label past the axis's end in the page, hidden (no box): only the shown ones count.
    ticks = [tick for tick in chart.evaluate(TICKS_JS) if tick["width"] > 0]
    assert len(ticks) >= 2, ticks
    for tick in ticks:
        assert "rotate" not in tick["transform"] or re.search(r"rotate\(0[ ,)]", tick["transform"]), tick
        assert DATE_TICK.match(tick["text"]), tick
    ticks.sort(key=lambda t: t["left"])
    for left, right in zip(ticks, ticks[1:], strict=False):
        assert left["right"] <= right["left"], f"labels overlap: {left} {right}"
    box = chart.bounding_box()
    assert box["x"] <= ticks[0]["left"] and ticks[-1]["right"] <= box["x"] + box["width"], (box, ticks)
    assert box["x"] + box["width"] <= PHONE["width"], box


@pytest.fixture
def short_plan(db):
    """Tasks over weeks, so that the axis ticks are days."""
    today = timezone.localdate()
    plan = factories.PlanFactory()
    on = {"plan": plan, "lead_unit": factories.UnitFactory()}
    title = "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực"
    factories.TaskFactory(code="1", title=title, start_date=today - dt.timedelta(days=12), **on)
    factories.TaskFactory(code="2", title=title, due_date=today + dt.timedelta(days=20), **on)
    return plan


@pytest.mark.parametrize("span", ["months", "weeks"])
def test_the_timelines_date_labels_stay_level_and_apart_on_a_phone(
    live_server, browser, browser_context_args, span, request
):
    plan = request.getfixturevalue("plan" if span == "months" else "short_plan")
    context = browser.new_context(**browser_context_args, viewport=PHONE)
    page = context.new_page()
    unit = plan.tasks.first().lead_unit
    for url in (f"/plans/{plan.pk}/", f"/units/{unit.pk}/"):
        page.goto(live_server.url + url)
        chart = page.locator("#chart-timeline")
        expect(chart).to_have_attribute("data-drawn", "true", timeout=20_000)
        assert_level_and_apart(chart)
    context.close()


def test_every_overview_chart_has_only_the_vietnamese_download_button(live_server, page):
    build_programme(units=3, plans=2, tasks_per_plan=6, updates_per_task=1)
    page.goto(live_server.url + "/")
    for name in ("pillar", "field", "unit", "months"):
        chart = page.locator(f"#chart-{name}")
        expect(chart).to_have_attribute("data-drawn", "true", timeout=20_000)
        assert_one_vietnamese_download_button(page, chart)
